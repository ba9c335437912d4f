import { describe, expect, it } from "vitest";

import { criticalEdges, formatSlack, hhmm, statusColour } from "./forecast";

describe("baseline forecast helpers", () => {
  it("writes slack with its sign, in hours and minutes", () => {
    expect(formatSlack(3900)).toBe("+1h 05m");
    expect(formatSlack(-720)).toBe("-12m");
    expect(formatSlack(20)).toBe("+0m");
    expect(formatSlack(null)).toBe("—");
  });

  it("marks the consecutive runs of the critical path as its edges", () => {
    expect([...criticalEdges([3, 7, 9])]).toEqual(["3-7", "7-9"]);
    expect(criticalEdges([5]).size).toBe(0);
  });

  it("reads times and colours", () => {
    expect(hhmm("8:05:00")).toBe("08:05");
    expect(hhmm("nonsense")).toBe("");
    expect(statusColour("broken")).toBe("red");
    expect(statusColour("warning")).toBe("gold");
  });
});
