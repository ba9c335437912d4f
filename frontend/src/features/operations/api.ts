// The operations center's server state: instances, their logs and graphs, the dashboard, the Gantt
// rows of a day and backfills, keyed by resource (queries/keys.ts).
import {
  hashKey,
  keepPreviousData,
  queryOptions,
  useMutation,
  useQuery,
  useQueryClient,
  type QueryClient,
} from "@tanstack/react-query";

import { ApiError, fallbackMessage, inProject, ok, parseError, type Schema, server } from "../../api/client";
import { changes, invalidate } from "../../queries/invalidate";
import { keys, type GanttParams, type InstanceListParams } from "../../queries/keys";
import type { BackfillRequest } from "./backfillForm";
import type { InstanceAction } from "./states";

export type InstanceRow = Schema<"InstanceOutput">;
export type InstanceDetail = Schema<"InstanceDetail">;
export type Neighbour = Schema<"Neighbour">;
/** A cursor page of instances: `next` and `previous` are links holding the cursor. */
export type InstancePage = Schema<"PaginatedInstanceOutputList">;
export type InstanceEvent = Schema<"InstanceEvent">;
export type InstanceGraph = Schema<"InstanceGraph">;
export type GraphNode = Schema<"GraphInstance">;
/** An instance as the dashboard and the Gantt list it. */
export type OpsRow = Schema<"OpsRow">;
export type DashboardDay = Schema<"DashboardDay">;
export type Dashboard = Schema<"Dashboard">;
export type Gantt = Schema<"Gantt">;
export type BackfillPreview = Schema<"BackfillPreview">;
export type BackfillPerDate = Schema<"PerDate">;
/** A backfill as the list has it; the detail adds its dates' progress and its nodes. */
export type Backfill = Schema<"Backfill">;
export type BackfillDetail = Schema<"BackfillDetail">;

export type { GanttParams, InstanceListParams } from "../../queries/keys";

const one = (projectId: number, id: number) => ({ path: { project_id: projectId, id } });

/** A page of instances (filters.ts pageParams). */
export const instanceListQuery = (projectId: number, params: InstanceListParams) =>
  queryOptions({
    queryKey: keys.instanceList(projectId, params),
    queryFn: ({ signal }) =>
      ok(server.GET("/api/v1/projects/{project_id}/instances/", { params: { ...inProject(projectId), query: params }, signal })),
  });

/** How long the page asked for as the app starts stays fresh: the list's first render shows it
 * instead of asking the server again (and rendering its rows twice). Every other page follows
 * the app's policy (queryClient.ts): asked for again whenever it shows anew. */
export const STARTUP_PAGE_FRESH_MS = 5_000;
let startupPageHash: string | null = null;

/** Ask for the list's first page while the app's code loads (App.tsx). */
export function prefetchStartupPage(client: QueryClient, projectId: number, params: InstanceListParams): Promise<void> {
  const options = instanceListQuery(projectId, params);
  startupPageHash = hashKey(options.queryKey);
  return client.prefetchQuery(options);
}

const listStaleTime = (query: { queryHash: string }): number => (query.queryHash === startupPageHash ? STARTUP_PAGE_FRESH_MS : 0);

export function useInstanceList(projectId: number, params: InstanceListParams) {
  return useQuery({ ...instanceListQuery(projectId, params), placeholderData: keepPreviousData, staleTime: listStaleTime });
}

export function useInstance(projectId: number, id: number) {
  return useQuery({
    queryKey: keys.instance(projectId, id),
    queryFn: ({ signal }) => ok(server.GET("/api/v1/projects/{project_id}/instances/{id}/", { params: one(projectId, id), signal })),
  });
}

export function useInstanceEvents(projectId: number, id: number) {
  return useQuery({
    queryKey: keys.instanceEvents(projectId, id),
    queryFn: ({ signal }) => ok(server.GET("/api/v1/projects/{project_id}/instances/{id}/events/", { params: one(projectId, id), signal })),
  });
}

export function logUrl(projectId: number, id: number, attempt: number | null, download = false): string {
  const params = new URLSearchParams();
  if (attempt !== null) params.set("attempt", String(attempt));
  if (download) params.set("download", "1");
  const query = params.toString();
  return `/api/v1/projects/${projectId}/instances/${id}/log/${query ? `?${query}` : ""}`;
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
    queryKey: keys.instanceLog(projectId, id, attempt),
    queryFn: ({ signal }) => fetchLog(logUrl(projectId, id, attempt), signal),
    enabled,
  });
}

export function useInstanceGraph(projectId: number, id: number, up: number, down: number) {
  return useQuery({
    queryKey: keys.instanceGraph(projectId, id, up, down),
    queryFn: ({ signal }) => ok(server.GET("/api/v1/projects/{project_id}/instances/{id}/graph/", { params: { ...one(projectId, id), query: { up, down } }, signal })),
    placeholderData: keepPreviousData,
  });
}

export function useDashboard(projectId: number, bizdate: string | null) {
  return useQuery({
    queryKey: keys.dashboard(projectId, bizdate),
    queryFn: ({ signal }) =>
      ok(
        server.GET("/api/v1/projects/{project_id}/operations/dashboard/", {
          params: { ...inProject(projectId), query: { bizdate: bizdate ?? undefined } },
          signal,
        }),
      ),
    placeholderData: keepPreviousData,
    refetchInterval: 60_000,
  });
}

