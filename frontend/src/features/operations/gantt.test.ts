import { describe, expect, it } from "vitest";

import { blockers, criticalPath, ganttLayout, tickStep, type GanttRow } from "./gantt";
import { stateColor } from "./states";

const T = (hhmm: string) => `2024-01-02T${hhmm}:00Z`;
const row = (id: number, extra: Partial<GanttRow>): GanttRow => ({
  id,
  node_name: `n${id}`,
  status: "success",
  cyctime: T("00:00"),
  queued_at: null,
  started_at: null,
  finished_at: null,
  ...extra,
});

// a (00:00-01:00) -> b planned 00:30, started 01:00 when a finished, ran to 02:00
// c planned 00:00 alone, failed 00:00-00:30; d waits for b, still pending
const rows: GanttRow[] = [
  row(1, { cyctime: T("00:00"), started_at: T("00:00"), finished_at: T("01:00") }),
  row(2, { cyctime: T("00:30"), started_at: T("01:00"), finished_at: T("02:00") }),
  row(3, { cyctime: T("00:00"), started_at: T("00:00"), finished_at: T("00:30"), status: "failed" }),
  row(4, { cyctime: T("00:00"), status: "pending" }),
];
const edges = [
  { upstream: 1, downstream: 2 },
  { upstream: 2, downstream: 4 },
];

describe("backfilled runs", () => {
  // two runs of a backfill released today for dates a month back: cycle times far in the past
  const backfilled: GanttRow[] = [
    row(10, { run_kind: "backfill", cyctime: "2023-12-01T00:00:00Z", queued_at: T("01:00"), started_at: T("01:00"), finished_at: T("01:30") }),
    row(11, { run_kind: "backfill", cyctime: "2023-12-02T00:00:00Z", queued_at: T("01:30"), started_at: T("01:31"), finished_at: T("02:00") }),
  ];
  const layout = ganttLayout(backfilled, [], { width: 1000, now: Date.parse(T("02:00")) });

  it("are measured from their release, not their original cycle time", () => {
    expect(layout.start).toBeGreaterThan(Date.parse(T("00:00")));
    for (const bar of layout.bars) expect(bar.late).toBe(false);
    expect(layout.bars[1].lateSeconds).toBe(60);
  });

  it("count an upstream they were released after as what held them back", () => {
    const chain = [backfilled[0], { ...backfilled[1], queued_at: T("01:30") }];
    expect(blockers(chain, [{ upstream: 10, downstream: 11 }]).get(11)).toBe(10);
  });

  it("keep bars wide enough to see", () => {
    for (const bar of layout.bars) expect(bar.width).toBeGreaterThan(300);
  });
});

