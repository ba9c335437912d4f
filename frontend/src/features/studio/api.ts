// The Studio's server calls and TanStack Query hooks, keyed by resource (queries/keys.ts).
import { keepPreviousData, useQuery } from "@tanstack/react-query";

import { inProject, ok, server } from "../../api/client";
import { keys } from "../../queries/keys";
import { stateGroup } from "../../status";
import { draftFromNode } from "./draft";
import type { TabMeta } from "./tabs";
import type {
  CatchUp,
  Draft,
  DstGap,
  DstOverlap,
  NewNode,
  NodeDetail,
  NodePatch,
  ParameterDialect,
  RenderRequest,
  Upstream,
} from "./types";

const byId = (projectId: number, id: number) => ({ path: { project_id: projectId, id } });

// --- reads (the project's workflows, graph, members and data sources: queries/project.ts) ---

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
    ok(server.GET("/api/v1/projects/{project_id}/nodes/{id}/", { params: byId(projectId, nodeId), signal })),
    ok(server.GET("/api/v1/projects/{project_id}/nodes/{id}/upstreams/", { params: byId(projectId, nodeId), signal })),
  ]);
  return { node, meta: metaOf(node), values: draftFromNode(node, edges) };
}

export function useNode(projectId: number, nodeId: number | null) {
  return useQuery({
    queryKey: keys.nodeDraft(projectId, nodeId),
    queryFn: ({ signal }) => loadNode(projectId, nodeId!, signal),
    enabled: nodeId !== null,
    // The editor's copy: it changes when the Studio saves or reopens the node, not by age.
    staleTime: Infinity,
  });
}

export function useVersions(projectId: number, nodeId: number | null) {
  return useQuery({
    queryKey: keys.versions(projectId, nodeId),
    queryFn: ({ signal }) =>
      ok(server.GET("/api/v1/projects/{project_id}/nodes/{id}/versions/", { params: byId(projectId, nodeId!), signal })),
    enabled: nodeId !== null,
  });
}

export function useKnownTables(projectId: number) {
  return useQuery({
    queryKey: keys.knownTables(projectId),
    queryFn: ({ signal }) =>
      ok(server.GET("/api/v1/projects/{project_id}/authoring/tables/", { params: inProject(projectId), signal })),
  });
}

export function useRenderPreview(projectId: number, body: RenderRequest | null) {
  return useQuery({
    queryKey: keys.render(projectId, body),
    queryFn: ({ signal }) =>
      ok(server.POST("/api/v1/projects/{project_id}/authoring/render/", { params: inProject(projectId), body: body!, signal })),
    enabled: body !== null,
    placeholderData: keepPreviousData,
  });
}

export interface SchedulePolicies {
  catch_up: CatchUp;
  dst_gap: DstGap;
  dst_overlap: DstOverlap;
}

export function useCronPreview(
  projectId: number,
  cron: string,
  startDate: string | null,
  endDate: string | null,
  policies?: SchedulePolicies,
) {
  const query = { cron, count: 5, start_date: startDate ?? undefined, end_date: endDate ?? undefined, ...policies };
  return useQuery({
    queryKey: keys.cron(projectId, query),
    queryFn: ({ signal }) =>
      ok(server.GET("/api/v1/projects/{project_id}/authoring/cron/", { params: { ...inProject(projectId), query }, signal })),
    enabled: cron.trim().length > 0,
    placeholderData: keepPreviousData,
  });
}

/** The parameter forms of a dialect ("" for the project's): the editor's completion. */
export function useParameterReference(projectId: number, dialect: ParameterDialect | "") {
  return useQuery({
    queryKey: keys.parameters(projectId, dialect),
    queryFn: ({ signal }) =>
      ok(
        server.GET("/api/v1/projects/{project_id}/authoring/parameters/", {
          params: { ...inProject(projectId), query: { dialect: dialect || undefined } },
          signal,
        }),
      ),
  });
}

export function useDeployPreview(projectId: number, nodeId: number, enabled: boolean) {
  return useQuery({
    queryKey: keys.deployPreview(projectId, nodeId),
    queryFn: ({ signal }) =>
      ok(
        server.GET("/api/v1/projects/{project_id}/nodes/{node_id}/deploy-preview/", {
          params: { path: { project_id: projectId, node_id: nodeId } },
          signal,
        }),
      ),
    enabled,
  });
}

export const FINISHED_STATUSES = stateGroup("success", "failed", "killed", "skipped", "upstream_failed");

export function useInstance(projectId: number, instanceId: number | null) {
  return useQuery({
    queryKey: keys.instance(projectId, instanceId),
    queryFn: ({ signal }) =>
      ok(server.GET("/api/v1/projects/{project_id}/instances/{id}/", { params: byId(projectId, instanceId!), signal })),
    enabled: instanceId !== null,
    // The websocket says when the status changes; polling is the backstop.
    refetchInterval: (query) => (query.state.data && FINISHED_STATUSES.has(query.state.data.status) ? false : 2000),
  });
}

