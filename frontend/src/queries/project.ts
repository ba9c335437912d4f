// A project's objects that several pages show or pick from: workflows, the dependency graph,
// nodes, members and data sources (with their tables). One hook per resource, for every page.
import { keepPreviousData, useQuery } from "@tanstack/react-query";

import { ok, server, type Schema } from "../api/client";
import { keys, type NodeListParams } from "./keys";

export type DataSource = Schema<"DataSourceOutput">;
export type Workflow = Schema<"Workflow">;
export type NodeSummary = Schema<"NodeOutput">;
export type Member = Schema<"MemberOutput">;
export type ProjectGraph = Schema<"ProjectGraph">;

/** An id a call needs; the queries that use one are enabled only once it is chosen. */
export function chosen(id: number | null | undefined, what: string): number {
  if (id === null || id === undefined) throw new Error(`No ${what} is chosen.`);
  return id;
}

/** The path parameters of a project's calls. */
export const projectPath = (projectId: number | null) => ({ project_id: chosen(projectId, "project") });

/** The path parameters of one of the project's objects. */
export const itemPath = (projectId: number | null, id: number | null, what: string) => ({
  ...projectPath(projectId),
  id: chosen(id, what),
});

/** Most nodes a picker lists: the largest page the server gives. */
const ALL_NODES = 500;

export function useWorkflows(projectId: number | null) {
  return useQuery({
    queryKey: keys.workflows(projectId),
    queryFn: ({ signal }) =>
      ok(server.GET("/api/v1/projects/{project_id}/workflows/", { params: { path: projectPath(projectId) }, signal })),
    enabled: projectId !== null,
  });
}

/** The dependency graph of one workflow, or of the whole project (`workflowId` null). */
export function useProjectGraph(projectId: number | null, workflowId: number | null = null, enabled = true) {
  return useQuery({
    queryKey: keys.graph(projectId, workflowId),
    queryFn: ({ signal }) =>
      ok(
        server.GET("/api/v1/projects/{project_id}/graph/", {
          params: { path: projectPath(projectId), query: { workflow: workflowId ?? undefined } },
          signal,
        }),
      ),
    enabled: enabled && projectId !== null,
  });
}

/** Nodes whose name contains `search` (all of them, up to the largest page, without one). */
export function useNodes(projectId: number | null, search?: string, pageSize = ALL_NODES) {
  const params: NodeListParams = { search: search || undefined, page_size: pageSize };
  return useQuery({
    queryKey: keys.nodeList(projectId, params),
    queryFn: ({ signal }) =>
      ok(server.GET("/api/v1/projects/{project_id}/nodes/", { params: { path: projectPath(projectId), query: params }, signal })),
    select: (page) => page.results,
    enabled: projectId !== null,
    placeholderData: keepPreviousData,
  });
}

export function useNode(projectId: number | null, id: number | null | undefined) {
  return useQuery({
    queryKey: keys.node(projectId, id),
    queryFn: ({ signal }) =>
      ok(server.GET("/api/v1/projects/{project_id}/nodes/{id}/", { params: { path: itemPath(projectId, id ?? null, "node") }, signal })),
    enabled: projectId !== null && id !== null && id !== undefined,
  });
}

export function useMembers(projectId: number | null) {
  return useQuery({
    queryKey: keys.members(projectId),
    queryFn: ({ signal }) =>
      ok(server.GET("/api/v1/projects/{project_id}/members/", { params: { path: projectPath(projectId) }, signal })),
    enabled: projectId !== null,
  });
}

export function useDataSources(projectId: number | null) {
  return useQuery({
    queryKey: keys.datasources(projectId),
    queryFn: ({ signal }) =>
      ok(server.GET("/api/v1/projects/{project_id}/datasources/", { params: { path: projectPath(projectId) }, signal })),
    enabled: projectId !== null,
  });
}

/** Tables of one data source ("schema.table"), for the table picker. */
export function useDataSourceTables(projectId: number | null, datasourceId: number | null | undefined) {
  return useQuery({
    queryKey: keys.datasourceTables(projectId, datasourceId),
    queryFn: ({ signal }) =>
      ok(
        server.GET("/api/v1/projects/{project_id}/datasources/{id}/tables/", {
          params: { path: itemPath(projectId, datasourceId ?? null, "data source") },
          signal,
        }),
      ),
    select: (data) => data.tables,
    enabled: projectId !== null && !!datasourceId,
    retry: false,
  });
}

/** How to read the columns of one table of a data source now (the sync form maps them by name). */
export function dataSourceColumnsQuery(projectId: number | null, datasourceId: number | null | undefined, table: string) {
  return {
    queryKey: keys.datasourceColumns(projectId, datasourceId, table),
    queryFn: ({ signal }: { signal: AbortSignal }) =>
      ok(
        server.GET("/api/v1/projects/{project_id}/datasources/{id}/columns/", {
          params: { path: itemPath(projectId, datasourceId ?? null, "data source"), query: { table } },
          signal,
        }),
      ).then((data) => data.columns),
    retry: false,
  };
}

/** id -> name, for showing names where the API gives ids. */
export function nameMap<T extends { id: number; name: string }>(list: T[] | undefined): Map<number, string> {
  return new Map((list ?? []).map((item) => [item.id, item.name]));
}
