// The instance list's filters and sort <-> the page's query string <-> the API's query parameters.
// The URL holds them so that a filtered list can be shared, bookmarked and reloaded.
import type { InstanceListParams } from "./api";
import { isInstanceState, type InstanceState, type RunKind } from "./states";

/** The list's tabs, as DataWorks has them: cycle instances, backfill instances, test runs. */
export const INSTANCE_TABS = ["cycle", "backfill", "test"] as const;
export type InstanceTab = (typeof INSTANCE_TABS)[number];
/** The run kinds each tab shows: a manual run of a scheduled node is one of its cycle instances. */
export const TAB_RUN_KINDS: Record<InstanceTab, RunKind[]> = {
  cycle: ["scheduled", "manual"],
  backfill: ["backfill"],
  test: ["test"],
};
const LEGACY_RUN_KIND: Record<string, InstanceTab> = { scheduled: "cycle", manual: "cycle", backfill: "backfill", test: "test" };

export interface InstanceFilters {
  /** One business date, or a range with bizdate_from / bizdate_to. */
  bizdate?: string;
  bizdate_from?: string;
  bizdate_to?: string;
  status: InstanceState[];
  node?: number;
  workflow?: number;
  owner?: number;
  /** Which tab: cycle instances unless asked. */
  tab?: InstanceTab;
  backfill?: number;
  search?: string;
}

export const SORT_KEYS = ["node_name", "status", "bizdate", "cyctime", "duration"] as const;
export type SortKey = (typeof SORT_KEYS)[number];
export interface Sort {
  key: SortKey;
  desc: boolean;
}

type Ordering = NonNullable<InstanceListParams["ordering"]>;

/** Every sort is done by the server over all matching rows (`?ordering=`), not on the page. */
const SERVER_ORDER: Record<SortKey, Exclude<Ordering, `-${string}`>> = {
  node_name: "node_name",
  status: "status",
  bizdate: "bizdate",
  cyctime: "cyctime",
  duration: "duration",
};

/** The API's `ordering` for a sort (undefined: newest first). */
export function sortToOrdering(sort: Sort | null): Ordering | undefined {
  const field = sort ? SERVER_ORDER[sort.key] : undefined;
  if (!field || !sort) return undefined;
  return sort.desc ? `-${field}` : field;
}

export const PAGE_SIZES = [20, 50, 100, 200] as const;
export const DEFAULT_PAGE_SIZE = 50;

export const EMPTY_FILTERS: InstanceFilters = { status: [] };

const DATE = /^\d{4}-\d{2}-\d{2}$/;

function validDate(value: string | null): string | undefined {
  if (!value || !DATE.test(value)) return undefined;
  const parsed = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === value ? value : undefined;
}

function validId(value: string | null): number | undefined {
  if (!value || !/^\d{1,15}$/.test(value)) return undefined;
  const number = Number(value);
  return number > 0 ? number : undefined;
}

/** Read filters from a query string; anything malformed is dropped, never sent on. */
export function parseFilters(search: string | URLSearchParams): InstanceFilters {
  const params = typeof search === "string" ? new URLSearchParams(search) : search;
  const filters: InstanceFilters = { status: [] };
  const bizdate = validDate(params.get("bizdate"));
  if (bizdate) filters.bizdate = bizdate;
  else {
    const from = validDate(params.get("bizdate_from"));
    const to = validDate(params.get("bizdate_to"));
    if (from) filters.bizdate_from = from;
    if (to) filters.bizdate_to = to;
  }
  const statuses = (params.get("status") ?? "")
    .split(",")
    .map((value) => value.trim())
    .filter(isInstanceState);
  filters.status = Array.from(new Set(statuses));
  for (const name of ["node", "workflow", "owner", "backfill"] as const) {
    const id = validId(params.get(name));
    if (id !== undefined) filters[name] = id;
  }
  const tab = params.get("type") ?? "";
  const chosen = (INSTANCE_TABS as readonly string[]).includes(tab) ? (tab as InstanceTab) : LEGACY_RUN_KIND[params.get("run_kind") ?? ""];
  if (chosen && chosen !== "cycle") filters.tab = chosen;
  const text = params.get("search")?.trim();
  if (text) filters.search = text.slice(0, 200);
  return filters;
}