describe("ganttLayout", () => {
  const now = Date.parse(T("02:00"));
  const layout = ganttLayout(rows, edges, { width: 1040, now, rowHeight: 20, axisHeight: 30 });
  const bar = (id: number) => layout.bars.find((b) => b.id === id)!;

  it("spans the day's times with 2% on each side", () => {
    const start = Date.parse(T("00:00"));
    const end = Date.parse(T("02:00"));
    const pad = (end - start) * 0.02;
    expect(layout.start).toBe(start - pad);
    expect(layout.end).toBe(end + pad);
  });

  it("places bars by start and end, proportional to time", () => {
    // 1040 px for 2h * 1.04 = 124.8 minutes: 8.333 px per minute, 2.4 minutes of padding
    const perMinute = 1040 / 124.8;
    expect(bar(1).x).toBeCloseTo(2.4 * perMinute, 6);
    expect(bar(1).width).toBeCloseTo(60 * perMinute, 6);
    expect(bar(2).x).toBeCloseTo(62.4 * perMinute, 6);
    expect(bar(3).width).toBeCloseTo(30 * perMinute, 6);
  });

  it("stacks one row per instance under the axis and sizes the chart", () => {
    expect(layout.bars.map((b) => b.y)).toEqual([30, 50, 70, 90]);
    expect(layout.height).toBe(30 + 4 * 20);
  });

  it("colours bars by status", () => {
    expect(bar(1).color).toBe(stateColor("success"));
    expect(bar(3).color).toBe(stateColor("failed"));
  });

  it("draws the wait from planned time to start, and marks a long one late", () => {
    expect(bar(1).waitWidth).toBe(0);
    expect(bar(1).late).toBe(false);
    expect(bar(2).lateSeconds).toBe(1800);
    expect(bar(2).late).toBe(true);
    expect(bar(2).waitX).toBeCloseTo(bar(2).plannedX, 6);
    expect(bar(2).waitX + bar(2).waitWidth).toBeCloseTo(bar(2).x!, 6);
  });

  it("draws no bar for an instance that has not started, but its wait so far", () => {
    expect(bar(4).x).toBeNull();
    expect(bar(4).lateSeconds).toBe(7200);
    expect(bar(4).blockedBy).toBe(2);
  });

  it("runs a running bar up to now and keeps a tiny run visible", () => {
    const live = ganttLayout(
      [
        row(1, { status: "running", cyctime: T("00:00"), started_at: T("00:00") }),
        row(2, { cyctime: T("00:00"), started_at: T("00:00"), finished_at: "2024-01-02T00:00:01Z" }),
      ],
      [],
      { width: 1000, now: Date.parse(T("01:00")), minBarWidth: 2 },
    );
    expect(live.bars[0].running).toBe(true);
    expect(live.bars[0].x! + live.bars[0].width).toBeCloseTo(live.nowX!, 6);
    expect(live.bars[1].width).toBe(2);
  });

  it("centres a short day in at least ten minutes", () => {
    const one = ganttLayout([row(1, { started_at: T("00:00"), finished_at: "2024-01-02T00:00:30Z" })], [], {
      width: 500,
      now: Date.parse(T("05:00")),
    });
    expect(one.end - one.start).toBeGreaterThanOrEqual(10 * 60_000);
    expect(one.nowX).toBeNull();
  });

  it("puts ticks on round times within the chart", () => {
    expect(layout.ticks.length).toBeGreaterThan(2);
    for (const tick of layout.ticks) {
      expect(tick.x).toBeGreaterThanOrEqual(0);
      expect(tick.x).toBeLessThanOrEqual(1040);
    }
    expect(layout.ticks.map((t) => t.label)).toContain("01:00");
  });
});

describe("tickStep", () => {
  it("keeps ticks at least 70 px apart", () => {
    expect(tickStep(2 * 3600_000, 1000)).toBe(10 * 60_000);
    expect(tickStep(24 * 3600_000, 1000)).toBe(2 * 3600_000);
    expect(tickStep(30 * 24 * 3600_000, 100)).toBe(24 * 3600_000);
  });
});

describe("what held an instance back", () => {
  it("is the upstream that finished last before it started, after its planned time", () => {
    const held = blockers(rows, edges);
    expect(held.get(2)).toBe(1);
    expect(held.get(1)).toBeNull();
    expect(held.get(3)).toBeNull();
  });

  it("is nothing when the upstream finished before the planned time", () => {
    const early = [
      row(1, { started_at: T("00:00"), finished_at: T("00:10") }),
      row(2, { cyctime: T("00:30"), started_at: T("00:30"), finished_at: T("00:40") }),
    ];
    expect(blockers(early, [{ upstream: 1, downstream: 2 }]).get(2)).toBeNull();
  });

  it("picks the later of two upstreams and ignores edges to rows not shown", () => {
    const two = [
      row(1, { started_at: T("00:00"), finished_at: T("00:20") }),
      row(2, { started_at: T("00:00"), finished_at: T("00:50") }),
      row(3, { cyctime: T("00:00"), started_at: T("00:50"), finished_at: T("01:00") }),
    ];
    const held = blockers(two, [
      { upstream: 1, downstream: 3 },
      { upstream: 2, downstream: 3 },
      { upstream: 99, downstream: 3 },
    ]);
    expect(held.get(3)).toBe(2);
  });

  it("follows the chain that finished last back to its root", () => {
    expect(criticalPath(rows, edges)).toEqual([1, 2]);
    expect(criticalPath([row(1, {})], [])).toEqual([]);
  });
});
