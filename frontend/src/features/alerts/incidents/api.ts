// Incidents: the alerts of one subject from its first failure until it recovers.
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";

import { ok, server } from "../../../api/client";
import type { components } from "../../../api/schema";
import { changes, invalidate } from "../../../queries/invalidate";
import { keys } from "../../../queries/keys";
import { itemPath, projectPath } from "../../../queries/project";

export type Incident = components["schemas"]["Incident"];
export type IncidentDetail = components["schemas"]["IncidentDetail"];
export type IncidentStatus = components["schemas"]["IncidentStatusEnum"];

const inIncident = (projectId: number | null, id: number) => itemPath(projectId, id, "incident");

export function useIncidents(projectId: number | null, status?: IncidentStatus) {
  return useQuery({
    queryKey: keys.incidents(projectId, status),
    queryFn: ({ signal }) =>
      ok(
        server.GET("/api/v1/projects/{project_id}/alerts/incidents/", {
          params: { path: projectPath(projectId), query: status ? { status } : {} },
          signal,
        }),
      ),
    enabled: projectId !== null,
    placeholderData: keepPreviousData,
    refetchInterval: 15_000,
  });
}

export function useIncident(projectId: number | null, id: number | null) {
  return useQuery({
    queryKey: keys.incident(projectId, id),
    queryFn: ({ signal }) =>
      ok(
        server.GET("/api/v1/projects/{project_id}/alerts/incidents/{id}/", {
          params: { path: inIncident(projectId, id ?? 0) },
          signal,
        }),
      ),
    enabled: projectId !== null && id !== null,
  });
}

export interface AcknowledgeBody {
  note?: string;
  mute_minutes?: number;
}

export function useAcknowledgeIncident(projectId: number | null) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: number; body: AcknowledgeBody }) =>
      ok(
        server.POST("/api/v1/projects/{project_id}/alerts/incidents/{id}/acknowledge/", {
          params: { path: inIncident(projectId, id) },
          body,
        }),
      ),
    onSuccess: () => invalidate(client, changes.incidents(projectId)),
  });
}

export function useResolveIncident(projectId: number | null) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, note }: { id: number; note?: string }) =>
      ok(
        server.POST("/api/v1/projects/{project_id}/alerts/incidents/{id}/resolve/", {
          params: { path: inIncident(projectId, id) },
          body: { note: note ?? "" },
        }),
      ),
    onSuccess: () => invalidate(client, changes.incidents(projectId)),
  });
}

/** The colour of an incident's status tag. */
export function statusColour(status: IncidentStatus): string {
  return { open: "red", acknowledged: "gold", resolved: "green" }[status] ?? "default";
}

/** Whether an incident can still be acknowledged (an acknowledged one can still be muted). */
export const canAcknowledge = (incident: Incident) => incident.status !== "resolved";
