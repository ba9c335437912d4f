import { describe, expect, it } from "vitest";

import { NO_INSTANCE, statusCounts, statusStyle } from "./status";

describe("statusStyle", () => {
  it("shows a node without an instance plainly, and an unknown state by its name", () => {
    expect(statusStyle(undefined)).toBe(NO_INSTANCE);
    expect(statusStyle(null)).toBe(NO_INSTANCE);
    expect(statusStyle("paused_by_alien")).toMatchObject({ label: "paused_by_alien" });
  });
});

describe("statusCounts", () => {
  it("counts nodes per status, the ones without an instance as none", () => {
    const statuses = { "1": { status: "success" }, "2": { status: "failed" }, "3": { status: "success" } };
    expect(statusCounts([1, 2, 3, 4], statuses)).toEqual({ success: 2, failed: 1, none: 1 });
  });
});