export function useGantt(projectId: number, params: GanttParams) {
  return useQuery({
    queryKey: keys.gantt(projectId, params),
    queryFn: ({ signal }) =>
      ok(server.GET("/api/v1/projects/{project_id}/operations/gantt/", { params: { ...inProject(projectId), query: params }, signal })),
    placeholderData: keepPreviousData,
  });
}

/** The server's answer to an operator action: the instance, or the ids a rerun-downstream moved. */
export type ActionResult = InstanceDetail | Schema<"RerunDownstream">;

export function runInstanceAction(projectId: number, id: number, action: InstanceAction): Promise<ActionResult> {
  const params = one(projectId, id);
  switch (action) {
    case "rerun":
      return ok(server.POST("/api/v1/projects/{project_id}/instances/{id}/rerun/", { params }));
    case "rerun-downstream":
      return ok(server.POST("/api/v1/projects/{project_id}/instances/{id}/rerun-downstream/", { params }));
    case "set-success":
      return ok(server.POST("/api/v1/projects/{project_id}/instances/{id}/set-success/", { params }));
    case "set-failed":
      return ok(server.POST("/api/v1/projects/{project_id}/instances/{id}/set-failed/", { params }));
    case "freeze":
      return ok(server.POST("/api/v1/projects/{project_id}/instances/{id}/freeze/", { params }));
    case "unfreeze":
      return ok(server.POST("/api/v1/projects/{project_id}/instances/{id}/unfreeze/", { params }));
    case "kill":
      return ok(server.POST("/api/v1/projects/{project_id}/instances/{id}/kill/", { params }));
  }
}

/** Everything that shows instances may be stale after an action. */
export function invalidateInstances(client: QueryClient, projectId: number) {
  void invalidate(client, changes.instances(projectId));
}

export function useInstanceAction(projectId: number) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, action }: { id: number; action: InstanceAction }) => runInstanceAction(projectId, id, action),
    onSettled: () => invalidateInstances(client, projectId),
  });
}

/** The first page of backfills, newest first (the server pages them by 50). */
export function useBackfills(projectId: number, { poll = false }: { poll?: boolean } = {}) {
  return useQuery({
    queryKey: keys.backfills(projectId),
    queryFn: async ({ signal }) =>
      (await ok(server.GET("/api/v1/projects/{project_id}/backfills/", { params: inProject(projectId), signal }))).results,
    refetchInterval: (query) => (poll && !query.state.error ? 15_000 : false),
  });
}

export function useBackfill(projectId: number, id: number) {
  return useQuery({
    queryKey: keys.backfill(projectId, id),
    queryFn: ({ signal }) => ok(server.GET("/api/v1/projects/{project_id}/backfills/{id}/", { params: one(projectId, id), signal })),
    refetchInterval: (query) => (query.state.data && ["running", "paused"].includes(query.state.data.status) ? 10_000 : false),
  });
}

export function previewBackfill(projectId: number, body: BackfillRequest): Promise<BackfillPreview> {
  return ok(server.POST("/api/v1/projects/{project_id}/backfills/preview/", { params: inProject(projectId), body }));
}

export function useCreateBackfill(projectId: number) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: BackfillRequest) =>
      ok(server.POST("/api/v1/projects/{project_id}/backfills/", { params: inProject(projectId), body })),
    onSuccess: () => void invalidate(client, changes.backfills(projectId)),
  });
}

export type BackfillAction = "pause" | "resume" | "cancel";

function runBackfillAction(projectId: number, id: number, action: BackfillAction): Promise<BackfillDetail> {
  const params = one(projectId, id);
  switch (action) {
    case "pause":
      return ok(server.POST("/api/v1/projects/{project_id}/backfills/{id}/pause/", { params }));
    case "resume":
      return ok(server.POST("/api/v1/projects/{project_id}/backfills/{id}/resume/", { params }));
    case "cancel":
      return ok(server.POST("/api/v1/projects/{project_id}/backfills/{id}/cancel/", { params }));
  }
}

export function useBackfillAction(projectId: number) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, action }: { id: number; action: BackfillAction }) => runBackfillAction(projectId, id, action),
    onSuccess: (backfill) => client.setQueryData(keys.backfill(projectId, backfill.id), backfill),
    onSettled: () => void invalidate(client, changes.backfills(projectId)),
  });
}

/** The backfill API answers 404 (or 405) on a server that does not have it yet. */
export function isMissingApi(error: unknown): boolean {
  return error instanceof ApiError && (error.status === 404 || error.status === 405);
}

/** A cursor page of the project's deployments, newest first, of one node or all. */
export function useDeploymentPage(projectId: number, nodeId: number | null, cursor: string | null) {
  return useQuery({
    queryKey: [...keys.deployments(projectId, nodeId), cursor ?? ""],
    queryFn: ({ signal }) =>
      ok(
        server.GET("/api/v1/projects/{project_id}/deployments/", {
          params: { ...inProject(projectId), query: { node: nodeId ?? undefined, cursor: cursor ?? undefined, page_size: 100 } },
          signal,
        }),
      ),
    placeholderData: keepPreviousData,
  });
}
