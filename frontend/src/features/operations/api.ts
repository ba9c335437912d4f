// The operations center's server state: instances, their logs and graphs, the dashboard, the Gantt
// rows of a day and backfills. Each hook owns its query key under ["operations", projectId, ...].
import { keepPreviousData, useMutation, useQuery, useQueryClient, type QueryClient } from "@tanstack/react-query";

import { ApiError, fallbackMessage, http, parseError, type QueryParams } from "../../api/client";
import type { BackfillRequest } from "./backfillForm";
import type { InstanceEventRow } from "./log";
import type { InstanceAction } from "./states";

export interface InstanceRow {
  id: number;
  node: number;
  node_name: string;
  node_type: string;
  workflow: number;
  owner: string | null;
  run_kind: string;
  cyctime: string;
  bizdate: string;
  status: string;
  reason: string;
  attempt: number;
  max_attempts: number;
  priority: number;
  queue: string;
  dry_run: boolean;
  backfill: number | null;
  queued_at: string | null;
  started_at: string | null;
  finished_at: string | null;
  duration_seconds: number | null;
  worker: string;
  error: string;
  created_at: string;
}

export interface Neighbour {
  id: number;
  node: number;
  name: string;
  status: string;
}

export interface InstanceDetail extends InstanceRow {
  params: Record<string, string>;
  result: Record<string, unknown>;
  version: number | null;
  timeout_seconds: number;
  not_before: string | null;
  lease_expires_at: string | null;
  upstream: Neighbour[];
  downstream: Neighbour[];
  waiting_for: string[];
}

export interface CursorPage<T> {
  next: string | null;
  previous: string | null;
  results: T[];
}

export interface GraphNode {
  id: number;
  node: number;
  name: string;
  status: string;
  cyctime: string;
  bizdate: string;
  run_kind: string;
  started_at: string | null;
  finished_at: string | null;
}

export interface InstanceGraph {
  root: number;
  nodes: GraphNode[];
  edges: { upstream: number; downstream: number }[];
}

export interface OpsRow {
  id: number;
  node: number;
  node_name: string;
  workflow: number;
  owner: string | null;
  status: string;
  run_kind: string;
  cyctime: string;
  bizdate: string;
  attempt: number;
  max_attempts: number;
  queued_at: string | null;
  started_at: string | null;
  finished_at: string | null;
  duration_seconds: number | null;
  elapsed_seconds: number | null;
  backfill: number | null;
  error: string;
}

export interface DashboardDay {
  bizdate: string;
  total: number;
  success: number;
  failed: number;
  running: number;
  success_rate: number | null;
  avg_duration_seconds: number | null;
  max_duration_seconds: number | null;
}

export interface Dashboard {
  bizdate: string;
  generated_at: string;
  counts: Record<string, number>;
  total: number;
  attention: OpsRow[];
  attention_total: number;
  running: OpsRow[];
  slowest: OpsRow[];
  history: DashboardDay[];
}

export interface Gantt {
  bizdate: string;
  now: string;
  total: number;
  truncated: boolean;
  rows: OpsRow[];
  edges: { upstream: number; downstream: number }[];
}

export interface NodeSummary {
  id: number;
  name: string;
  type: string;
  workflow: number;
  owner: number | null;
  deployed_version_number: number | null;
}

export interface Workflow {
  id: number;
  name: string;
}

export interface Member {
  id: number;
  user: number;
  username: string;
  role: string;
}

export interface ProjectGraph {
  nodes: { id: number; name: string; type: string; workflow: number; deployed: boolean }[];
  edges: { id: number; upstream: number; downstream: number; kind: string }[];
}

export interface BackfillPreview {
  instance_count: number;
  dates: string[];
  nodes: { id: number; name: string; project: number | string; workflow: number | string }[];
  estimated_seconds: number | null;
}

export interface BackfillPerDate {
  bizdate: string;
  status: string;
  counts: Record<string, number>;
}

export interface Backfill {
  id: number;
  name: string;
  status: string;
  order: string;
  parallelism: number;
  dates: string[];
  root_nodes: number[];
  node_ids: number[];
  created_by: string | number | null;
  created_at: string;
  finished_at: string | null;
  instances_total: number;
  counts: Record<string, number>;
  progress: number;
  estimated_finish: string | null;
  per_date?: BackfillPerDate[];
}

const base = (projectId: number) => `/api/v1/projects/${projectId}`;

