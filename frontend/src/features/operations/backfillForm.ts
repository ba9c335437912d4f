// The backfill wizard's form values -> the request body of POST backfills/ and backfills/preview/,
// checked here first so that the user hears about a mistake before the server does.
import type { Dayjs } from "dayjs";

import type { Schema } from "../../api/client";
import i18n from "../../i18n";
import { dateRange } from "./format";

export type DownstreamMode = Schema<"DownstreamEnum">;
export type DateMode = "range" | "list";
export type RunOrder = Schema<"OrderEnum">;

export interface BackfillFormValues {
  name: string;
  root_nodes: number[];
  downstream: DownstreamMode;
  downstream_nodes: number[];
  date_mode: DateMode;
  /** [start, end] as YYYY-MM-DD. */
  range?: [string, string] | null;
  dates?: string[];
  order: RunOrder;
  parallelism: number;
  use_hours: boolean;
  hour_from?: number | null;
  hour_to?: number | null;
}

/** The request body of POST backfills/ and backfills/preview/. */
export type BackfillRequest = Schema<"BackfillInputRequest">;

export const INITIAL_BACKFILL_VALUES: BackfillFormValues = {
  name: "",
  root_nodes: [],
  downstream: "all",
  downstream_nodes: [],
  date_mode: "range",
  range: null,
  dates: [],
  order: "asc",
  parallelism: 1,
  use_hours: false,
  hour_from: 0,
  hour_to: 23,
};

/** At most this many business dates in one backfill (ten years of days). */
export const MAX_DATES = 3660;

const DATE = /^\d{4}-\d{2}-\d{2}$/;

function uniqueSorted(values: string[]): string[] {
  return Array.from(new Set(values)).sort();
}

/** The business dates the form names, sorted and without repeats (the order option applies later). */
export function formDates(values: Pick<BackfillFormValues, "date_mode" | "range" | "dates">): string[] {
  if (values.date_mode === "list") return uniqueSorted((values.dates ?? []).filter((d) => DATE.test(d)));
  const [start, end] = values.range ?? [];
  if (!start || !end || !DATE.test(start) || !DATE.test(end) || start > end) return [];
  return dateRange(start, end, MAX_DATES + 1);
}

/** A name when the user gave none: "backfill dwd_orders 2024-01-01..2024-01-31". */
export function defaultBackfillName(rootNames: string[], dates: string[]): string {
  const who = rootNames.length === 0 ? "" : rootNames.length === 1 ? ` ${rootNames[0]}` : ` ${rootNames[0]} +${rootNames.length - 1}`;
  const when = dates.length === 0 ? "" : dates.length === 1 ? ` ${dates[0]}` : ` ${dates[0]}..${dates[dates.length - 1]}`;
  return `backfill${who}${when}`.slice(0, 200);
}

/** Field -> reason for every mistake in the form (empty when it can be sent). */
export function validateBackfill(values: BackfillFormValues): Record<string, string> {
  const errors: Record<string, string> = {};
  const t = i18n.getFixedT(null, "operations", "wizard.errors");
  if (!values.root_nodes.length) errors.root_nodes = t("rootNodes");
  if (values.downstream === "selected" && !values.downstream_nodes.length) {
    errors.downstream_nodes = t("downstreamNodes");
  }
  if (values.date_mode === "range") {
    const [start, end] = values.range ?? [];
    if (!start || !end) errors.range = t("range");
    else if (start > end) errors.range = t("rangeOrder");
    else if (formDates(values).length > MAX_DATES) errors.range = `At most ${MAX_DATES} dates in one backfill.`;
  } else {
    const dates = formDates(values);
    if (!dates.length) errors.dates = t("dates");
    else if (dates.length > MAX_DATES) errors.dates = `At most ${MAX_DATES} dates in one backfill.`;
  }
  if (!Number.isInteger(values.parallelism) || values.parallelism < 1) {
    errors.parallelism = t("parallelism");
  }
  if (values.use_hours) {
    const { hour_from: from, hour_to: to } = values;
    const hour = (h: number | null | undefined) => typeof h === "number" && Number.isInteger(h) && h >= 0 && h <= 23;
    if (!hour(from)) errors.hour_from = t("hour");
    if (!hour(to)) errors.hour_to = t("hour");
    if (hour(from) && hour(to) && (from as number) > (to as number)) errors.hour_to = t("hourOrder");
  }
  if (values.name.length > 200) errors.name = t("nameLength");
  return errors;
}