/** Filter entries in a fixed order, leaving out empty ones. */
function filterEntries(filters: InstanceFilters): [string, string][] {
  const entries: [string, string][] = [];
  if (filters.bizdate) entries.push(["bizdate", filters.bizdate]);
  else {
    if (filters.bizdate_from) entries.push(["bizdate_from", filters.bizdate_from]);
    if (filters.bizdate_to) entries.push(["bizdate_to", filters.bizdate_to]);
  }
  if (filters.status.length) entries.push(["status", filters.status.join(",")]);
  if (filters.tab && filters.tab !== "cycle") entries.push(["type", filters.tab]);
  for (const name of ["node", "workflow", "owner", "backfill"] as const) {
    const value = filters[name];
    if (value !== undefined && value !== null) entries.push([name, String(value)]);
  }
  if (filters.search?.trim()) entries.push(["search", filters.search.trim()]);
  return entries;
}

export function parseSort(search: string | URLSearchParams): Sort | null {
  const params = typeof search === "string" ? new URLSearchParams(search) : search;
  const value = params.get("sort");
  if (!value) return null;
  const desc = value.startsWith("-");
  const key = desc ? value.slice(1) : value;
  return (SORT_KEYS as readonly string[]).includes(key) ? { key: key as SortKey, desc } : null;
}

export function parsePageSize(search: string | URLSearchParams): number {
  const params = typeof search === "string" ? new URLSearchParams(search) : search;
  const size = Number(params.get("page_size"));
  return (PAGE_SIZES as readonly number[]).includes(size) ? size : DEFAULT_PAGE_SIZE;
}

/** The page's query string ("" or "?a=b...") for filters, sort and page size. */
export function filtersToSearch(filters: InstanceFilters, sort: Sort | null = null, pageSize = DEFAULT_PAGE_SIZE): string {
  const params = new URLSearchParams(filterEntries(filters));
  if (sort) params.set("sort", `${sort.desc ? "-" : ""}${sort.key}`);
  if (pageSize !== DEFAULT_PAGE_SIZE) params.set("page_size", String(pageSize));
  const text = params.toString();
  return text ? `?${text}` : "";
}

/** The API's query parameters (scheduler/selectors.py instance_list) for filters, in the order of the page's. */
export function filtersToApiParams(filters: InstanceFilters): InstanceListParams {
  const params: InstanceListParams = {};
  if (filters.bizdate) params.bizdate = filters.bizdate;
  else {
    if (filters.bizdate_from) params.bizdate_from = filters.bizdate_from;
    if (filters.bizdate_to) params.bizdate_to = filters.bizdate_to;
  }
  if (filters.status.length) params.status = filters.status.join(",");
  for (const name of ["node", "workflow", "owner"] as const) {
    const value = filters[name];
    if (value !== undefined && value !== null) params[name] = value;
  }
  params.run_kind = TAB_RUN_KINDS[filters.tab ?? "cycle"].join(",");
  if (filters.backfill !== undefined && filters.backfill !== null) params.backfill = filters.backfill;
  if (filters.search?.trim()) params.search = filters.search.trim();
  return params;
}

/** The API's query parameters for the list's filters and sort (the page's, before its paging). */
export function listParams(filters: InstanceFilters, sort: Sort | null): InstanceListParams {
  const ordering = sortToOrdering(sort);
  return ordering ? { ...filtersToApiParams(filters), ordering } : filtersToApiParams(filters);
}

/** The parameters of a page of the list (the first one without a cursor), as the table asks. */
export function pageParams(params: InstanceListParams, pageSize: number, cursor: string | null): InstanceListParams {
  return { ...params, page_size: pageSize, cursor: cursor ?? undefined };
}

/** The parameters of the first page of the list at the address `search` ("?status=failed..."). */
export function firstPageParams(search: string): InstanceListParams {
  return pageParams(listParams(parseFilters(search), parseSort(search)), parsePageSize(search), null);
}

/** Filters set besides the tab. */
export function activeFilterCount(filters: InstanceFilters): number {
  return filterEntries(filters).filter(([name]) => name !== "type").length;
}

/** The `cursor` parameter of a DRF cursor-pagination link, or null. */
export function cursorOf(link: string | null | undefined): string | null {
  if (!link) return null;
  try {
    return new URL(link, "http://placeholder").searchParams.get("cursor");
  } catch {
    return null;
  }
}
