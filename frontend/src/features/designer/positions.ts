// Where people put the nodes, kept by the server per project and view (a workflow, or the whole
// project) and shared by everyone in the project. Only moves are saved, and a save merges the
// moved nodes into what is kept: nodes without a position are laid out automatically.
import { useQuery, type QueryClient } from "@tanstack/react-query";

import { inProject, ok, type Schema, server } from "../../api/client";
import { keys } from "../../queries/keys";
import type { XY } from "./layout";

export type Canvas = Schema<"Canvas">;

/** The view's kept positions. A failed read is an empty canvas: the graph is laid out afresh. */
export function useCanvas(projectId: number | null, workflowId: number | null) {
  return useQuery({
    queryKey: keys.canvas(projectId, workflowId),
    queryFn: ({ signal }) =>
      ok(
        server.GET("/api/v1/projects/{project_id}/canvas/", {
          params: { ...inProject(projectId!), query: workflowId === null ? {} : { workflow: workflowId } },
          signal,
        }),
      ),
    enabled: projectId !== null,
    retry: false,
  });
}

/** The positions the server keeps, by node id; anything malformed is left to the layout. */
export function positionsOf(canvas: Canvas | undefined): Map<string, XY> {
  const positions = new Map<string, XY>();
  for (const [id, value] of Object.entries(canvas?.positions ?? {})) {
    if (value.length === 2 && value.every((n) => Number.isFinite(n))) positions.set(id, { x: value[0], y: value[1] });
  }
  return positions;
}

/** The body of a save: the moved nodes in whole pixels. */
export function movesBody(workflowId: number | null, nodes: { id: string; position: XY }[]) {
  const positions: Record<string, [number, number]> = {};
  for (const node of nodes) positions[node.id] = [Math.round(node.position.x), Math.round(node.position.y)];
  return { workflow: workflowId, positions };
}

/** Keep where the given nodes now are; the answer (every kept position) refreshes the cache. */
export async function saveMoves(
  client: QueryClient,
  projectId: number,
  workflowId: number | null,
  nodes: { id: string; position: XY }[],
): Promise<Canvas> {
  const canvas = await ok(
    server.PATCH("/api/v1/projects/{project_id}/canvas/", {
      params: inProject(projectId),
      body: movesBody(workflowId, nodes),
    }),
  );
  client.setQueryData(keys.canvas(projectId, workflowId), canvas);
  return canvas;
}

/** Forget the view's positions (after an auto-layout everyone sees the automatic one). */
export async function forgetCanvas(client: QueryClient, projectId: number, workflowId: number | null): Promise<void> {
  await ok(
    server.DELETE("/api/v1/projects/{project_id}/canvas/", {
      params: { ...inProject(projectId), query: workflowId === null ? {} : { workflow: workflowId } },
    }),
  );
  client.removeQueries({ queryKey: keys.canvas(projectId, workflowId) });
}
