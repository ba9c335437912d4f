// Quality endpoints and their TanStack Query hooks; each hook owns its query key.
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";

import { ok, server } from "../../api/client";
import type { operations } from "../../api/schema";
import { inProject, inProjectItem } from "./lookups";
import type { QualityRun, RuleBody } from "./rules";

export const qualityKeys = {
  all: (projectId: number | null) => ["quality", projectId] as const,
  rules: (projectId: number | null) => ["quality", projectId, "rules"] as const,
  rule: (projectId: number | null, id: number | null) => ["quality", projectId, "rules", id] as const,
  runs: (projectId: number | null, filters: RunFilters) => ["quality", projectId, "runs", filters] as const,
  run: (projectId: number | null, id: number | null) => ["quality", projectId, "run", id] as const,
};

/** The run list's filters and page, as the server takes them. */
export type RunFilters = NonNullable<operations["projects_quality_runs_list"]["parameters"]["query"]>;

/** The rule list asks for every rule at once: the largest page the server gives. */
const ALL_RULES = 500;

/** Polls while a run is still going, so a verdict shows up without a reload. */
const POLL_MS = 1500;
const hasPending = (runs: (QualityRun | null | undefined)[]) => runs.some((run) => run?.verdict === "pending");

const inRule = (projectId: number | null, id: number | null) => inProjectItem(projectId, id, "rule");
const inRun = (projectId: number | null, id: number | null) => inProjectItem(projectId, id, "run");

export function useRules(projectId: number | null) {
  return useQuery({
    queryKey: qualityKeys.rules(projectId),
    queryFn: ({ signal }) =>
      ok(
        server.GET("/api/v1/projects/{project_id}/quality/rules/", {
          params: { path: inProject(projectId), query: { page_size: ALL_RULES } },
          signal,
        }),
      ),
    select: (page) => page.results,
    enabled: projectId !== null,
    refetchInterval: (query) =>
      hasPending((query.state.data?.results ?? []).map((rule) => rule.last_run)) ? POLL_MS : false,
  });
}

export function useRule(projectId: number | null, id: number | null) {
  return useQuery({
    queryKey: qualityKeys.rule(projectId, id),
    queryFn: ({ signal }) =>
      ok(
        server.GET("/api/v1/projects/{project_id}/quality/rules/{id}/", {
          params: { path: inRule(projectId, id) },
          signal,
        }),
      ),
    enabled: projectId !== null && id !== null,
    refetchInterval: (query) => (query.state.data?.last_run?.verdict === "pending" ? POLL_MS : false),
  });
}

export function useRuns(projectId: number | null, filters: RunFilters, enabled = true) {
  return useQuery({
    queryKey: qualityKeys.runs(projectId, filters),
    queryFn: ({ signal }) =>
      ok(
        server.GET("/api/v1/projects/{project_id}/quality/runs/", {
          params: { path: inProject(projectId), query: filters },
          signal,
        }),
      ),
    enabled: projectId !== null && enabled,
    placeholderData: keepPreviousData,
    refetchInterval: (query) => (hasPending(query.state.data?.results ?? []) ? POLL_MS : false),
  });
}

/** One run, polled until it has a verdict. */
export function useRun(projectId: number | null, id: number | null) {
  return useQuery({
    queryKey: qualityKeys.run(projectId, id),
    queryFn: ({ signal }) =>
      ok(
        server.GET("/api/v1/projects/{project_id}/quality/runs/{id}/", {
          params: { path: inRun(projectId, id) },
          signal,
        }),
      ),
    enabled: projectId !== null && id !== null,
    refetchInterval: (query) => (!query.state.data || query.state.data.verdict === "pending" ? POLL_MS : false),
  });
}

export function useSaveRule(projectId: number | null) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id?: number; body: RuleBody }) =>
      id
        ? ok(
            server.PATCH("/api/v1/projects/{project_id}/quality/rules/{id}/", {
              params: { path: inRule(projectId, id) },
              body,
            }),
          )
        : ok(
            server.POST("/api/v1/projects/{project_id}/quality/rules/", {
              params: { path: inProject(projectId) },
              body,
            }),
          ),
    onSuccess: (rule) => {
      client.setQueryData(qualityKeys.rule(projectId, rule.id), rule);
      void client.invalidateQueries({ queryKey: qualityKeys.rules(projectId) });
    },
  });
}

export function useDeleteRule(projectId: number | null) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: number) =>
      ok(
        server.DELETE("/api/v1/projects/{project_id}/quality/rules/{id}/", {
          params: { path: inRule(projectId, id) },
        }),
      ),
    onSuccess: () => client.invalidateQueries({ queryKey: qualityKeys.rules(projectId) }),
  });
}

export function useToggleRule(projectId: number | null) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, enabled }: { id: number; enabled: boolean }) =>
      ok(
        server.PATCH("/api/v1/projects/{project_id}/quality/rules/{id}/", {
          params: { path: inRule(projectId, id) },
          body: { enabled },
        }),
      ),
    onSuccess: (rule) => {
      client.setQueryData(qualityKeys.rule(projectId, rule.id), rule);
      void client.invalidateQueries({ queryKey: qualityKeys.rules(projectId) });
    },
  });
}

export function usePreviewSql(projectId: number | null) {
  return useMutation({
    mutationFn: (body: RuleBody & { bizdate: string }) =>
      ok(
        server.POST("/api/v1/projects/{project_id}/quality/rules/preview-sql/", {
          params: { path: inProject(projectId) },
          body,
        }),
      ),
  });
}

export function useRunRule(projectId: number | null) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, bizdate }: { id: number; bizdate: string }) =>
      ok(
        server.POST("/api/v1/projects/{project_id}/quality/rules/{id}/run/", {
          params: { path: inRule(projectId, id) },
          body: { bizdate },
        }),
      ),
    onSuccess: (run) => {
      client.setQueryData(qualityKeys.run(projectId, run.id), run);
      void client.invalidateQueries({ queryKey: qualityKeys.all(projectId) });
    },
  });
}
