// Alerts endpoints and their TanStack Query hooks; each hook owns its query key.
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";

import { http } from "../../api/client";
import { items, projectPath, type Page } from "../quality/lookups";
import type { Channel, ChannelBody } from "./channels";
import { isInFlight, type Delivery, type DeliveryStatus } from "./deliveries";
import type { AlertRule, AlertRuleBody } from "./rules";

export const alertKeys = {
  all: (projectId: number | null) => ["alerts", projectId] as const,
  rules: (projectId: number | null) => ["alerts", projectId, "rules"] as const,
  channels: (projectId: number | null) => ["alerts", projectId, "channels"] as const,
  deliveries: (projectId: number | null, filters?: DeliveryFilters) =>
    filters ? (["alerts", projectId, "deliveries", filters] as const) : (["alerts", projectId, "deliveries"] as const),
  delivery: (projectId: number | null, id: number) => ["alerts", projectId, "delivery", id] as const,
};

export interface DeliveryFilters {
  status?: DeliveryStatus;
  channel?: number;
  page?: number;
  page_size?: number;
}

const path = (projectId: number | null, rest: string) => projectPath(projectId as number, `alerts/${rest}`);
const POLL_MS = 2000;

export function useAlertRules(projectId: number | null) {
  return useQuery({
    queryKey: alertKeys.rules(projectId),
    queryFn: ({ signal }) =>
      http.get<AlertRule[] | Page<AlertRule>>(path(projectId, "rules/"), { signal, params: { page_size: 500 } }),
    select: (data) => items(data),
    enabled: projectId !== null,
  });
}

export function useSaveAlertRule(projectId: number | null) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id?: number; body: AlertRuleBody }) =>
      id
        ? http.patch<AlertRule>(path(projectId, `rules/${id}/`), body)
        : http.post<AlertRule>(path(projectId, "rules/"), body),
    onSuccess: () => client.invalidateQueries({ queryKey: alertKeys.rules(projectId) }),
  });
}

export function useToggleAlertRule(projectId: number | null) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, enabled }: { id: number; enabled: boolean }) =>
      http.patch<AlertRule>(path(projectId, `rules/${id}/`), { enabled }),
    onSuccess: () => client.invalidateQueries({ queryKey: alertKeys.rules(projectId) }),
  });
}

export function useDeleteAlertRule(projectId: number | null) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => http.delete(path(projectId, `rules/${id}/`)),
    onSuccess: () => client.invalidateQueries({ queryKey: alertKeys.rules(projectId) }),
  });
}

export function useChannels(projectId: number | null) {
  return useQuery({
    queryKey: alertKeys.channels(projectId),
    queryFn: ({ signal }) =>
      http.get<Channel[] | Page<Channel>>(path(projectId, "channels/"), { signal, params: { page_size: 500 } }),
    select: (data) => items(data),
    enabled: projectId !== null,
  });
}

export function useSaveChannel(projectId: number | null) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id?: number; body: ChannelBody }) =>
      id
        ? http.patch<Channel>(path(projectId, `channels/${id}/`), body)
        : http.post<Channel>(path(projectId, "channels/"), body),
    onSuccess: () => client.invalidateQueries({ queryKey: alertKeys.channels(projectId) }),
  });
}

export function useToggleChannel(projectId: number | null) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, enabled }: { id: number; enabled: boolean }) =>
      http.patch<Channel>(path(projectId, `channels/${id}/`), { enabled }),
    onSuccess: () => client.invalidateQueries({ queryKey: alertKeys.channels(projectId) }),
  });
}

export function useDeleteChannel(projectId: number | null) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => http.delete(path(projectId, `channels/${id}/`)),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: alertKeys.channels(projectId) });
      void client.invalidateQueries({ queryKey: alertKeys.rules(projectId) });
    },
  });
}

export function useTestChannel(projectId: number | null) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => http.post<Delivery>(path(projectId, `channels/${id}/test/`)),
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
      http.get<Page<Delivery> | Delivery[]>(path(projectId, "deliveries/"), { signal, params: { ...filters } }),
    select: (data): Page<Delivery> =>
      Array.isArray(data) ? { count: data.length, next: null, previous: null, results: data } : data,
    enabled: projectId !== null,
    placeholderData: keepPreviousData,
    refetchInterval: (query) => (items(query.state.data).some(isInFlight) ? POLL_MS : false),
  });
}

/** One delivery, polled while it is still on its way (a test message sent from a worker). */
export function useDelivery(projectId: number | null, id: number | null, initial?: Delivery) {
  return useQuery({
    queryKey: alertKeys.delivery(projectId, id as number),
    queryFn: ({ signal }) => http.get<Delivery>(path(projectId, `deliveries/${id}/`), { signal }),
    enabled: projectId !== null && id !== null,
    initialData: initial,
    refetchInterval: (query) => (!query.state.data || isInFlight(query.state.data) ? POLL_MS : false),
  });
}

export function useRetryDelivery(projectId: number | null) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => http.post<Delivery>(path(projectId, `deliveries/${id}/retry/`)),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: alertKeys.deliveries(projectId) });
      void client.invalidateQueries({ queryKey: alertKeys.channels(projectId) });
    },
  });
}