/**
 * The request body of the backfill API. A range is sent as start_date/end_date, a list as dates;
 * downstream_nodes only when the mode is "selected"; hours only when asked for.
 */
export function backfillRequestBody(values: BackfillFormValues, rootNames: string[] = []): BackfillRequest {
  const dates = formDates(values);
  const body: BackfillRequest = {
    name: values.name.trim() || defaultBackfillName(rootNames, dates),
    root_nodes: Array.from(new Set(values.root_nodes)),
    downstream: values.downstream,
    downstream_nodes:
      values.downstream === "selected"
        ? Array.from(new Set(values.downstream_nodes)).filter((id) => !values.root_nodes.includes(id))
        : [],
    order: values.order,
    parallelism: Math.max(1, Math.floor(values.parallelism || 1)),
  };
  if (values.date_mode === "range") {
    body.start_date = dates[0];
    body.end_date = dates[dates.length - 1];
  } else {
    body.dates = dates;
  }
  if (values.use_hours && typeof values.hour_from === "number" && typeof values.hour_to === "number") {
    body.hour_from = values.hour_from;
    body.hour_to = values.hour_to;
  }
  return body;
}

interface Edge {
  upstream: number;
  downstream: number;
  kind?: string;
}

/**
 * Every node downstream of the roots over same-cycle and cross-cycle edges between different
 * nodes (a self-dependency adds nothing), in breadth-first order, roots excluded.
 */
export function downstreamOf(roots: number[], edges: Edge[]): number[] {
  const children = new Map<number, number[]>();
  for (const edge of edges) {
    if (edge.upstream === edge.downstream) continue;
    const list = children.get(edge.upstream) ?? [];
    list.push(edge.downstream);
    children.set(edge.upstream, list);
  }
  const rootSet = new Set(roots);
  const seen = new Set<number>(roots);
  const order: number[] = [];
  let frontier = [...roots];
  while (frontier.length) {
    const next: number[] = [];
    for (const id of frontier) {
      for (const child of children.get(id) ?? []) {
        if (seen.has(child)) continue;
        seen.add(child);
        if (!rootSet.has(child)) order.push(child);
        next.push(child);
      }
    }
    frontier = next;
  }
  return order;
}

/** The wizard's values as antd holds them: dates as dayjs objects. */
export interface RawBackfillValues extends Omit<BackfillFormValues, "range" | "dates"> {
  range?: [Dayjs | null, Dayjs | null] | null;
  dates?: Dayjs[];
}

const day = (value: Dayjs | null | undefined) => (value ? value.format("YYYY-MM-DD") : "");

/** The form's values (possibly partial while it is filled in) with dates as YYYY-MM-DD. */
export function toFormValues(raw: Partial<RawBackfillValues>): BackfillFormValues {
  const merged = { ...INITIAL_BACKFILL_VALUES, ...raw } as RawBackfillValues;
  const range =
    merged.range && merged.range[0] && merged.range[1] ? ([day(merged.range[0]), day(merged.range[1])] as [string, string]) : null;
  return {
    ...merged,
    name: merged.name ?? "",
    root_nodes: merged.root_nodes ?? [],
    downstream_nodes: merged.downstream_nodes ?? [],
    range,
    dates: (merged.dates ?? []).map((value) => day(value)).filter(Boolean),
    parallelism: Number(merged.parallelism ?? 1),
  };
}
