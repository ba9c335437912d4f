import { describe, expect, it } from "vitest";

import type { QualityRun } from "./rules";
import {
  chartAxis,
  chartDomain,
  chartSeries,
  describeRun,
  formatBounds,
  formatDuration,
  formatValue,
  verdictInfo,
  withinBounds,
} from "./verdict";

const run = (changes: Partial<QualityRun>): QualityRun => ({
  id: 1,
  rule: 1,
  rule_name: "r",
  instance: null,
  bizdate: "2024-01-01",
  strength: "weak",
  environment: "production",
  value: 100,
  lower: 1,
  upper: null,
  verdict: "passed",
  sql: "SELECT COUNT(*) FROM t",
  message: "",
  error: "",
  duration_ms: 12,
  created_at: "2024-01-02T01:00:00Z",
  finished_at: "2024-01-02T01:00:01Z",
  ...changes,
});

describe("display", () => {
  it("formats values", () => {
    expect(formatValue(1234567)).toBe("1,234,567");
    expect(formatValue(0.123456)).toBe("0.1235");
    expect(formatValue(2791.28667)).toBe("2,791.29");
    expect(formatValue(0)).toBe("0");
    expect(formatValue(null)).toBe("—");
    expect(formatValue(Number.NaN)).toBe("—");
  });

  it("formats bounds, open on either side", () => {
    expect(formatBounds(1, 10)).toBe("1 – 10");
    expect(formatBounds(1, null)).toBe("≥ 1");
    expect(formatBounds(null, 0)).toBe("≤ 0");
    expect(formatBounds(0, 0)).toBe("= 0");
    expect(formatBounds(null, undefined)).toBe("no bounds");
    expect(formatBounds(-0.5, 1500.25)).toBe("-0.5 – 1,500.25");
  });

  it("checks a value against bounds", () => {
    expect(withinBounds(5, 1, 10)).toBe(true);
    expect(withinBounds(0, 1, null)).toBe(false);
    expect(withinBounds(11, null, 10)).toBe(false);
    expect(withinBounds(10, null, 10)).toBe(true);
    expect(withinBounds(-1, null, null)).toBe(true);
  });

  it("names and colours every verdict, and a rule never run", () => {
    expect(verdictInfo("passed")).toMatchObject({ label: "Passed", color: "success" });
    expect(verdictInfo("failed")).toMatchObject({ label: "Failed", color: "error" });
    expect(verdictInfo("error")).toMatchObject({ label: "Error", color: "warning" });
    expect(verdictInfo("pending")).toMatchObject({ label: "Running", color: "processing" });
    expect(verdictInfo(null)).toMatchObject({ label: "Never run", color: "default" });
  });

  it("describes a run", () => {
    expect(describeRun(run({}))).toBe("Passed: 100 (expected ≥ 1)");
    expect(describeRun(run({ verdict: "failed", value: 0 }))).toBe("Failed: 0 (expected ≥ 1)");
    expect(describeRun(run({ verdict: "passed", lower: null, upper: null }))).toBe("Passed: 100");
    expect(describeRun(run({ verdict: "error", value: null, error: "no such table: t" }))).toBe("Error: no such table: t");
    expect(describeRun(run({ verdict: "pending", value: null }))).toBe("Running…");
  });

  it("formats durations", () => {
    expect(formatDuration(340)).toBe("340 ms");
    expect(formatDuration(1234)).toBe("1.2 s");
    expect(formatDuration(125_000)).toBe("2 min 5 s");
    expect(formatDuration(null)).toBe("—");
  });
});

describe("chartSeries", () => {
  it("orders finished runs by business date and leaves pending ones out", () => {
    const points = chartSeries([
      run({ id: 3, bizdate: "2024-01-03", created_at: "2024-01-04T01:00:00Z", verdict: "pending", value: null }),
      run({ id: 2, bizdate: "2024-01-02", created_at: "2024-01-03T01:00:00Z", value: 0, verdict: "failed" }),
      run({ id: 1, bizdate: "2024-01-01", created_at: "2024-01-02T01:00:00Z", value: 100, lower: 1, upper: 200 }),
    ]);
    expect(points.map((point) => [point.id, point.label, point.value, point.verdict])).toEqual([
      [1, "2024-01-01", 100, "passed"],
      [2, "2024-01-02", 0, "failed"],
    ]);
    expect(points[0]).toMatchObject({ lower: 1, upper: 200, band: [1, 200] });
    expect(points[1]).toMatchObject({ lower: 1, upper: null, band: null });
  });

  it("puts a later run of an earlier business date (a backfill) in date order", () => {
    const points = chartSeries([
      run({ id: 2, bizdate: "2024-01-01", created_at: "2024-01-09T00:00:00Z" }),
      run({ id: 1, bizdate: "2024-01-05", created_at: "2024-01-06T00:00:00Z" }),
    ]);
    expect(points.map((point) => point.bizdate)).toEqual(["2024-01-01", "2024-01-05"]);
  });

  it("keeps an errored run as a gap, and tells apart runs of the same date", () => {
    const points = chartSeries([
      run({ id: 5, created_at: "2024-01-02T09:30:00", verdict: "error", value: null, lower: null }),
      run({ id: 4, created_at: "2024-01-02T08:15:00" }),
    ]);
    expect(points.map((point) => point.label)).toEqual(["2024-01-01 08:15", "2024-01-01 09:30"]);
    expect(points[1]).toMatchObject({ value: null, verdict: "error", lower: null, band: null });
  });

  it("is empty for no runs", () => {
    expect(chartSeries([])).toEqual([]);
    expect(chartDomain([])).toBeNull();
  });

  it("has a y axis around values and bounds on round ticks, from 0 for counts", () => {
    const points = chartSeries([run({ id: 1, value: 100, lower: 50, upper: 150 }), run({ id: 2, value: 120, lower: 50, upper: 150 })]);
    expect(chartAxis(points)).toEqual({ domain: [0, 200], ticks: [0, 50, 100, 150, 200] });
    expect(chartDomain(chartSeries([run({ value: 0, lower: null, upper: 0 })]))).toEqual([0, 1]);
    expect(chartAxis(chartSeries([run({ value: -10, lower: -20, upper: null })]))).toEqual({
      domain: [-25, -5],
      ticks: [-25, -20, -15, -10, -5],
    });
    const sums = chartSeries([run({ value: 1276, lower: null, upper: null }), run({ id: 2, value: 4970.5, lower: 2283.78, upper: 2791.29 })]);
    expect(chartAxis(sums)?.ticks).toEqual([0, 1000, 2000, 3000, 4000, 5000, 6000]);
    expect(chartAxis(chartSeries([run({ value: 0.013, lower: null, upper: 0.05 })]))?.ticks).toEqual([
      0, 0.01, 0.02, 0.03, 0.04, 0.05, 0.06,
    ]);
  });
});