export const opsKeys = {
  all: (projectId: number) => ["operations", projectId] as const,
  instances: (projectId: number) => ["operations", projectId, "instances"] as const,
  instanceList: (projectId: number, params: QueryParams) => ["operations", projectId, "instances", "list", params] as const,
  instance: (projectId: number, id: number) => ["operations", projectId, "instances", "detail", id] as const,
  events: (projectId: number, id: number) => ["operations", projectId, "instances", "events", id] as const,
  log: (projectId: number, id: number, attempt: number | null) =>
    ["operations", projectId, "instances", "log", id, attempt] as const,
  graph: (projectId: number, id: number, up: number, down: number) =>
    ["operations", projectId, "instances", "graph", id, up, down] as const,
  dashboard: (projectId: number, bizdate: string | null) => ["operations", projectId, "dashboard", bizdate] as const,
  gantt: (projectId: number, params: QueryParams) => ["operations", projectId, "gantt", params] as const,
  lookups: (projectId: number, what: string) => ["operations", projectId, "lookups", what] as const,
  backfills: (projectId: number) => ["operations", projectId, "backfills"] as const,
  backfill: (projectId: number, id: number) => ["operations", projectId, "backfills", id] as const,
};

export function useInstanceList(projectId: number, params: QueryParams) {
  return useQuery({
    queryKey: opsKeys.instanceList(projectId, params),
    queryFn: ({ signal }) => http.get<CursorPage<InstanceRow>>(`${base(projectId)}/instances/`, { params, signal }),
    placeholderData: keepPreviousData,
  });
}

export function useInstance(projectId: number, id: number) {
  return useQuery({
    queryKey: opsKeys.instance(projectId, id),
    queryFn: ({ signal }) => http.get<InstanceDetail>(`${base(projectId)}/instances/${id}/`, { signal }),
  });
}

export function useInstanceEvents(projectId: number, id: number) {
  return useQuery({
    queryKey: opsKeys.events(projectId, id),
    queryFn: ({ signal }) => http.get<InstanceEventRow[]>(`${base(projectId)}/instances/${id}/events/`, { signal }),
  });
}

export function logUrl(projectId: number, id: number, attempt: number | null, download = false): string {
  const params = new URLSearchParams();
  if (attempt !== null) params.set("attempt", String(attempt));
  if (download) params.set("download", "1");
  const query = params.toString();
  return `${base(projectId)}/instances/${id}/log/${query ? `?${query}` : ""}`;
}

/** A log is text whatever it looks like: fetched as is, not through the JSON client. */
async function fetchLog(url: string, signal?: AbortSignal): Promise<string> {
  let response: Response;
  try {
    response = await fetch(url, { credentials: "same-origin", headers: { Accept: "text/plain, application/json;q=0.9, */*;q=0.5" }, signal });
  } catch (error) {
    if (error instanceof DOMException && error.name === "AbortError") throw error;
    throw new ApiError(0, fallbackMessage(0));
  }
  const text = await response.text();
  if (!response.ok) {
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      /* plain text */
    }
    throw parseError(response.status, body);
  }
  return text;
}

export function useInstanceLog(projectId: number, id: number, attempt: number | null, enabled = true) {
  return useQuery({
    queryKey: opsKeys.log(projectId, id, attempt),
    queryFn: ({ signal }) => fetchLog(logUrl(projectId, id, attempt), signal),
    enabled,
  });
}

export function useInstanceGraph(projectId: number, id: number, up: number, down: number) {
  return useQuery({
    queryKey: opsKeys.graph(projectId, id, up, down),
    queryFn: ({ signal }) =>
      http.get<InstanceGraph>(`${base(projectId)}/instances/${id}/graph/`, { params: { up, down }, signal }),
    placeholderData: keepPreviousData,
  });
}

export function useDashboard(projectId: number, bizdate: string | null) {
  return useQuery({
    queryKey: opsKeys.dashboard(projectId, bizdate),
    queryFn: ({ signal }) =>
      http.get<Dashboard>(`${base(projectId)}/operations/dashboard/`, { params: { bizdate }, signal }),
    placeholderData: keepPreviousData,
    refetchInterval: 60_000,
  });
}

export function useGantt(projectId: number, params: QueryParams) {
  return useQuery({
    queryKey: opsKeys.gantt(projectId, params),
    queryFn: ({ signal }) => http.get<Gantt>(`${base(projectId)}/operations/gantt/`, { params, signal }),
    placeholderData: keepPreviousData,
  });
}

