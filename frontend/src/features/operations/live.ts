// Live updates: a project's instance status changes (ws/projects/<id>/events/) and one instance's
// status and log lines (ws/projects/<id>/instances/<id>/); message shapes from scheduler/live.py.
import { useQueryClient, type QueryClient, type QueryKey } from "@tanstack/react-query";
import { useEffect, useRef } from "react";

import { useLiveChannel, type LiveStatus } from "../../api/ws";
import { keys } from "../../queries/keys";
import type { Gantt, InstanceGraph, InstancePage } from "./api";

export interface StatusChange {
  instance: number;
  from: string;
  status: string;
  reason: string;
  attempt: number;
}

export interface StatusMessage {
  type: "instance.status";
  changes: StatusChange[];
}

export interface LogMessage {
  type: "instance.log";
  instance: number;
  attempt: number;
  lines: string[];
}

export type LiveMessage = StatusMessage | LogMessage;

export function isStatusMessage(message: unknown): message is StatusMessage {
  return (
    typeof message === "object" &&
    message !== null &&
    (message as { type?: unknown }).type === "instance.status" &&
    Array.isArray((message as { changes?: unknown }).changes)
  );
}

export function isLogMessage(message: unknown): message is LogMessage {
  return (
    typeof message === "object" &&
    message !== null &&
    (message as { type?: unknown }).type === "instance.log" &&
    Array.isArray((message as { lines?: unknown }).lines)
  );
}

/** The latest status per instance in a batch of changes (a batch may move one instance twice). */
export function latestStatuses(changes: StatusChange[]): Map<number, StatusChange> {
  const latest = new Map<number, StatusChange>();
  for (const change of changes) latest.set(change.instance, change);
  return latest;
}

/** Rows with the new statuses applied; the same array when none of them changed. */
export function patchStatuses<T extends { id: number; status: string }>(rows: T[], changes: Map<number, StatusChange>): T[] {
  let changed = false;
  const out = rows.map((row) => {
    const change = changes.get(row.id);
    if (!change || change.status === row.status) return row;
    changed = true;
    const attempt = "attempt" in row && typeof change.attempt === "number" ? { attempt: change.attempt } : {};
    return { ...row, status: change.status, ...attempt };
  });
  return changed ? out : rows;
}

/** Put new statuses into every cached list, detail, graph and Gantt of the project at once. */
export function applyStatusChanges(client: QueryClient, projectId: number, changes: StatusChange[]): void {
  const latest = latestStatuses(changes);
  if (!latest.size) return;
  client.setQueriesData<InstancePage>(
    { queryKey: keys.instanceLists(projectId) },
    (page) => (page ? { ...page, results: patchStatuses(page.results, latest) } : page),
  );
  for (const [id, change] of latest) {
    client.setQueryData<{ id: number; status: string; attempt: number }>(keys.instance(projectId, id), (detail) =>
      detail && detail.status !== change.status ? { ...detail, status: change.status, attempt: change.attempt } : detail,
    );
  }
  client.setQueriesData<InstanceGraph>({ queryKey: keys.instanceGraphs(projectId) }, (graph) =>
    graph ? { ...graph, nodes: patchStatuses(graph.nodes, latest) } : graph,
  );
  client.setQueriesData<Gantt>({ queryKey: keys.gantts(projectId) }, (gantt) =>
    gantt ? { ...gantt, rows: patchStatuses(gantt.rows, latest) } : gantt,
  );
}

/**
 * Subscribe to the project's status changes: caches are patched at once, and the queries named
 * by `refresh` are refetched a moment later (once per burst) for times, durations and counts.
 */
export function useProjectLive(
  projectId: number | null,
  { refresh = [], delay = 800, onChanges }: { refresh?: QueryKey[]; delay?: number; onChanges?: (changes: StatusChange[]) => void } = {},
): LiveStatus {
  const client = useQueryClient();
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const refreshRef = useRef(refresh);
  refreshRef.current = refresh;
  const onChangesRef = useRef(onChanges);
  onChangesRef.current = onChanges;

  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );

  const { status } = useLiveChannel<unknown>(projectId ? `/ws/projects/${projectId}/events/` : null, (message) => {
    if (!projectId || !isStatusMessage(message)) return;
    applyStatusChanges(client, projectId, message.changes);
    onChangesRef.current?.(message.changes);
    if (!timer.current && refreshRef.current.length) {
      timer.current = setTimeout(() => {
        timer.current = null;
        for (const queryKey of refreshRef.current) void client.invalidateQueries({ queryKey });
      }, delay);
    }
  });
  return status;
}
