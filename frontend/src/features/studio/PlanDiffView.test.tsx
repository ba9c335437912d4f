// The deploy dialog's plan diff: moved, added and cancelled instances per day, dependency and
// parameter changes, and the downstream instances affected.
import { render, screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";

import PlanDiffView, { planChanges, type PlanDiff } from "./PlanDiffView";

const plan: PlanDiff = {
  days: [
    {
      day: "2030-01-01",
      label: "today",
      generated: true,
      added: ["2030-01-01T22:00:00+08:00"],
      removed: ["2030-01-01T21:00:00+08:00"],
      moved: [{ before: "2030-01-01T23:50:00+08:00", after: "2030-01-01T23:55:00+08:00" }],
      kept: 2,
      frozen: 0,
      unfrozen: 0,
    },
    { day: "2030-01-02", label: "tomorrow", generated: false, added: [], removed: [], moved: [], kept: 3, frozen: 0, unfrozen: 0 },
  ],
  dependencies: {
    added: [{ upstream: "orders", kind: "same_cycle" }],
    removed: [{ upstream: "legacy", kind: "upstream_previous_cycle" }],
  },
  parameters: [
    {
      name: "dt",
      cyctime: "2030-01-01T23:55:00+08:00",
      before: { expression: "${bizdate}", value: "20291231" },
      after: { expression: "$[yyyymmdd-2]", value: "20291230" },
    },
  ],
  downstream: [{ node: 9, name: "report", instances: 2, first_cyctime: "2030-01-02T05:00:00+08:00" }],
};

describe("PlanDiffView", () => {
  it("lists per day what is moved, added and cancelled", () => {
    render(<PlanDiffView plan={plan} />);
    const today = screen.getByTestId("plan-day-today");
    expect(within(today).getByText("23:50 → 23:55")).toBeTruthy();
    expect(within(today).getByText("added").parentElement?.textContent).toContain("22:00");
    expect(within(today).getByText("cancelled").parentElement?.textContent).toContain("21:00");
    expect(today.textContent).toContain("2 unchanged slots run the new version");
    const tomorrow = screen.getByTestId("plan-day-tomorrow");
    expect(tomorrow.textContent).toContain("No change of times");
    expect(screen.getByText(/at generation/)).toBeTruthy();
  });

  it("shows dependency, parameter and downstream changes", () => {
    render(<PlanDiffView plan={plan} />);
    const deps = screen.getByTestId("plan-dependencies").textContent ?? "";
    expect(deps).toContain("waits onorders (same cycle)");
    expect(deps).toContain("no longer waits onlegacy (previous cycle)");
    const params = screen.getByTestId("plan-parameters").textContent ?? "";
    expect(params).toContain("${bizdate} = 20291231");
    expect(params).toContain("$[yyyymmdd-2] = 20291230");
    expect(screen.getByTestId("plan-downstream").textContent).toContain("report: 2 instances from 05:00");
  });

  it("knows when a deploy changes nothing of the schedule", () => {
    expect(planChanges(plan)).toBe(true);
    const quiet: PlanDiff = {
      days: plan.days.map((d) => ({ ...d, added: [], removed: [], moved: [] })),
      dependencies: { added: [], removed: [] },
      parameters: [],
      downstream: [],
    };
    expect(planChanges(quiet)).toBe(false);
  });
});
