// Baselines: the API's shape and its TanStack Query hooks, keyed by resource (queries/keys.ts).
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";

import { ok, server, type Schema } from "../../../api/client";
import { changes, invalidate } from "../../../queries/invalidate";
import { keys } from "../../../queries/keys";
import { itemPath, projectPath } from "../../../queries/project";

export type Baseline = Schema<"BaselineOutput">;
export type BaselineBody = Schema<"BaselineInputRequest">;
export type BaselineForecast = Schema<"BaselineForecast">;
export type BaselineRun = Schema<"BaselineRun">;
export type BaselineStatus = Schema<"BaselineStatusEnum">;

const inBaseline = (projectId: number | null, id: number | null) => itemPath(projectId, id, "baseline");
// The prediction follows running instances: refresh it while the page is open.
const FORECAST_POLL_MS = 15_000;

export function useBaselines(projectId: number | null) {
  return useQuery({
    queryKey: keys.baselines(projectId),
    queryFn: ({ signal }) =>
      ok(server.GET("/api/v1/projects/{project_id}/alerts/baselines/", { params: { path: projectPath(projectId) }, signal })),
    enabled: projectId !== null,
    refetchInterval: FORECAST_POLL_MS,
  });
}

/** A day's forecast; `day` "" is today in the project's zone (the server decides). */
export function useBaselineForecast(projectId: number | null, id: number | null, day: string) {
  return useQuery({
    queryKey: keys.baselineForecast(projectId, id, day),
    queryFn: ({ signal }) =>
      ok(
        server.GET("/api/v1/projects/{project_id}/alerts/baselines/{id}/forecast/", {
          params: { path: inBaseline(projectId, id), query: day ? { day } : {} },
          signal,
        }),
      ),
    enabled: projectId !== null && id !== null,
    placeholderData: keepPreviousData,
    refetchInterval: FORECAST_POLL_MS,
  });
}

export function useSaveBaseline(projectId: number | null) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id?: number; body: BaselineBody }) =>
      id
        ? ok(
            server.PATCH("/api/v1/projects/{project_id}/alerts/baselines/{id}/", {
              params: { path: inBaseline(projectId, id) },
              body,
            }),
          )
        : ok(server.POST("/api/v1/projects/{project_id}/alerts/baselines/", { params: { path: projectPath(projectId) }, body })),
    onSuccess: () => invalidate(client, changes.baselines(projectId)),
  });
}

export function useDeleteBaseline(projectId: number | null) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: number) =>
      ok(server.DELETE("/api/v1/projects/{project_id}/alerts/baselines/{id}/", { params: { path: inBaseline(projectId, id) } })),
    onSuccess: () => invalidate(client, changes.baselines(projectId)),
  });
}
