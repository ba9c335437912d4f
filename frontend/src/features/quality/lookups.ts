// Read-only lists of a project's other objects that the quality and alerts forms pick from:
// data sources (and their tables), workflows, nodes and members. Both features import these.
import { useQuery } from "@tanstack/react-query";

import { ok, server, type Schema } from "../../api/client";

export type DataSource = Schema<"DataSourceOutput">;
export type Workflow = Schema<"Workflow">;
export type NodeSummary = Schema<"NodeOutput">;
export type Member = Schema<"MemberOutput">;

/** An id a call needs; the queries that use one are enabled only once it is chosen. */
export function chosen(id: number | null | undefined, what: string): number {
  if (id === null || id === undefined) throw new Error(`No ${what} is chosen.`);
  return id;
}

/** The project path parameter of the project's calls. */
export const inProject = (projectId: number | null) => ({ project_id: chosen(projectId, "project") });

/** The path parameters of one of the project's objects. */
export const inProjectItem = (projectId: number | null, id: number | null, what: string) => ({
  ...inProject(projectId),
  id: chosen(id, what),
});

const LOOKUP_STALE_MS = 30_000;
/** Most nodes a picker lists: the largest page the server gives. */
const NODE_PAGE_SIZE = 500;

const lookup = (projectId: number | null, name: string) => ({
  queryKey: ["project", projectId, name],
  enabled: projectId !== null,
  staleTime: LOOKUP_STALE_MS,
});

export const useDataSources = (projectId: number | null) =>
  useQuery({
    ...lookup(projectId, "datasources"),
    queryFn: ({ signal }) =>
      ok(server.GET("/api/v1/projects/{project_id}/datasources/", { params: { path: inProject(projectId) }, signal })),
  });

export const useWorkflows = (projectId: number | null) =>
  useQuery({
    ...lookup(projectId, "workflows"),
    queryFn: ({ signal }) =>
      ok(server.GET("/api/v1/projects/{project_id}/workflows/", { params: { path: inProject(projectId) }, signal })),
  });

export const useNodes = (projectId: number | null) =>
  useQuery({
    ...lookup(projectId, "nodes"),
    queryFn: ({ signal }) =>
      ok(
        server.GET("/api/v1/projects/{project_id}/nodes/", {
          params: { path: inProject(projectId), query: { page_size: NODE_PAGE_SIZE } },
          signal,
        }),
      ),
    select: (page) => page.results,
  });

export const useMembers = (projectId: number | null) =>
  useQuery({
    ...lookup(projectId, "members"),
    queryFn: ({ signal }) =>
      ok(server.GET("/api/v1/projects/{project_id}/members/", { params: { path: inProject(projectId) }, signal })),
  });

/** Tables of one data source ("schema.table"), for the table picker. */
export function useTables(projectId: number | null, datasourceId: number | null | undefined) {
  return useQuery({
    queryKey: ["project", projectId, "datasources", datasourceId, "tables"],
    queryFn: ({ signal }) =>
      ok(
        server.GET("/api/v1/projects/{project_id}/datasources/{id}/tables/", {
          params: { path: { ...inProject(projectId), id: chosen(datasourceId, "data source") } },
          signal,
        }),
      ),
    select: (data) => data.tables,
    enabled: projectId !== null && !!datasourceId,
    staleTime: LOOKUP_STALE_MS,
    retry: false,
  });
}

/** id -> name, for showing names where the API gives ids. */
export function nameMap<T extends { id: number; name: string }>(list: T[] | undefined): Map<number, string> {
  return new Map((list ?? []).map((item) => [item.id, item.name]));
}
