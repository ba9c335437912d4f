import { describe, expect, it } from "vitest";

import i18n, { setLanguage } from "../../i18n";
import {
  ACTION_ORDER,
  INSTANCE_STATES,
  actionAllowed,
  actionRefusal,
  BACKFILL_STYLES,
  backfillFinished,
  backfillProgress,
  backfillStyle,
  bulkPlan,
  dateStatusStyle,
  describeActionResult,
  reasonLabel,
  stateLabel,
} from "./states";

describe("backfill states", () => {
  it("names backfill states", () => {
    expect(backfillStyle("success").label).toBe("Succeeded");
    expect(backfillStyle("exploded").label).toBe("exploded");
    expect(["success", "failed", "cancelled"].every(backfillFinished)).toBe(true);
    expect(backfillFinished("running") || backfillFinished("paused")).toBe(false);
  });

  it("names the state of a backfill's business date", () => {
    expect(dateStatusStyle("blocked").label).toBe("Blocked by a failure");
    expect(dateStatusStyle("empty").label).toBe("Nothing to run");
    expect(dateStatusStyle("success").tag).toBe("success");
    expect(dateStatusStyle("cancelled").label).toBe("Cancelled");
  });
});

describe("operator actions", () => {
  // Mirrors scheduler/services.py: which state each action accepts.
  const EXPECTED: Record<string, string[]> = {
    rerun: ["success", "failed", "killed", "skipped", "upstream_failed"],
    "rerun-downstream": ["success", "failed", "killed", "skipped", "upstream_failed"],
    "set-success": ["pending", "queued", "running", "checking", "failed", "frozen", "killed", "skipped", "upstream_failed"],
    "set-failed": ["queued", "running", "checking"],
    freeze: ["pending"],
    unfreeze: ["frozen"],
    kill: ["pending", "queued", "running", "checking", "frozen"],
  };

  it.each(ACTION_ORDER)("offers %s exactly where the server allows it", (action) => {
    const allowed = INSTANCE_STATES.filter((state) => actionAllowed(action, state));
    expect(allowed.sort()).toEqual([...EXPECTED[action]].sort());
  });

  it("says why an action is not offered", () => {
    expect(actionRefusal("rerun", "running")).toContain("running cannot be rerun");
    expect(actionRefusal("freeze", "running")).toContain("not started");
    expect(actionRefusal("set-success", "success")).toBe("It already succeeded.");
    expect(actionRefusal("kill", "running")).toBeNull();
  });

  it("splits a selection into what a bulk action applies to and what it skips", () => {
    const rows = [
      { id: 1, status: "failed" },
      { id: 2, status: "running" },
      { id: 3, status: "success" },
    ];
    const plan = bulkPlan("rerun", rows);
    expect(plan.eligible.map((r) => r.id)).toEqual([1, 3]);
    expect(plan.skipped.map((r) => r.id)).toEqual([2]);
    expect(bulkPlan("kill", rows).eligible.map((r) => r.id)).toEqual([2]);
  });

  it("describes what an action did", () => {
    expect(describeActionResult("rerun", { status: "pending" })).toBe("Rerun started. It is now pending.");
    expect(describeActionResult("kill", { status: "killed" })).toBe("Killed. It is now killed.");
    expect(describeActionResult("rerun-downstream", { rerun: [5, 6, 7] })).toBe(
      "Rerun started, with 2 downstream instances back to pending.",
    );
    expect(describeActionResult("rerun-downstream", { rerun: [5, 6] })).toContain("1 downstream instance back");
  });
});

describe("backfill progress", () => {
  it("never shows a cancelled backfill as successful, even when every instance finished", () => {
    const view = backfillProgress({ status: "cancelled", progress: 1 });
    expect(view.status).not.toBe("success");
    expect(view.label).toBe("Cancelled");
    expect(view.strokeColor).toBe(BACKFILL_STYLES.cancelled.color);
  });

  it("keeps green and the check mark for a backfill that succeeded", () => {
    expect(backfillProgress({ status: "success", progress: 1 })).toEqual({ percent: 100, status: "success" });
    expect(backfillProgress({ status: "failed", progress: 0.5 }).status).toBe("exception");
    expect(backfillProgress({ status: "running", progress: 0.25 })).toMatchObject({ percent: 25, status: "active" });
  });
});

describe("words in the user's language", () => {
  it("names states, reasons and refusals in Chinese once switched, and back", async () => {
    await setLanguage("zh-CN");
    try {
      expect(stateLabel("upstream_failed")).toBe("上游失败");
      expect(backfillStyle("paused").label).toBe("已暂停");
      expect(reasonLabel("retry_after_timeout")).toBe("等待重试：超时");
      expect(actionRefusal("set-success", "success")).toBe("它已经成功。");
    } finally {
      await setLanguage("en");
    }
    expect(i18n.language).toBe("en");
    expect(stateLabel("upstream_failed")).toBe("Upstream failed");
    expect(reasonLabel("dispatched")).toBe("dispatched");
    expect(reasonLabel("something_new")).toBe("something_new");
  });
});
