import { describe, expect, it } from "vitest";

import { diffStats, displayValue, fieldChanges, hunks, sideBySide } from "./diffModel";

describe("sideBySide", () => {
  it("pairs replaced lines and numbers both sides", () => {
    const rows = sideBySide("select 1\nfrom a\nwhere x\n", "select 1\nfrom b\nwhere x\nlimit 5\n");
    expect(rows).toEqual([
      { kind: "same", left: { line: 1, text: "select 1" }, right: { line: 1, text: "select 1" } },
      { kind: "changed", left: { line: 2, text: "from a" }, right: { line: 2, text: "from b" } },
      { kind: "same", left: { line: 3, text: "where x" }, right: { line: 3, text: "where x" } },
      { kind: "added", left: null, right: { line: 4, text: "limit 5" } },
    ]);
    expect(diffStats(rows)).toEqual({ added: 2, removed: 1 });
  });

  it("shows removals alone when more lines go than come", () => {
    const rows = sideBySide("a\nb\nc", "a\nx");
    expect(rows.map((r) => r.kind)).toEqual(["same", "changed", "removed"]);
    expect(rows[2]).toEqual({ kind: "removed", left: { line: 3, text: "c" }, right: null });
  });

  it("handles empty sides and identical texts", () => {
    expect(sideBySide("", "a\nb").map((r) => r.kind)).toEqual(["added", "added"]);
    expect(sideBySide("a\nb", "").map((r) => r.kind)).toEqual(["removed", "removed"]);
    expect(diffStats(sideBySide("same\n", "same\n"))).toEqual({ added: 0, removed: 0 });
  });
});

describe("hunks", () => {
  it("folds long unchanged runs around the changes", () => {
    const before = Array.from({ length: 20 }, (_, i) => `line ${i + 1}`).join("\n");
    const after = before.replace("line 10", "line ten");
    const parts = hunks(sideBySide(before, after), 2);
    expect(parts.map((h) => [h.skipped, h.rows.length])).toEqual([
      [7, 5],
      [8, 0],
    ]);
    expect(parts[0].rows[2]).toMatchObject({ kind: "changed", left: { text: "line 10" }, right: { text: "line ten" } });
  });

  it("is empty when nothing changed", () => {
    expect(hunks(sideBySide("a\nb", "a\nb"))).toEqual([]);
  });
});

describe("fieldChanges", () => {
  it("lists changed configuration with labels, naming ids through the namer", () => {
    const before = { code: "x", cron: "0 0 * * *", retries: 0, owner_id: 1, output_tables: [], paused: false };
    const after = { code: "y", cron: "30 1 * * *", retries: 2, owner_id: 2, output_tables: ["dw.t"], paused: false };
    const names = (field: string, value: unknown) => (field === "owner_id" ? `user ${value}` : undefined);
    expect(fieldChanges(before, after, names)).toEqual([
      { field: "cron", label: "Schedule (cron)", before: "0 0 * * *", after: "30 1 * * *" },
      { field: "retries", label: "Retries", before: "0", after: "2" },
      { field: "owner_id", label: "Owner", before: "user 1", after: "user 2" },
      { field: "output_tables", label: "Output tables", before: "—", after: "dw.t" },
    ]);
  });

  it("reads a policy left out of a snapshot as its default", () => {
    expect(fieldChanges({ cron: "0 0 * * *" }, { cron: "0 0 * * *", catch_up: "latest" })).toEqual([
      { field: "catch_up", label: "Catch-up", before: "none", after: "latest" },
    ]);
    expect(fieldChanges({ dst_gap: "skip" }, {})).toEqual([
      { field: "dst_gap", label: "Missing local time", before: "skip", after: "shift" },
    ]);
  });

  it("treats a missing snapshot as empty", () => {
    expect(fieldChanges(null, { name: "n", paused: true })).toEqual([
      { field: "name", label: "Name", before: "—", after: "n" },
      { field: "paused", label: "Paused", before: "—", after: "yes" },
    ]);
  });

  it("displays values briefly", () => {
    expect(displayValue({ a: "1", b: "${bizdate}" })).toBe("a=1, b=${bizdate}");
    expect(displayValue({})).toBe("—");
    expect(displayValue(false)).toBe("no");
  });
});
