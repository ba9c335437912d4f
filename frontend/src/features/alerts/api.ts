// Alerts endpoints and their TanStack Query hooks; each hook owns its query key.
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";

import { ok, server } from "../../api/client";
import type { operations } from "../../api/schema";
import { inProject, inProjectItem } from "../quality/lookups";
import type { ChannelBody } from "./channels";
import { isInFlight, type Delivery } from "./deliveries";
import type { AlertRuleBody } from "./rules";

export const alertKeys = {
  all: (projectId: number | null) => ["alerts", projectId] as const,
  rules: (projectId: number | null) => ["alerts", projectId, "rules"] as const,
  channels: (projectId: number | null) => ["alerts", projectId, "channels"] as const,
  deliveries: (projectId: number | null, filters?: DeliveryFilters) =>
    filters ? (["alerts", projectId, "deliveries", filters] as const) : (["alerts", projectId, "deliveries"] as const),
  delivery: (projectId: number | null, id: number | null) => ["alerts", projectId, "delivery", id] as const,
};

/** The delivery log's filters and page, as the server takes them. */
export type DeliveryFilters = NonNullable<operations["projects_alerts_deliveries_list"]["parameters"]["query"]>;

const POLL_MS = 2000;

const inRule = (projectId: number | null, id: number) => inProjectItem(projectId, id, "alert rule");
const inChannel = (projectId: number | null, id: number) => inProjectItem(projectId, id, "channel");
const inDelivery = (projectId: number | null, id: number | null) => inProjectItem(projectId, id, "delivery");

// Rules and channels are few: the server sends them all, unpaged.

export function useAlertRules(projectId: number | null) {
  return useQuery({
    queryKey: alertKeys.rules(projectId),
    queryFn: ({ signal }) =>
      ok(server.GET("/api/v1/projects/{project_id}/alerts/rules/", { params: { path: inProject(projectId) }, signal })),
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
              params: { path: inProject(projectId) },
              body,
            }),
          ),
    onSuccess: () => client.invalidateQueries({ queryKey: alertKeys.rules(projectId) }),
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
    onSuccess: () => client.invalidateQueries({ queryKey: alertKeys.rules(projectId) }),
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
    onSuccess: () => client.invalidateQueries({ queryKey: alertKeys.rules(projectId) }),
  });
}

export function useChannels(projectId: number | null) {
  return useQuery({
    queryKey: alertKeys.channels(projectId),
    queryFn: ({ signal }) =>
      ok(
        server.GET("/api/v1/projects/{project_id}/alerts/channels/", {
          params: { path: inProject(projectId) },
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
            params: { path: inProject(projectId) },
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
    onSuccess: () => client.invalidateQueries({ queryKey: alertKeys.channels(projectId) }),
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
    onSuccess: () => client.invalidateQueries({ queryKey: alertKeys.channels(projectId) }),
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
      void client.invalidateQueries({ queryKey: alertKeys.channels(projectId) });
      void client.invalidateQueries({ queryKey: alertKeys.rules(projectId) });
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
      client.setQueryData(alertKeys.delivery(projectId, delivery.id), delivery);
      void client.invalidateQueries({ queryKey: alertKeys.deliveries(projectId) });
      void client.invalidateQueries({ queryKey: alertKeys.channels(projectId) });
    },
  });
}

export function useDeliveries(projectId: number | null, filters: DeliveryFilters) {
  return useQuery({
    queryKey: alertKeys.deliveries(projectId, filters),
    queryFn: ({ signal }) =>
      ok(
        server.GET("/api/v1/projects/{project_id}/alerts/deliveries/", {
          params: { path: inProject(projectId), query: filters },
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
    queryKey: alertKeys.delivery(projectId, id),
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
      void client.invalidateQueries({ queryKey: alertKeys.deliveries(projectId) });
      void client.invalidateQueries({ queryKey: alertKeys.channels(projectId) });
    },
  });
}
