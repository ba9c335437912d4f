import { describe, expect, it } from "vitest";

import { INSTANCE_STATES, isInstanceState, STATE_STYLES, stateStyle } from "./status";

// The one palette of instance states; the operations center, the designer and the studio read it.
describe("instance state styles", () => {
  it("lists the scheduler's states in its order, each once", () => {
    expect(INSTANCE_STATES).toEqual([
      "pending",
      "queued",
      "running",
      "checking",
      "success",
      "failed",
      "frozen",
      "killed",
      "skipped",
      "upstream_failed",
      "cancelled",
    ]);
    expect(isInstanceState("toString")).toBe(false);
  });

  it("gives every state its own colour and a label", () => {
    const colours = INSTANCE_STATES.map((state) => stateStyle(state).color);
    expect(new Set(colours).size).toBe(INSTANCE_STATES.length);
    for (const state of INSTANCE_STATES) {
      expect(stateStyle(state).color).toMatch(/^#[0-9a-f]{6}$/);
      expect(stateStyle(state).label).not.toBe("");
    }
  });

  it("reads success as green, failure as red and running as blue", () => {
    expect(STATE_STYLES.success).toMatchObject({ label: "Succeeded", color: "#389e0d", tag: "success" });
    expect(STATE_STYLES.failed).toMatchObject({ label: "Failed", color: "#cf1322", tag: "error" });
    expect(STATE_STYLES.running.tag).toBe("processing");
    expect(stateStyle("upstream_failed").label).toBe("Upstream failed");
  });

  it("shows an unknown state by its name in a neutral colour", () => {
    expect(stateStyle("warming_up")).toMatchObject({ label: "warming_up", tag: "default" });
    expect(stateStyle("").label).toBe("Unknown");
  });
});
