import { describe, expect, it } from "vitest";

import { attemptsFromEvents, mergeLog, type InstanceEventRow } from "./log";

describe("mergeLog", () => {
  it("appends live lines to the stored text", () => {
    expect(mergeLog("a\nb\n", ["c", "d"])).toBe("a\nb\nc\nd\n");
    expect(mergeLog("", ["c"])).toBe("c\n");
    expect(mergeLog("a", ["c"])).toBe("a\nc\n");
    expect(mergeLog("a\n", [])).toBe("a\n");
  });

  it("leaves out live lines the stored text already has", () => {
    expect(mergeLog("a\nb\nc\n", ["b", "c", "d"])).toBe("a\nb\nc\nd\n");
    expect(mergeLog("a\nb\nc\nd\n", ["b", "c"])).toBe("a\nb\nc\nd\n");
    expect(mergeLog("a\nb\nc\n", ["a", "b", "c"])).toBe("a\nb\nc\n");
  });
});

let id = 0;
const event = (from: string, to: string, attempt: number, reason = "", at = "2024-01-01T00:00:00Z"): InstanceEventRow => ({
  id: ++id,
  from_status: from,
  to_status: to,
  attempt,
  reason,
  message: reason === "sql" ? "syntax error" : "",
  actor: null,
  created_at: at,
});

describe("attemptsFromEvents", () => {
  it("makes one row per attempt, newest first, with outcomes", () => {
    const events = [
      event("pending", "queued", 0, "ready"),
      event("queued", "running", 1, "started", "2024-01-01T00:00:01Z"),
      event("running", "pending", 1, "retry_after_sql", "2024-01-01T00:00:05Z"),
      event("pending", "queued", 1, "ready"),
      event("queued", "running", 2, "started", "2024-01-01T00:01:00Z"),
      event("running", "failed", 2, "sql", "2024-01-01T00:01:02Z"),
      event("failed", "pending", 2, "rerun"),
      event("pending", "queued", 2, "ready"),
      event("queued", "running", 3, "started", "2024-01-01T00:05:00Z"),
    ];
    const attempts = attemptsFromEvents(events);
    expect(attempts.map((a) => [a.attempt, a.status, a.reason])).toEqual([
      [3, "running", "started"],
      [2, "failed", "sql"],
      [1, "failed", "retry_after_sql"],
    ]);
    expect(attempts[1]).toMatchObject({ started_at: "2024-01-01T00:01:00Z", finished_at: "2024-01-01T00:01:02Z", message: "syntax error" });
    expect(attempts[0].finished_at).toBeNull();
  });

  it("ends an attempt that an operator killed or that went through its checks", () => {
    const attempts = attemptsFromEvents([
      event("queued", "running", 1, "started"),
      event("running", "checking", 1, "checks"),
      event("checking", "success", 1, "succeeded"),
      event("success", "pending", 1, "rerun"),
      event("queued", "running", 2, "started"),
      event("running", "killed", 2, "killed"),
    ]);
    expect(attempts.map((a) => [a.attempt, a.status])).toEqual([
      [2, "killed"],
      [1, "success"],
    ]);
  });

  it("has no attempt before the first run", () => {
    expect(attemptsFromEvents([event("pending", "frozen", 0, "frozen")])).toEqual([]);
  });
});
