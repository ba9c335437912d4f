// Data Map endpoints and their TanStack Query hooks, keyed by resource (queries/keys.ts).
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";

import { ok, server, type Schema } from "../../api/client";
import { changes, invalidate } from "../../queries/invalidate";
import { keys, type CatalogSearch } from "../../queries/keys";
import { itemPath, projectPath } from "../../queries/project";

export type CatalogSource = Schema<"CatalogSource">;
export type CatalogTable = Schema<"CatalogTable">;
export type TableDetail = Schema<"CatalogTableDetail">;
export type Lineage = Schema<"Lineage">;

/** While a worker reads a data source, its state is polled until the read ends. */
const POLL_MS = 2000;

const inTable = (projectId: number | null, id: number | null) => itemPath(projectId, id, "table");

export function useCatalogSources(projectId: number | null) {
  return useQuery({
    queryKey: keys.catalog(projectId, "sources"),
    queryFn: ({ signal }) =>
      ok(server.GET("/api/v1/projects/{project_id}/catalog/sources/", { params: { path: projectPath(projectId) }, signal })),
    enabled: projectId !== null,
    refetchInterval: (query) => ((query.state.data ?? []).some((s) => s.refreshing) ? POLL_MS : false),
  });
}

export function useCatalogTables(projectId: number | null, search: CatalogSearch) {
  return useQuery({
    queryKey: keys.catalog(projectId, "tables", search),
    queryFn: ({ signal }) =>
      ok(
        server.GET("/api/v1/projects/{project_id}/catalog/tables/", {
          params: { path: projectPath(projectId), query: search },
          signal,
        }),
      ),
    enabled: projectId !== null,
    placeholderData: keepPreviousData,
  });
}

export function useCatalogTable(projectId: number | null, id: number | null) {
  return useQuery({
    queryKey: keys.catalog(projectId, "table", id),
    queryFn: ({ signal }) =>
      ok(server.GET("/api/v1/projects/{project_id}/catalog/tables/{id}/", { params: { path: inTable(projectId, id) }, signal })),
    enabled: projectId !== null && id !== null,
  });
}

/** The first rows: asked for only when the user opens the preview (it reads the data). */
export function useTablePreview(projectId: number | null, id: number | null, limit: number, enabled: boolean) {
  return useQuery({
    queryKey: keys.catalog(projectId, "table", id, "preview", limit),
    queryFn: ({ signal }) =>
      ok(
        server.GET("/api/v1/projects/{project_id}/catalog/tables/{id}/preview/", {
          params: { path: inTable(projectId, id), query: { limit } },
          signal,
        }),
      ),
    enabled: enabled && projectId !== null && id !== null,
    retry: false,
  });
}

export function useTableLineage(projectId: number | null, id: number | null, depth: number) {
  return useQuery({
    queryKey: keys.catalog(projectId, "table", id, "lineage", depth),
    queryFn: ({ signal }) =>
      ok(
        server.GET("/api/v1/projects/{project_id}/catalog/tables/{id}/lineage/", {
          params: { path: inTable(projectId, id), query: { depth } },
          signal,
        }),
      ),
    enabled: projectId !== null && id !== null,
    placeholderData: keepPreviousData,
  });
}

export function useRefreshCatalog(projectId: number | null) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (datasource?: number) =>
      ok(
        server.POST("/api/v1/projects/{project_id}/catalog/refresh/", {
          params: { path: projectPath(projectId) },
          body: datasource ? { datasource } : {},
        }),
      ),
    onSuccess: () => invalidate(client, changes.catalog(projectId)),
  });
}
