// Alerts endpoints and their TanStack Query hooks, keyed by resource (queries/keys.ts).
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";

import { ok, server } from "../../api/client";
import { changes, invalidate } from "../../queries/invalidate";
import { keys, type DeliveryFilters } from "../../queries/keys";
import { itemPath, projectPath } from "../../queries/project";
import type { ChannelBody } from "./channels";
import { isInFlight, type Delivery } from "./deliveries";
import type { AlertRuleBody } from "./rules";

const POLL_MS = 2000;

const inRule = (projectId: number | null, id: number) => itemPath(projectId, id, "alert rule");
const inChannel = (projectId: number | null, id: number) => itemPath(projectId, id, "channel");
const inDelivery = (projectId: number | null, id: number | null) => itemPath(projectId, id, "delivery");

// Rules and channels are few: the server sends them all, unpaged.

export function useAlertRules(projectId: number | null) {
  return useQuery({
    queryKey: keys.alertRules(projectId),
    queryFn: ({ signal }) =>
      ok(server.GET("/api/v1/projects/{project_id}/alerts/rules/", { params: { path: projectPath(projectId) }, signal })),
    enabled: projectId !== null,
  });
}

export function useSaveAlertRule(projectId: number | null) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id?: number; body: AlertRuleBody }) =>
      id
        ? ok(
            server.PATCH("/api/v1/projects/{project_id}/alerts/rules/{id}/", {
              params: { path: inRule(projectId, id) },
              body,
            }),
          )
        : ok(
            server.POST("/api/v1/projects/{project_id}/alerts/rules/", {
              params: { path: projectPath(projectId) },
              body,
            }),
          ),
    onSuccess: () => invalidate(client, changes.alertRules(projectId)),
  });
}

export function useToggleAlertRule(projectId: number | null) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, enabled }: { id: number; enabled: boolean }) =>
      ok(
        server.PATCH("/api/v1/projects/{project_id}/alerts/rules/{id}/", {
          params: { path: inRule(projectId, id) },
          body: { enabled },
        }),
      ),
    onSuccess: () => invalidate(client, changes.alertRules(projectId)),
  });
}

export function useDeleteAlertRule(projectId: number | null) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: number) =>
      ok(
        server.DELETE("/api/v1/projects/{project_id}/alerts/rules/{id}/", {
          params: { path: inRule(projectId, id) },
        }),
      ),
    onSuccess: () => invalidate(client, changes.alertRules(projectId)),
  });
}

export function useChannels(projectId: number | null) {
  return useQuery({
    queryKey: keys.channels(projectId),
    queryFn: ({ signal }) =>
      ok(
        server.GET("/api/v1/projects/{project_id}/alerts/channels/", {
          params: { path: projectPath(projectId) },
          signal,
        }),
      ),
    enabled: projectId !== null,
  });
}

export function useSaveChannel(projectId: number | null) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id?: number; body: ChannelBody }) => {
      if (!id) {
        return ok(
          server.POST("/api/v1/projects/{project_id}/alerts/channels/", {
            params: { path: projectPath(projectId) },
            body,
          }),
        );
      }
      // A channel keeps its kind: an edit sends everything else.
      const { kind: _kind, ...changes } = body;
      return ok(
        server.PATCH("/api/v1/projects/{project_id}/alerts/channels/{id}/", {
          params: { path: inChannel(projectId, id) },
          body: changes,
        }),
      );
    },
    onSuccess: () => invalidate(client, changes.channels(projectId)),
  });
}

export function useToggleChannel(projectId: number | null) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, enabled }: { id: number; enabled: boolean }) =>
      ok(
        server.PATCH("/api/v1/projects/{project_id}/alerts/channels/{id}/", {
          params: { path: inChannel(projectId, id) },
          body: { enabled },
        }),
      ),
    onSuccess: () => invalidate(client, changes.channels(projectId)),
  });
}

export function useDeleteChannel(projectId: number | null) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: number) =>
      ok(
        server.DELETE("/api/v1/projects/{project_id}/alerts/channels/{id}/", {
          params: { path: inChannel(projectId, id) },
        }),
      ),
    onSuccess: () => {
      void invalidate(client, changes.channels(projectId));
    },
  });
}

export function useTestChannel(projectId: number | null) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: number) =>
      ok(
        server.POST("/api/v1/projects/{project_id}/alerts/channels/{id}/test/", {
          params: { path: inChannel(projectId, id) },
        }),
      ),
    onSuccess: (delivery) => {
      client.setQueryData(keys.delivery(projectId, delivery.id), delivery);
      void invalidate(client, changes.deliveries(projectId));
    },
  });
}

export function useDeliveries(projectId: number | null, filters: DeliveryFilters) {
  return useQuery({
    queryKey: keys.deliveries(projectId, filters),
    queryFn: ({ signal }) =>
      ok(
        server.GET("/api/v1/projects/{project_id}/alerts/deliveries/", {
          params: { path: projectPath(projectId), query: filters },
          signal,
        }),
      ),
    enabled: projectId !== null,
    placeholderData: keepPreviousData,
    refetchInterval: (query) => ((query.state.data?.results ?? []).some(isInFlight) ? POLL_MS : false),
  });
}

/** One delivery, polled while it is still on its way (a test message sent from a worker). */
export function useDelivery(projectId: number | null, id: number | null, initial?: Delivery) {
  return useQuery({
    queryKey: keys.delivery(projectId, id),
    queryFn: ({ signal }) =>
      ok(
        server.GET("/api/v1/projects/{project_id}/alerts/deliveries/{id}/", {
          params: { path: inDelivery(projectId, id) },
          signal,
        }),
      ),
    enabled: projectId !== null && id !== null,
    initialData: initial,
    refetchInterval: (query) => (!query.state.data || isInFlight(query.state.data) ? POLL_MS : false),
  });
}

export function useRetryDelivery(projectId: number | null) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: number) =>
      ok(
        server.POST("/api/v1/projects/{project_id}/alerts/deliveries/{id}/retry/", {
          params: { path: inDelivery(projectId, id) },
        }),
      ),
    onSuccess: () => {
      void invalidate(client, changes.deliveries(projectId));
    },
  });
}