/** The stored log of an instance (plain text). */
export async function fetchLog(projectId: number, instanceId: number, signal?: AbortSignal): Promise<string> {
  const text = await ok(
    server.GET("/api/v1/projects/{project_id}/instances/{id}/log/", {
      params: byId(projectId, instanceId),
      parseAs: "text",
      signal,
    }),
  );
  return text ?? "";
}

// --- writes ----------------------------------------------------------------------------

export const createWorkflow = (projectId: number, name: string, description = "") =>
  ok(server.POST("/api/v1/projects/{project_id}/workflows/", { params: inProject(projectId), body: { name, description } }));

export const renameWorkflow = (projectId: number, id: number, name: string) =>
  ok(server.PATCH("/api/v1/projects/{project_id}/workflows/{id}/", { params: byId(projectId, id), body: { name } }));

export const deleteWorkflow = (projectId: number, id: number) =>
  ok(server.DELETE("/api/v1/projects/{project_id}/workflows/{id}/", { params: byId(projectId, id) }));

export const createNode = (projectId: number, body: NewNode) =>
  ok(server.POST("/api/v1/projects/{project_id}/nodes/", { params: inProject(projectId), body }));

export const patchNode = (projectId: number, id: number, body: NodePatch) =>
  ok(server.PATCH("/api/v1/projects/{project_id}/nodes/{id}/", { params: byId(projectId, id), body }));

export const deleteNode = (projectId: number, id: number) =>
  ok(server.DELETE("/api/v1/projects/{project_id}/nodes/{id}/", { params: byId(projectId, id) }));

export const putUpstreams = (projectId: number, id: number, upstreams: Upstream[]) =>
  ok(
    server.PUT("/api/v1/projects/{project_id}/nodes/{id}/upstreams/", {
      params: byId(projectId, id),
      // The lineage reason goes along, so that it is kept whichever way an edge is saved.
      body: { upstreams: upstreams.map((item) => ({ node: item.node, kind: item.kind, source: item.source ?? undefined })) },
    }),
  );

export const restoreVersion = (projectId: number, id: number, number: number) =>
  ok(
    server.POST("/api/v1/projects/{project_id}/nodes/{id}/versions/{number}/restore/", {
      params: { path: { project_id: projectId, id, number } },
    }),
  );

export const deployNode = (projectId: number, id: number, message: string, version?: number | null) =>
  ok(
    server.POST("/api/v1/projects/{project_id}/nodes/{id}/deploy/", {
      params: byId(projectId, id),
      body: { message, version: version ?? null },
    }),
  );

export const testRun = (projectId: number, id: number, code: string, bizdate: string) =>
  ok(
    server.POST("/api/v1/projects/{project_id}/nodes/{node_id}/test-run/", {
      params: { path: { project_id: projectId, node_id: id } },
      body: { code, bizdate },
    }),
  );

export const formatSql = (projectId: number, sql: string) =>
  ok(server.POST("/api/v1/projects/{project_id}/authoring/format-sql/", { params: inProject(projectId), body: { sql } }));

export const lineagePreview = (projectId: number, id: number, code: string) =>
  ok(
    server.POST("/api/v1/projects/{project_id}/nodes/{node_id}/lineage-preview/", {
      params: { path: { project_id: projectId, node_id: id } },
      body: { code },
    }),
  );

// --- history ---------------------------------------------------------------------------

/** The node's latest instances (test runs, scheduled, manual), newest first. */
export function useNodeInstances(projectId: number, nodeId: number, enabled: boolean) {
  const query = { node: nodeId, page_size: 20 };
  return useQuery({
    queryKey: keys.instanceList(projectId, query),
    queryFn: ({ signal }) =>
      ok(server.GET("/api/v1/projects/{project_id}/instances/", { params: { ...inProject(projectId), query }, signal })),
    enabled,
  });
}

/** The deploy history of a node (or, with null, of the project), newest first. */
export function useDeployments(projectId: number, nodeId: number | null) {
  return useQuery({
    queryKey: keys.deployments(projectId, nodeId),
    queryFn: ({ signal }) =>
      ok(
        server.GET("/api/v1/projects/{project_id}/deployments/", {
          params: { ...inProject(projectId), query: { node: nodeId ?? undefined, page_size: 100 } },
          signal,
        }),
      ),
  });
}

/** The node's latest test run, for the deploy dialog's warning. */
export function useLastTestRun(projectId: number, nodeId: number, enabled: boolean) {
  const query = { node: nodeId, run_kind: "test" as const, page_size: 1 };
  return useQuery({
    queryKey: keys.instanceList(projectId, query),
    queryFn: ({ signal }) =>
      ok(server.GET("/api/v1/projects/{project_id}/instances/", { params: { ...inProject(projectId), query }, signal })),
    enabled,
    select: (page) => page.results[0],
  });
}
