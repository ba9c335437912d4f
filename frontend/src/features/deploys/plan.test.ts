import { describe, expect, it } from "vitest";

import { planLines } from "./plan";

describe("planLines", () => {
  it("counts what each day gains, loses, moves and keeps", () => {
    const plan = {
      days: [
        { label: "today", added: [], removed: ["2026-12-04T05:00:00+08:00"], moved: [], kept: 0 },
        { label: "tomorrow", added: ["a", "b"], removed: [], moved: [{ before: "x", after: "y" }], kept: 3 },
      ],
    };
    expect(planLines(plan)).toEqual([
      { label: "today", added: 0, removed: 1, moved: 0, kept: 0 },
      { label: "tomorrow", added: 2, removed: 0, moved: 1, kept: 3 },
    ]);
  });

  it("reads nothing from an empty plan", () => {
    expect(planLines({})).toEqual([]);
    expect(planLines(null)).toEqual([]);
  });
});
