// The schedule panel's preview of the catch-up and daylight-saving policies.
import { render, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";

import { PolicyPreview } from "./PolicyPreview";
import type { CronPreview } from "../types";

const base: CronPreview = {
  cron: "0 * * * *",
  timezone: "Europe/Berlin",
  description: "every hour",
  next: [],
  catch_up: { policy: "latest", past: ["2024-03-30T00:00:00+01:00", "2024-03-30T01:00:00+01:00"], runs: ["2024-03-30T01:00:00+01:00"] },
  dst: {
    change: "2024-03-31T03:00:00+02:00",
    kind: "gap",
    offset_before: "+0100",
    offset_after: "+0200",
    slots: [
      { time: "2024-03-31T01:00:00", kind: "normal", runs: [{ at: "2024-03-31T01:00:00+01:00", duplicate: false }] },
      { time: "2024-03-31T02:00:00", kind: "gap", runs: [{ at: "2024-03-31T03:00:00+02:00", duplicate: false }] },
      { time: "2024-03-31T03:00:00", kind: "normal", runs: [{ at: "2024-03-31T03:00:00+02:00", duplicate: true }] },
    ],
  },
};

describe("PolicyPreview", () => {
  it("says which past slots run and what the clock change does to each slot", () => {
    render(<PolicyPreview preview={base} />);
    expect(screen.getByTestId("catch-up-preview").textContent).toContain("2 slots of today already past; 01:00 runs, the others become dry runs");
    const items = [...screen.getByTestId("dst-preview").querySelectorAll("li")].map((li) => li.textContent);
    expect(items).toEqual(["01:00 runs", "02:00 does not exist: runs at 03:00 (+02:00)", "03:00 already runs (shifted slot above)"]);
    expect(screen.getByTestId("dst-preview").textContent).toContain("+0100 → +0200, an hour is skipped");
  });

  it("shows a skipped slot and one that runs twice", () => {
    const skipped = { ...base.dst!, slots: [{ time: "2024-03-31T02:30:00", kind: "gap" as const, runs: [] }] };
    const { unmount } = render(<PolicyPreview preview={{ ...base, dst: skipped }} />);
    expect(screen.getByTestId("dst-preview").textContent).toContain("02:30 does not exist: skipped");
    unmount();
    const twice = {
      ...base.dst!,
      kind: "overlap" as const,
      slots: [
        {
          time: "2024-10-27T02:30:00",
          kind: "overlap" as const,
          runs: [
            { at: "2024-10-27T02:30:00+02:00", duplicate: false },
            { at: "2024-10-27T02:30:00+01:00", duplicate: false },
          ],
        },
      ],
    };
    render(<PolicyPreview preview={{ ...base, dst: twice }} />);
    expect(screen.getByTestId("dst-preview").textContent).toContain("02:30 occurs twice: runs at 02:30 (+02:00) and 02:30 (+01:00)");
  });
});
