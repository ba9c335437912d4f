// Quality endpoints and their TanStack Query hooks; each hook owns its query key.
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";

import { http } from "../../api/client";
import { items, projectPath, type Page } from "./lookups";
import type { QualityRule, QualityRun, RuleBody } from "./rules";

export const qualityKeys = {
  all: (projectId: number | null) => ["quality", projectId] as const,
  rules: (projectId: number | null) => ["quality", projectId, "rules"] as const,
  rule: (projectId: number | null, id: number) => ["quality", projectId, "rules", id] as const,
  runs: (projectId: number | null, filters: RunFilters) => ["quality", projectId, "runs", filters] as const,
  run: (projectId: number | null, id: number) => ["quality", projectId, "run", id] as const,
};

export interface RunFilters {
  rule?: number;
  instance?: number;
  verdict?: string;
  page?: number;
  page_size?: number;
}

const rulesPath = (projectId: number) => projectPath(projectId, "quality/rules/");
const rulePath = (projectId: number, id: number) => projectPath(projectId, `quality/rules/${id}/`);

/** Polls while a run is still going, so a verdict shows up without a reload. */
const POLL_MS = 1500;
const hasPending = (runs: (QualityRun | null | undefined)[]) => runs.some((run) => run?.verdict === "pending");

export function useRules(projectId: number | null) {
  return useQuery({
    queryKey: qualityKeys.rules(projectId),
    queryFn: ({ signal }) =>
      http.get<QualityRule[] | Page<QualityRule>>(rulesPath(projectId as number), {
        signal,
        params: { page_size: 500 },
      }),
    select: (data) => items(data),
    enabled: projectId !== null,
    refetchInterval: (query) =>
      hasPending(items(query.state.data).map((rule) => rule.last_run)) ? POLL_MS : false,
  });
}

export function useRule(projectId: number | null, id: number | null) {
  return useQuery({
    queryKey: qualityKeys.rule(projectId, id as number),
    queryFn: ({ signal }) => http.get<QualityRule>(rulePath(projectId as number, id as number), { signal }),
    enabled: projectId !== null && id !== null,
    refetchInterval: (query) => (query.state.data?.last_run?.verdict === "pending" ? POLL_MS : false),
  });
}

export function useRuns(projectId: number | null, filters: RunFilters, enabled = true) {
  return useQuery({
    queryKey: qualityKeys.runs(projectId, filters),
    queryFn: ({ signal }) =>
      http.get<Page<QualityRun> | QualityRun[]>(projectPath(projectId as number, "quality/runs/"), {
        signal,
        params: { ...filters },
      }),
    select: (data): Page<QualityRun> =>
      Array.isArray(data) ? { count: data.length, next: null, previous: null, results: data } : data,
    enabled: projectId !== null && enabled,
    placeholderData: keepPreviousData,
    refetchInterval: (query) => (hasPending(items(query.state.data)) ? POLL_MS : false),
  });
}

/** One run, polled until it has a verdict. */
export function useRun(projectId: number | null, id: number | null) {
  return useQuery({
    queryKey: qualityKeys.run(projectId, id as number),
    queryFn: ({ signal }) =>
      http.get<QualityRun>(projectPath(projectId as number, `quality/runs/${id}/`), { signal }),
    enabled: projectId !== null && id !== null,
    refetchInterval: (query) => (!query.state.data || query.state.data.verdict === "pending" ? POLL_MS : false),
  });
}

export function useSaveRule(projectId: number | null) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id?: number; body: RuleBody }) =>
      id
        ? http.patch<QualityRule>(rulePath(projectId as number, id), body)
        : http.post<QualityRule>(rulesPath(projectId as number), body),
    onSuccess: (rule) => {
      client.setQueryData(qualityKeys.rule(projectId, rule.id), rule);
      void client.invalidateQueries({ queryKey: qualityKeys.rules(projectId) });
    },
  });
}

export function useDeleteRule(projectId: number | null) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => http.delete(rulePath(projectId as number, id)),
    onSuccess: () => client.invalidateQueries({ queryKey: qualityKeys.rules(projectId) }),
  });
}

export function useToggleRule(projectId: number | null) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, enabled }: { id: number; enabled: boolean }) =>
      http.patch<QualityRule>(rulePath(projectId as number, id), { enabled }),
    onSuccess: (rule) => {
      client.setQueryData(qualityKeys.rule(projectId, rule.id), rule);
      void client.invalidateQueries({ queryKey: qualityKeys.rules(projectId) });
    },
  });
}

export function usePreviewSql(projectId: number | null) {
  return useMutation({
    mutationFn: (body: RuleBody & { bizdate: string }) =>
      http.post<{ sql: string }>(projectPath(projectId as number, "quality/rules/preview-sql/"), body),
  });
}

export function useRunRule(projectId: number | null) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, bizdate }: { id: number; bizdate: string }) =>
      http.post<QualityRun>(projectPath(projectId as number, `quality/rules/${id}/run/`), { bizdate }),
    onSuccess: (run) => {
      client.setQueryData(qualityKeys.run(projectId, run.id), run);
      void client.invalidateQueries({ queryKey: qualityKeys.all(projectId) });
    },
  });
}