// Lookups for filters and the backfill wizard: small, cached for a minute.
/** Nodes whose name contains `search` (the first 50), for a filter that must work at 10,000 nodes. */
export function useNodeSearch(projectId: number, search: string) {
  return useQuery({
    queryKey: [...opsKeys.lookups(projectId, "nodes"), search] as const,
    queryFn: async ({ signal }) => {
      const page = await http.get<{ results: NodeSummary[] } | NodeSummary[]>(`${base(projectId)}/nodes/`, {
        params: { search: search || undefined, page_size: 50 },
        signal,
      });
      return Array.isArray(page) ? page : page.results;
    },
    staleTime: 60_000,
    placeholderData: keepPreviousData,
  });
}

export function useNode(projectId: number, id: number | undefined) {
  return useQuery({
    queryKey: [...opsKeys.lookups(projectId, "node"), id] as const,
    queryFn: ({ signal }) => http.get<NodeSummary>(`${base(projectId)}/nodes/${id}/`, { signal }),
    enabled: id !== undefined,
    staleTime: 60_000,
  });
}

export function useWorkflows(projectId: number) {
  return useQuery({
    queryKey: opsKeys.lookups(projectId, "workflows"),
    queryFn: ({ signal }) => http.get<Workflow[]>(`${base(projectId)}/workflows/`, { signal }),
    staleTime: 60_000,
  });
}

export function useMembers(projectId: number) {
  return useQuery({
    queryKey: opsKeys.lookups(projectId, "members"),
    queryFn: ({ signal }) => http.get<Member[]>(`${base(projectId)}/members/`, { signal }),
    staleTime: 60_000,
  });
}

export function useProjectGraph(projectId: number, enabled = true) {
  return useQuery({
    queryKey: opsKeys.lookups(projectId, "graph"),
    queryFn: ({ signal }) => http.get<ProjectGraph>(`${base(projectId)}/graph/`, { signal }),
    staleTime: 60_000,
    enabled,
  });
}

/** The server's answer to an operator action: the instance, or the ids a rerun-downstream moved. */
export type ActionResult = InstanceDetail | { rerun: number[] };

export function runInstanceAction(projectId: number, id: number, action: InstanceAction): Promise<ActionResult> {
  return http.post<ActionResult>(`${base(projectId)}/instances/${id}/${action}/`);
}

/** Everything that shows instances may be stale after an action. */
export function invalidateInstances(client: QueryClient, projectId: number) {
  void client.invalidateQueries({ queryKey: opsKeys.all(projectId) });
}

export function useInstanceAction(projectId: number) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, action }: { id: number; action: InstanceAction }) => runInstanceAction(projectId, id, action),
    onSettled: () => invalidateInstances(client, projectId),
  });
}

/** Backfill list results may come paginated or not; accept both. */
function listOf<T>(data: T[] | { results: T[] }): T[] {
  return Array.isArray(data) ? data : data.results;
}

export function useBackfills(projectId: number, { poll = false }: { poll?: boolean } = {}) {
  return useQuery({
    queryKey: opsKeys.backfills(projectId),
    queryFn: async ({ signal }) =>
      listOf(await http.get<Backfill[] | { results: Backfill[] }>(`${base(projectId)}/backfills/`, { signal })),
    refetchInterval: (query) => (poll && !query.state.error ? 15_000 : false),
  });
}

export function useBackfill(projectId: number, id: number) {
  return useQuery({
    queryKey: opsKeys.backfill(projectId, id),
    queryFn: ({ signal }) => http.get<Backfill>(`${base(projectId)}/backfills/${id}/`, { signal }),
    refetchInterval: (query) => (query.state.data && ["running", "paused"].includes(query.state.data.status) ? 10_000 : false),
  });
}

export function previewBackfill(projectId: number, body: BackfillRequest): Promise<BackfillPreview> {
  return http.post<BackfillPreview>(`${base(projectId)}/backfills/preview/`, body);
}

export function useCreateBackfill(projectId: number) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: BackfillRequest) => http.post<Backfill>(`${base(projectId)}/backfills/`, body),
    onSuccess: () => void client.invalidateQueries({ queryKey: opsKeys.backfills(projectId) }),
  });
}

export type BackfillAction = "pause" | "resume" | "cancel";

export function useBackfillAction(projectId: number) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, action }: { id: number; action: BackfillAction }) =>
      http.post<Backfill>(`${base(projectId)}/backfills/${id}/${action}/`),
    onSuccess: (backfill) => client.setQueryData(opsKeys.backfill(projectId, backfill.id), backfill),
    onSettled: () => void client.invalidateQueries({ queryKey: opsKeys.all(projectId) }),
  });
}

/** The backfill API answers 404 (or 405) on a server that does not have it yet. */
export function isMissingApi(error: unknown): boolean {
  return error instanceof ApiError && (error.status === 404 || error.status === 405);
}
