// The designer's reads and writes, with their cache keys.
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";

import { inProject, ok, server } from "../../api/client";
import { withEdge, withNode, withoutEdges } from "./graph";
import type { CreatedNode, DependencyKind, GraphNode, NewNode, ProjectGraph } from "./types";

export const designerKeys = {
  all: (projectId: number) => ["designer", projectId] as const,
  workflows: (projectId: number) => ["designer", projectId, "workflows"] as const,
  graph: (projectId: number, workflowId: number | null) => ["designer", projectId, "graph", workflowId ?? "all"] as const,
  latest: (projectId: number, bizdate: string, workflowId: number | null) =>
    ["designer", projectId, "latest", bizdate, workflowId ?? "all"] as const,
};

export function useWorkflows(projectId: number | null) {
  return useQuery({
    queryKey: designerKeys.workflows(projectId ?? 0),
    queryFn: ({ signal }) => ok(server.GET("/api/v1/projects/{project_id}/workflows/", { params: inProject(projectId!), signal })),
    // Never fresh (the default): the Studio may have added workflows since; the cached list
    // shows while the server's comes.
    enabled: projectId !== null,
  });
}

export function useGraph(projectId: number | null, workflowId: number | null) {
  return useQuery({
    queryKey: designerKeys.graph(projectId ?? 0, workflowId),
    queryFn: ({ signal }) =>
      ok(
        server.GET("/api/v1/projects/{project_id}/graph/", {
          params: { ...inProject(projectId!), query: { workflow: workflowId ?? undefined } },
          signal,
        }),
      ),
    // Never fresh (the default), as the workflows above: nodes or upstreams may have changed.
    enabled: projectId !== null,
  });
}

/** Each node's latest instance of `bizdate`; refreshed every 15 s while shown. */
export function useLatestInstances(projectId: number | null, bizdate: string, workflowId: number | null, enabled: boolean) {
  return useQuery({
    queryKey: designerKeys.latest(projectId ?? 0, bizdate, workflowId),
    queryFn: ({ signal }) =>
      ok(
        server.GET("/api/v1/projects/{project_id}/instances/latest/", {
          params: { ...inProject(projectId!), query: { bizdate, workflow: workflowId ?? undefined } },
          signal,
        }),
      ),
    enabled: enabled && projectId !== null,
    refetchInterval: enabled ? 15_000 : false,
    placeholderData: keepPreviousData,
  });
}

/** Apply a change to every cached graph of the project (all nodes, and each workflow). */
function updateGraphs(client: ReturnType<typeof useQueryClient>, projectId: number, change: (graph: ProjectGraph) => ProjectGraph) {
  client.setQueriesData<ProjectGraph>({ queryKey: ["designer", projectId, "graph"] }, (graph) =>
    graph ? change(graph) : graph,
  );
}

/** `beforeShown` runs with the new node before the canvas sees it (to give it its position). */
export function useCreateNode(projectId: number, workflowId: number | null, beforeShown?: (node: CreatedNode) => void) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: NewNode) => ok(server.POST("/api/v1/projects/{project_id}/nodes/", { params: inProject(projectId), body: input })),
    onSuccess: (created) => {
      beforeShown?.(created);
      const node: GraphNode = {
        id: created.id,
        name: created.name,
        type: created.type,
        workflow: created.workflow,
        deployed: created.deployed_version_number !== null,
        deployed_version: created.deployed_version_number,
        owner: created.owner,
        paused: created.paused,
        cron: created.cron,
      };
      client.setQueryData<ProjectGraph>(designerKeys.graph(projectId, workflowId), (graph) =>
        graph ? withNode(graph, node) : graph,
      );
      void client.invalidateQueries({ queryKey: designerKeys.all(projectId) });
    },
  });
}

export function useAddDependency(projectId: number) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { upstream: number; downstream: number; kind?: DependencyKind }) =>
      ok(server.POST("/api/v1/projects/{project_id}/dependencies/", { params: inProject(projectId), body: input })),
    onSuccess: (dependency) => {
      updateGraphs(client, projectId, (graph) =>
        withEdge(graph, {
          id: dependency.id,
          upstream: dependency.upstream,
          downstream: dependency.downstream,
          kind: dependency.kind,
          source: dependency.source,
        }),
      );
      void client.invalidateQueries({ queryKey: ["designer", projectId, "graph"] });
    },
  });
}

/** A dependency to remove; `inboundOf` is set for an edge by which another project depends on
 * this project's node `inboundOf` (it belongs to the other project: removed through the node). */
export interface DoomedDependency {
  id: number;
  inboundOf: number | null;
}

export function useDeleteDependencies(projectId: number) {
  const client = useQueryClient();
  return useMutation({
    /** Deletes each; resolves with the ids that went and the first error, if any. */
    mutationFn: async (doomed: DoomedDependency[]) => {
      const results = await Promise.allSettled(
        doomed.map(({ id, inboundOf }) =>
          inboundOf === null
            ? ok(server.DELETE("/api/v1/projects/{project_id}/dependencies/{id}/", { params: { path: { project_id: projectId, id } } }))
            : ok(
                server.DELETE("/api/v1/projects/{project_id}/nodes/{id}/inbound/{dependency_id}/", {
                  params: { path: { project_id: projectId, id: inboundOf, dependency_id: id } },
                }),
              ),
        ),
      );
      const ids = doomed.map(({ id }) => id);
      const deleted = ids.filter((_, i) => results[i].status === "fulfilled");
      const failure = results.find((result): result is PromiseRejectedResult => result.status === "rejected");
      return { deleted, error: failure?.reason as unknown };
    },
    onSuccess: ({ deleted }) => {
      const gone = new Set(deleted);
      updateGraphs(client, projectId, (graph) => withoutEdges(graph, gone));
      void client.invalidateQueries({ queryKey: ["designer", projectId, "graph"] });
    },
  });
}

export function useCreateWorkflow(projectId: number) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { name: string }) =>
      ok(server.POST("/api/v1/projects/{project_id}/workflows/", { params: inProject(projectId), body: input })),
    onSuccess: () => void client.invalidateQueries({ queryKey: designerKeys.workflows(projectId) }),
  });
}
