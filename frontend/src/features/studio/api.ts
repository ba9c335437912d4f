// The Studio's server calls and TanStack Query hooks; each hook owns its query key.
import { keepPreviousData, useQuery } from "@tanstack/react-query";

import { http } from "../../api/client";
import { draftFromNode } from "./draft";
import type { TabMeta } from "./tabs";
import type {
  CronPreview,
  DataSource,
  DependencyEdge,
  DeployPreview,
  Draft,
  Graph,
  InstanceDetail,
  KnownTables,
  LineageProposal,
  Member,
  NodeDetail,
  NodeType,
  NodeVersion,
  RenderPreview,
  Upstream,
  Workflow,
} from "./types";

const project = (id: number) => `/api/v1/projects/${id}`;

export const studioKeys = {
  all: (projectId: number) => ["studio", projectId] as const,
  workflows: (projectId: number) => ["studio", projectId, "workflows"] as const,
  graph: (projectId: number) => ["studio", projectId, "graph"] as const,
  node: (projectId: number, nodeId: number) => ["studio", projectId, "node", nodeId] as const,
  versions: (projectId: number, nodeId: number) => ["studio", projectId, "versions", nodeId] as const,
  datasources: (projectId: number) => ["studio", projectId, "datasources"] as const,
  members: (projectId: number) => ["studio", projectId, "members"] as const,
  tables: (projectId: number) => ["studio", projectId, "tables"] as const,
  render: (projectId: number, body: unknown) => ["studio", projectId, "render", body] as const,
  cron: (projectId: number, body: unknown) => ["studio", projectId, "cron", body] as const,
  deployPreview: (projectId: number, nodeId: number) => ["studio", projectId, "deploy-preview", nodeId] as const,
  instance: (projectId: number, instanceId: number) => ["studio", projectId, "instance", instanceId] as const,
};

// --- reads ---------------------------------------------------------------------------

export function useWorkflows(projectId: number) {
  return useQuery({
    queryKey: studioKeys.workflows(projectId),
    queryFn: ({ signal }) => http.get<Workflow[]>(`${project(projectId)}/workflows/`, { signal }),
  });
}

export function useGraph(projectId: number) {
  return useQuery({
    queryKey: studioKeys.graph(projectId),
    queryFn: ({ signal }) => http.get<Graph>(`${project(projectId)}/graph/`, { signal }),
  });
}

export interface LoadedNode {
  node: NodeDetail;
  meta: TabMeta;
  values: Draft;
}

export function metaOf(node: NodeDetail): TabMeta {
  return {
    name: node.name,
    type: node.type,
    deployedVersion: node.deployed_version_number,
    latestVersion: node.latest_version,
  };
}

export async function loadNode(projectId: number, nodeId: number, signal?: AbortSignal): Promise<LoadedNode> {
  const [node, edges] = await Promise.all([
    http.get<NodeDetail>(`${project(projectId)}/nodes/${nodeId}/`, { signal }),
    http.get<DependencyEdge[]>(`${project(projectId)}/nodes/${nodeId}/upstreams/`, { signal }),
  ]);
  return { node, meta: metaOf(node), values: draftFromNode(node, edges) };
}

export function useNode(projectId: number, nodeId: number | null) {
  return useQuery({
    queryKey: studioKeys.node(projectId, nodeId ?? 0),
    queryFn: ({ signal }) => loadNode(projectId, nodeId!, signal),
    enabled: nodeId !== null,
    staleTime: Infinity,
  });
}

export function useVersions(projectId: number, nodeId: number | null) {
  return useQuery({
    queryKey: studioKeys.versions(projectId, nodeId ?? 0),
    queryFn: ({ signal }) => http.get<NodeVersion[]>(`${project(projectId)}/nodes/${nodeId}/versions/`, { signal }),
    enabled: nodeId !== null,
  });
}

export function useDataSources(projectId: number) {
  return useQuery({
    queryKey: studioKeys.datasources(projectId),
    queryFn: ({ signal }) => http.get<DataSource[]>(`${project(projectId)}/datasources/`, { signal }),
    staleTime: 60_000,
  });
}

export function useMembers(projectId: number) {
  return useQuery({
    queryKey: studioKeys.members(projectId),
    queryFn: ({ signal }) => http.get<Member[]>(`${project(projectId)}/members/`, { signal }),
    staleTime: 60_000,
  });
}

export function useKnownTables(projectId: number) {
  return useQuery({
    queryKey: studioKeys.tables(projectId),
    queryFn: ({ signal }) => http.get<KnownTables>(`${project(projectId)}/authoring/tables/`, { signal }),
    staleTime: 5 * 60_000,
  });
}

