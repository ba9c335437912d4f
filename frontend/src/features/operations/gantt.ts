// Geometry of the Gantt chart of a business date: one row per instance, a bar from its start to
// its end (or to now while it runs), a thin line from its planned time to its start (the wait),
// and the upstream that finished last before it started: what held it back.
import type { Schema } from "../../api/client";
import { stateColor } from "./states";

/** What the chart reads of a server row (the Gantt's and the dashboard's rows have it). */
export type GanttRow = Pick<Schema<"OpsRow">, "id" | "node_name" | "status" | "cyctime" | "queued_at" | "started_at" | "finished_at"> &
  Partial<Pick<Schema<"OpsRow">, "run_kind">>;

/**
 * When a run was due. A scheduled instance is due at its cycle time; a backfilled (or manual, or
 * test) run is due when it was released to the queue: its original cycle time lies days back,
 * and measuring from it would call every backfilled run late and squeeze its bar to nothing.
 */
export function dueAt(row: GanttRow): number | null {
  if (!row.run_kind || row.run_kind === "scheduled") return ms(row.cyctime);
  return ms(row.queued_at) ?? ms(row.started_at);
}

export type GanttEdge = Schema<"InstanceEdge">;

export interface GanttOptions {
  /** Width of the time area in px (labels are drawn left of it). */
  width: number;
  rowHeight?: number;
  /** Top margin for the axis, px. */
  axisHeight?: number;
  /** Current time, ms: running bars end here. */
  now: number;
  /** A start this many seconds after the planned time counts as late. */
  lateAfterSeconds?: number;
  /** Smallest bar width, px, so that a one-second run stays visible. */
  minBarWidth?: number;
  /** Format a tick label (ms -> text). */
  tickLabel?: (ms: number, step: number) => string;
}

export interface GanttBar {
  id: number;
  row: number;
  /** Top of the row, px. */
  y: number;
  status: string;
  color: string;
  /** The run: null when it has not started. */
  x: number | null;
  width: number;
  running: boolean;
  /** Planned (cycle) time marker, px. */
  plannedX: number;
  /** The wait from the planned time to the start (or to now while it waits), px; width 0 if none. */
  waitX: number;
  waitWidth: number;
  /** Seconds between planned time and start (or now, while it waits); 0 when on time. */
  lateSeconds: number;
  late: boolean;
  /** The upstream instance whose finish released it, when that finish came after its planned time. */
  blockedBy: number | null;
}

export interface GanttTick {
  x: number;
  label: string;
}

