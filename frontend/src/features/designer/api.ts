// The designer's reads and writes; the graph and workflows are the project's shared ones.
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";

import { inProject, ok, server } from "../../api/client";
import { changes, invalidate } from "../../queries/invalidate";
import { keys } from "../../queries/keys";
import { withEdge, withNode, withoutEdges } from "./graph";
import type { CreatedNode, DependencyKind, GraphNode, NewNode, ProjectGraph } from "./types";

/** Each node's latest instance of `bizdate`; refreshed every 15 s while shown. */
export function useLatestInstances(projectId: number | null, bizdate: string, workflowId: number | null, enabled: boolean) {
  return useQuery({
    queryKey: keys.latestInstances(projectId, bizdate, workflowId),
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
  client.setQueriesData<ProjectGraph>({ queryKey: keys.graphs(projectId) }, (graph) =>
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
      client.setQueryData<ProjectGraph>(keys.graph(projectId, workflowId), (graph) =>
        graph ? withNode(graph, node) : graph,
      );
      void invalidate(client, changes.nodes(projectId));
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
      void invalidate(client, changes.dependencies(projectId));
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
      void invalidate(client, changes.dependencies(projectId));
    },
  });
}

export function useCreateWorkflow(projectId: number) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { name: string }) =>
      ok(server.POST("/api/v1/projects/{project_id}/workflows/", { params: inProject(projectId), body: input })),
    onSuccess: () => void invalidate(client, changes.workflows(projectId)),
  });
}
