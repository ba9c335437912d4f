// How runs are shown: verdict tags, numbers, bounds, and the chart's series. Pure.
import { formatClock } from "../../clock";
import { currentLanguage } from "../../i18n";
import type { QualityRun, Verdict } from "./rules";
import { text, withWords } from "./text";

export interface VerdictInfo {
  label: string;
  /** antd Tag / Badge colour. */
  color: "success" | "error" | "warning" | "processing" | "default";
  /** Chart colour of a point with this verdict. */
  stroke: string;
}

export const VERDICTS: Record<Verdict, VerdictInfo> = {
  passed: withWords("verdicts", { label: "passed" }, { color: "success", stroke: "#52c41a" }),
  failed: withWords("verdicts", { label: "failed" }, { color: "error", stroke: "#ff4d4f" }),
  error: withWords("verdicts", { label: "error" }, { color: "warning", stroke: "#faad14" }),
  pending: withWords("verdicts", { label: "pending" }, { color: "processing", stroke: "#1677ff" }),
};

/** A verdict the server knows, e.g. from the address. */
export const isVerdict = (value: string | null | undefined): value is Verdict =>
  typeof value === "string" && Object.prototype.hasOwnProperty.call(VERDICTS, value);

export function verdictInfo(verdict: Verdict | null | undefined): VerdictInfo {
  return (verdict && VERDICTS[verdict]) || { label: text("verdicts.none"), color: "default", stroke: "#bfbfbf" };
}

/** 1234567 -> "1,234,567"; 2791.2867 -> "2,791.29"; 0.123456 -> "0.1235"; null -> "—". */
export function formatValue(value: number | null | undefined): string {
  if (value === null || value === undefined || Number.isNaN(value)) return "—";
  if (Number.isInteger(value)) return value.toLocaleString(currentLanguage());
  return value.toLocaleString(currentLanguage(), { maximumFractionDigits: Math.abs(value) >= 100 ? 2 : 4 });
}

const isNumber = (value: number | null | undefined): value is number =>
  value !== null && value !== undefined && !Number.isNaN(value);

/** The accepted range: "1 – 10", "≥ 1", "≤ 10", or "no bounds". */
export function formatBounds(lower: number | null | undefined, upper: number | null | undefined): string {
  if (isNumber(lower) && isNumber(upper)) {
    return lower === upper ? `= ${formatValue(lower)}` : `${formatValue(lower)} – ${formatValue(upper)}`;
  }
  if (isNumber(lower)) return `≥ ${formatValue(lower)}`;
  if (isNumber(upper)) return `≤ ${formatValue(upper)}`;
  return text("verdicts.noBounds");
}

/** Whether a value lies within the bounds (missing bounds are open). */
export function withinBounds(value: number, lower: number | null | undefined, upper: number | null | undefined): boolean {
  return (!isNumber(lower) || value >= lower) && (!isNumber(upper) || value <= upper);
}

/** A sentence for a run's outcome: "Passed: 100 (expected ≥ 1)". */
export function describeRun(run: Pick<QualityRun, "verdict" | "value" | "lower" | "upper" | "error">): string {
  const info = verdictInfo(run.verdict);
  switch (run.verdict) {
    case "pending":
      return text("verdicts.running");
    case "error":
      return text("verdicts.errorRun", { reason: run.error || text("verdicts.couldNotRun") });
    default: {
      const bounds = formatBounds(run.lower, run.upper);
      const expected = bounds === text("verdicts.noBounds") ? "" : text("verdicts.expected", { bounds });
      return `${info.label}: ${formatValue(run.value)}${expected}`;
    }
  }
}

export interface ChartPoint {
  id: number;
  /** X axis label: the business date, plus the run time when a date was run more than once. */
  label: string;
  bizdate: string;
  created_at: string;
  value: number | null;
  lower: number | null;
  upper: number | null;
  /** [lower, upper] for the shaded band, or null when a side is open. */
  band: [number, number] | null;
  verdict: Verdict;
}

/**
 * The chart's points by business date (then run time): one per finished run (pending runs have
 * nothing to plot yet);
 * runs that errored keep their place with no value so the line shows a gap. Two runs of one date
 * are told apart by their time in the project's zone.
 */
export function chartSeries(runs: QualityRun[], timeZone?: string): ChartPoint[] {
  const finished = runs
    .filter((run) => run.verdict !== "pending")
    .slice()
    .sort((a, b) => a.bizdate.localeCompare(b.bizdate) || a.created_at.localeCompare(b.created_at) || a.id - b.id);
  const perDate = new Map<string, number>();
  for (const run of finished) perDate.set(run.bizdate, (perDate.get(run.bizdate) ?? 0) + 1);
  return finished.map((run) => {
    const lower = isNumber(run.lower) ? run.lower : null;
    const upper = isNumber(run.upper) ? run.upper : null;
    const repeated = (perDate.get(run.bizdate) ?? 0) > 1;
    return {
      id: run.id,
      label: repeated ? `${run.bizdate} ${formatClock(run.created_at, timeZone)}` : run.bizdate,
      bizdate: run.bizdate,
      created_at: run.created_at,
      value: isNumber(run.value) ? run.value : null,
      lower,
      upper,
      band: lower !== null && upper !== null ? [lower, upper] : null,
      verdict: run.verdict,
    };
  });
}

/**
 * Y axis domain that shows the values and the bounds with a little room, rounded out to a round
 * step (so the ticks read 0, 2,000, 4,000 rather than 766.19, 2,266.19); never below 0 for
 * values that are not.
 */
export function chartAxis(points: ChartPoint[]): { domain: [number, number]; ticks: number[] } | null {
  const numbers = points.flatMap((point) => [point.value, point.lower, point.upper]).filter(isNumber);
  if (!numbers.length) return null;
  const low = Math.min(...numbers);
  const high = Math.max(...numbers);
  const pad = high === low ? Math.max(Math.abs(high) * 0.1, 1) : (high - low) * 0.1;
  const step = niceStep(high + pad - (low - pad));
  let bottom = Math.floor((low - pad) / step) * step;
  if (bottom < 0 && low >= 0) bottom = 0;
  const top = Math.ceil((high + pad) / step) * step;
  const ticks: number[] = [];
  for (let tick = bottom; tick <= top + step / 2; tick += step) ticks.push(round(tick));
  return { domain: [round(bottom), round(top)], ticks };
}

export function chartDomain(points: ChartPoint[]): [number, number] | null {
  return chartAxis(points)?.domain ?? null;
}

/** A round step (1, 2 or 5 times a power of ten) for about five intervals over the span. */
function niceStep(span: number): number {
  const raw = span / 5;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const fraction = raw / magnitude;
  return (fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10) * magnitude;
}

const round = (value: number) => Number(value.toPrecision(12));

/** "1.2 s", "340 ms", "—". */
export function formatDuration(ms: number | null | undefined): string {
  if (!isNumber(ms)) return "—";
  if (ms < 1000) return text("duration.ms", { count: Math.round(ms) });
  if (ms < 60_000) return text("duration.s", { count: (ms / 1000).toFixed(1) });
  return text("duration.min", { minutes: Math.floor(ms / 60_000), seconds: Math.round((ms % 60_000) / 1000) });
}