export interface RenderRequest {
  bizdate: string;
  code: string;
  parameters: Record<string, string>;
  cron: string;
  node: number;
}

export function useRenderPreview(projectId: number, body: RenderRequest | null) {
  return useQuery({
    queryKey: studioKeys.render(projectId, body),
    queryFn: ({ signal }) => http.post<RenderPreview>(`${project(projectId)}/authoring/render/`, body, { signal }),
    enabled: body !== null,
    placeholderData: keepPreviousData,
    staleTime: 60_000,
  });
}

export function useCronPreview(projectId: number, cron: string, startDate: string | null, endDate: string | null) {
  const params = { cron, count: 5, start_date: startDate, end_date: endDate };
  return useQuery({
    queryKey: studioKeys.cron(projectId, params),
    queryFn: ({ signal }) => http.get<CronPreview>(`${project(projectId)}/authoring/cron/`, { params, signal }),
    enabled: cron.trim().length > 0,
    placeholderData: keepPreviousData,
    staleTime: 30_000,
  });
}

export function useDeployPreview(projectId: number, nodeId: number, enabled: boolean) {
  return useQuery({
    queryKey: studioKeys.deployPreview(projectId, nodeId),
    queryFn: ({ signal }) => http.get<DeployPreview>(`${project(projectId)}/nodes/${nodeId}/deploy-preview/`, { signal }),
    enabled,
    staleTime: 0,
  });
}

export const FINISHED_STATUSES = new Set(["success", "failed", "killed", "skipped", "upstream_failed"]);

export function useInstance(projectId: number, instanceId: number | null) {
  return useQuery({
    queryKey: studioKeys.instance(projectId, instanceId ?? 0),
    queryFn: ({ signal }) => http.get<InstanceDetail>(`${project(projectId)}/instances/${instanceId}/`, { signal }),
    enabled: instanceId !== null,
    // The websocket says when the status changes; polling is the backstop.
    refetchInterval: (query) => (query.state.data && FINISHED_STATUSES.has(query.state.data.status) ? false : 2000),
  });
}

/** The stored log of an instance (plain text; the client hands non-JSON bodies over as text). */
export async function fetchLog(projectId: number, instanceId: number, signal?: AbortSignal): Promise<string> {
  const data = await http.get<unknown>(`${project(projectId)}/instances/${instanceId}/log/`, { signal });
  if (typeof data === "string") return data;
  return data === undefined || data === null ? "" : JSON.stringify(data);
}

// --- writes ----------------------------------------------------------------------------

export const createWorkflow = (projectId: number, name: string, description = "") =>
  http.post<Workflow>(`${project(projectId)}/workflows/`, { name, description });

export const renameWorkflow = (projectId: number, id: number, name: string) =>
  http.patch<Workflow>(`${project(projectId)}/workflows/${id}/`, { name });

export const deleteWorkflow = (projectId: number, id: number) => http.delete<void>(`${project(projectId)}/workflows/${id}/`);

export interface NewNode {
  name: string;
  type: NodeType;
  workflow: number;
  datasource?: number | null;
  code?: string;
}

export const createNode = (projectId: number, body: NewNode) => http.post<NodeDetail>(`${project(projectId)}/nodes/`, body);

export const patchNode = (projectId: number, id: number, body: Record<string, unknown>) =>
  http.patch<NodeDetail>(`${project(projectId)}/nodes/${id}/`, body);

export const deleteNode = (projectId: number, id: number) => http.delete<void>(`${project(projectId)}/nodes/${id}/`);

export const putUpstreams = (projectId: number, id: number, upstreams: Upstream[]) =>
  http.put<DependencyEdge[]>(`${project(projectId)}/nodes/${id}/upstreams/`, {
    upstreams: upstreams.map((item) => ({ node: item.node, kind: item.kind })),
  });

export const restoreVersion = (projectId: number, id: number, number: number) =>
  http.post<NodeDetail>(`${project(projectId)}/nodes/${id}/versions/${number}/restore/`);

export const deployNode = (projectId: number, id: number, message: string, version?: number | null) =>
  http.post<{ deployed: unknown[] }>(`${project(projectId)}/nodes/${id}/deploy/`, { message, version: version ?? null });

export const testRun = (projectId: number, id: number, code: string, bizdate: string) =>
  http.post<InstanceDetail>(`${project(projectId)}/nodes/${id}/test-run/`, { code, bizdate });

export const formatSql = (projectId: number, sql: string) =>
  http.post<{ sql: string }>(`${project(projectId)}/authoring/format-sql/`, { sql });

export const lineagePreview = (projectId: number, id: number, code: string) =>
  http.post<LineageProposal>(`${project(projectId)}/nodes/${id}/lineage-preview/`, { code });
