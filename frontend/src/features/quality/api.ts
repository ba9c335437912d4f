// Quality endpoints and their TanStack Query hooks, keyed by resource (queries/keys.ts).
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";

import { ok, server } from "../../api/client";
import { changes, invalidate } from "../../queries/invalidate";
import { keys, type RunFilters } from "../../queries/keys";
import { itemPath, projectPath } from "../../queries/project";
import type { QualityRun, RuleBody } from "./rules";

/** The rule list asks for every rule at once: the largest page the server gives. */
const ALL_RULES = 500;

/** Polls while a run is still going, so a verdict shows up without a reload. */
const POLL_MS = 1500;
const hasPending = (runs: (QualityRun | null | undefined)[]) => runs.some((run) => run?.verdict === "pending");

const inRule = (projectId: number | null, id: number | null) => itemPath(projectId, id, "rule");
const inRun = (projectId: number | null, id: number | null) => itemPath(projectId, id, "run");

export function useRules(projectId: number | null) {
  return useQuery({
    queryKey: keys.qualityRules(projectId),
    queryFn: ({ signal }) =>
      ok(
        server.GET("/api/v1/projects/{project_id}/quality/rules/", {
          params: { path: projectPath(projectId), query: { page_size: ALL_RULES } },
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
    queryKey: keys.qualityRule(projectId, id),
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
    queryKey: keys.qualityRuns(projectId, filters),
    queryFn: ({ signal }) =>
      ok(
        server.GET("/api/v1/projects/{project_id}/quality/runs/", {
          params: { path: projectPath(projectId), query: filters },
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
    queryKey: keys.qualityRun(projectId, id),
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
              params: { path: projectPath(projectId) },
              body,
            }),
          ),
    onSuccess: (rule) => {
      client.setQueryData(keys.qualityRule(projectId, rule.id), rule);
      void invalidate(client, changes.qualityRules(projectId));
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
    onSuccess: () => invalidate(client, changes.qualityRules(projectId)),
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
      client.setQueryData(keys.qualityRule(projectId, rule.id), rule);
      void invalidate(client, changes.qualityRules(projectId));
    },
  });
}

export function usePreviewSql(projectId: number | null) {
  return useMutation({
    mutationFn: (body: RuleBody & { bizdate: string }) =>
      ok(
        server.POST("/api/v1/projects/{project_id}/quality/rules/preview-sql/", {
          params: { path: projectPath(projectId) },
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
      client.setQueryData(keys.qualityRun(projectId, run.id), run);
      void invalidate(client, changes.qualityRuns(projectId));
    },
  });
}
