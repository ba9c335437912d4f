// Ad-hoc queries: run, follow until done, page through a statement's rows, cancel; the caller's
// own history. A query runs on a worker, so the page polls it while it is queued or running.
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";

import { ok, server, type Schema } from "../../api/client";
import { keys } from "../../queries/keys";
import { itemPath, projectPath } from "../../queries/project";

export type AdhocQuery = Schema<"AdhocQuery">;
export type QueryInput = Schema<"QueryInputRequest">;

export const isLive = (query: AdhocQuery | undefined) => query?.status === "queued" || query?.status === "running";

export function useQueryHistory(projectId: number) {
  return useQuery({
    queryKey: keys.adhocQueries(projectId),
    queryFn: ({ signal }) =>
      ok(server.GET("/api/v1/projects/{project_id}/adhoc-queries/", { params: { path: projectPath(projectId), query: { page_size: 30 } }, signal })),
  });
}

export function useAdhocQuery(projectId: number, id: number | null) {
  const client = useQueryClient();
  return useQuery({
    queryKey: keys.adhocQuery(projectId, id),
    queryFn: async ({ signal }) => {
      const query = await ok(server.GET("/api/v1/projects/{project_id}/adhoc-queries/{id}/", { params: { path: itemPath(projectId, id, "query") }, signal }));
      if (!isLive(query)) void client.invalidateQueries({ queryKey: keys.adhocQueries(projectId), exact: true });
      return query;
    },
    enabled: id !== null,
    refetchInterval: (query) => (isLive(query.state.data) ? 700 : false),
  });
}

export function useRows(projectId: number, id: number | null, statement: number | null, page: number, pageSize: number) {
  const offset = (page - 1) * pageSize;
  return useQuery({
    queryKey: keys.adhocRows(projectId, id, statement ?? 0, offset, pageSize),
    queryFn: ({ signal }) =>
      ok(
        server.GET("/api/v1/projects/{project_id}/adhoc-queries/{id}/rows/", {
          params: { path: itemPath(projectId, id, "query"), query: { statement: statement ?? 0, offset, limit: pageSize } },
          signal,
        }),
      ),
    enabled: id !== null && statement !== null,
    placeholderData: keepPreviousData,
  });
}

export function useRunQuery(projectId: number) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: QueryInput) => ok(server.POST("/api/v1/projects/{project_id}/adhoc-queries/", { params: { path: projectPath(projectId) }, body })),
    onSuccess: (query) => {
      client.setQueryData(keys.adhocQuery(projectId, query.id), query);
      void client.invalidateQueries({ queryKey: keys.adhocQueries(projectId), exact: true });
    },
  });
}

export function useCancelQuery(projectId: number) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => ok(server.POST("/api/v1/projects/{project_id}/adhoc-queries/{id}/cancel/", { params: { path: itemPath(projectId, id, "query") } })),
    onSuccess: (query) => client.setQueryData(keys.adhocQuery(projectId, query.id), query),
  });
}

/** Where a statement's kept rows download as CSV (the session cookie authenticates the link). */
export const csvUrl = (projectId: number, id: number, statement: number) =>
  `/api/v1/projects/${projectId}/adhoc-queries/${id}/csv/?statement=${statement}`;