export interface GanttLayout {
  start: number;
  end: number;
  bars: GanttBar[];
  ticks: GanttTick[];
  height: number;
  rowHeight: number;
  axisHeight: number;
  /** x of "now" when it falls inside the chart, else null. */
  nowX: number | null;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
export const TICK_STEPS = [
  MINUTE,
  2 * MINUTE,
  5 * MINUTE,
  10 * MINUTE,
  15 * MINUTE,
  30 * MINUTE,
  HOUR,
  2 * HOUR,
  3 * HOUR,
  6 * HOUR,
  12 * HOUR,
  24 * HOUR,
];

function ms(value: string | null | undefined): number | null {
  if (!value) return null;
  const parsed = Date.parse(value);
  return Number.isNaN(parsed) ? null : parsed;
}

/** The smallest tick step that keeps ticks at least `minGap` px apart. */
export function tickStep(span: number, width: number, minGap = 70): number {
  if (span <= 0 || width <= 0) return TICK_STEPS[0];
  const perPx = span / width;
  return TICK_STEPS.find((step) => step / perPx >= minGap) ?? TICK_STEPS[TICK_STEPS.length - 1];
}

const defaultTickLabel = (value: number) => new Date(value).toISOString().slice(11, 16);

/**
 * For each instance, the upstream (among `edges`) that finished last no later than the instance
 * started (or, for one still waiting, the one it still waits for, if any): null if it started on
 * its own time.
 */
export function blockers(rows: GanttRow[], edges: GanttEdge[]): Map<number, number | null> {
  const byId = new Map(rows.map((row) => [row.id, row]));
  const ups = new Map<number, number[]>();
  for (const edge of edges) {
    if (!byId.has(edge.upstream) || !byId.has(edge.downstream)) continue;
    const list = ups.get(edge.downstream) ?? [];
    list.push(edge.upstream);
    ups.set(edge.downstream, list);
  }
  const out = new Map<number, number | null>();
  for (const row of rows) {
    // A run asked for by hand or by a backfill is released only once its upstream is done, so
    // its release time cannot tell whether the upstream held it back: the upstream always did.
    const scheduled = !row.run_kind || row.run_kind === "scheduled";
    const planned = scheduled ? (ms(row.cyctime) ?? 0) : -Infinity;
    const started = ms(row.started_at);
    const upIds = ups.get(row.id) ?? [];
    if (started === null) {
      // Still waiting: an unfinished upstream is what it waits for.
      const unfinished = upIds.find((id) => ms(byId.get(id)!.finished_at) === null);
      if (unfinished !== undefined) {
        out.set(row.id, unfinished);
        continue;
      }
    }
    let best: number | null = null;
    let bestEnd = -Infinity;
    for (const upId of upIds) {
      const end = ms(byId.get(upId)!.finished_at);
      if (end === null || (started !== null && end > started + 1000)) continue;
      if (end > bestEnd) {
        best = upId;
        bestEnd = end;
      }
    }
    // An upstream that finished before the planned time held nothing back.
    out.set(row.id, best !== null && bestEnd > planned ? best : null);
  }
  return out;
}

export function ganttLayout(rows: GanttRow[], edges: GanttEdge[], options: GanttOptions): GanttLayout {
  const rowHeight = options.rowHeight ?? 26;
  const axisHeight = options.axisHeight ?? 28;
  const lateAfter = (options.lateAfterSeconds ?? 300) * 1000;
  const minBar = options.minBarWidth ?? 2;
  const width = Math.max(1, options.width);
  const label = options.tickLabel ?? defaultTickLabel;
  const now = options.now;

  const times: number[] = [];
  for (const row of rows) {
    for (const t of [dueAt(row), ms(row.queued_at), ms(row.started_at), ms(row.finished_at)]) {
      if (t !== null) times.push(t);
    }
    if (row.started_at && !row.finished_at && (row.status === "running" || row.status === "checking")) times.push(now);
  }
  let start = times.length ? Math.min(...times) : now - HOUR;
  let end = times.length ? Math.max(...times) : now;
  if (end - start < 10 * MINUTE) {
    const middle = (start + end) / 2;
    start = middle - 5 * MINUTE;
    end = middle + 5 * MINUTE;
  }
  const pad = (end - start) * 0.02;
  start -= pad;
  end += pad;
  const span = end - start;
  const x = (t: number) => ((t - start) / span) * width;

  const blocked = blockers(rows, edges);
  const bars: GanttBar[] = rows.map((row, index) => {
    const started = ms(row.started_at);
    const finished = ms(row.finished_at);
    const waitingNow = started === null && (row.status === "pending" || row.status === "queued");
    const planned = dueAt(row) ?? (waitingNow ? Math.min(now, end) : start);
    const running = started !== null && finished === null && (row.status === "running" || row.status === "checking");
    let barX: number | null = null;
    let barWidth = 0;
    if (started !== null) {
      const stop = finished ?? (running ? now : started);
      barX = x(started);
      barWidth = Math.max(minBar, x(Math.max(stop, started)) - barX);
    }
    const waiting = started === null && (row.status === "pending" || row.status === "queued");
    const waitEnd = started ?? (waiting ? Math.min(now, end) : planned);
    const waitFrom = Math.min(planned, waitEnd);
    const lateMs = Math.max(0, waitEnd - planned);
    return {
      id: row.id,
      row: index,
      y: axisHeight + index * rowHeight,
      status: row.status,
      color: stateColor(row.status),
      x: barX,
      width: barWidth,
      running,
      plannedX: x(planned),
      waitX: x(waitFrom),
      waitWidth: Math.max(0, x(waitEnd) - x(waitFrom)),
      lateSeconds: Math.round(lateMs / 1000),
      late: lateMs > lateAfter,
      blockedBy: blocked.get(row.id) ?? null,
    };
  });

  const step = tickStep(span, width);
  const ticks: GanttTick[] = [];
  // Ticks on round multiples of the step (in UTC; whole hours line up in every whole-hour zone).
  for (let t = Math.ceil(start / step) * step; t <= end; t += step) ticks.push({ x: x(t), label: label(t, step) });

  return {
    start,
    end,
    bars,
    ticks,
    height: axisHeight + rows.length * rowHeight,
    rowHeight,
    axisHeight,
    nowX: now >= start && now <= end ? x(now) : null,
  };
}

/**
 * The chain that decided when the day finished: from the instance that finished last, back
 * through whatever held each one up. Returned root first.
 */
export function criticalPath(rows: GanttRow[], edges: GanttEdge[]): number[] {
  let last: GanttRow | null = null;
  for (const row of rows) {
    const end = ms(row.finished_at);
    if (end !== null && (last === null || end > (ms(last.finished_at) ?? -Infinity))) last = row;
  }
  if (!last) return [];
  const held = blockers(rows, edges);
  const chain: number[] = [];
  const seen = new Set<number>();
  let current: number | null = last.id;
  while (current !== null && !seen.has(current)) {
    seen.add(current);
    chain.push(current);
    current = held.get(current) ?? null;
  }
  return chain.reverse();
}
