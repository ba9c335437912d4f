// A refused dependency and the loop it would have closed: which nodes and edges to draw in red.
import { ApiError } from "../../api/client";
import { edgeKey, externalName, nodeKey } from "./graph";
import type { ProjectGraph } from "./types";

/** What the canvas highlights; empty sets when there is nothing to show. */
export interface LoopHighlight {
  /** The loop as node ids, first == last: upstream -> downstream -> ... -> upstream. */
  path: number[];
  nodeIds: ReadonlySet<string>;
  /** Existing same-cycle edges on the loop. */
  edgeIds: ReadonlySet<string>;
  /** Steps of the loop with no edge on the canvas (the refused one, or edges outside the view). */
  missing: [number, number][];
  /** The server's sentence, e.g. "upstream: this would close a loop: c -> a -> b -> c". */
  message: string;
}

export const NO_LOOP: LoopHighlight = { path: [], nodeIds: new Set(), edgeIds: new Set(), missing: [], message: "" };

const LOOP_TEXT = /close a loop:\s*(.+)$/;

/**
 * The loop a refused dependency would have closed, as node ids. The API sends them as "cycle";
 * an older server only names the nodes in its message, so fall back to matching names (node names
 * are unique in a project).
 */
export function loopFromError(error: unknown, graph: ProjectGraph | undefined): number[] | null {
  if (!(error instanceof ApiError) || error.status !== 400) return null;
  const body = error.body as { cycle?: unknown } | undefined;
  if (body && Array.isArray(body.cycle) && body.cycle.length >= 2 && body.cycle.every((id) => Number.isInteger(id))) {
    return body.cycle as number[];
  }
  const reasons = [...(error.fields.upstream ?? []), error.message];
  for (const reason of reasons) {
    const match = LOOP_TEXT.exec(reason);
    if (!match || !graph) continue;
    const byName = new Map<string, number>();
    for (const node of graph.external) if (node.name !== null) byName.set(node.name, node.id);
    for (const node of graph.nodes) byName.set(node.name, node.id);
    const ids = match[1].split(" -> ").map((name) => byName.get(name.trim()));
    if (ids.length >= 2 && ids.every((id) => id !== undefined)) return ids as number[];
  }
  return null;
}

/** Nodes and edges of `path` (a loop, first == last) as canvas ids. */
export function loopHighlight(path: number[], graph: ProjectGraph, message = ""): LoopHighlight {
  const nodeIds = new Set(path.map(nodeKey));
  const edgeIds = new Set<string>();
  const missing: [number, number][] = [];
  const byPair = new Map<string, number>();
  for (const edge of graph.edges) {
    if (edge.kind === "same_cycle") byPair.set(`${edge.upstream}>${edge.downstream}`, edge.id);
  }
  for (let i = 0; i + 1 < path.length; i += 1) {
    const id = byPair.get(`${path[i]}>${path[i + 1]}`);
    if (id === undefined) missing.push([path[i], path[i + 1]]);
    else edgeIds.add(edgeKey(id));
  }
  return { path, nodeIds, edgeIds, missing, message };
}

/** "a -> b -> c -> a" with the names the canvas knows (ids for the ones it does not). */
export function describeLoop(path: number[], graph: ProjectGraph): string {
  const names = new Map<number, string>();
  for (const node of graph.external) names.set(node.id, externalName(node));
  for (const node of graph.nodes) names.set(node.id, node.name);
  return path.map((id) => names.get(id) ?? `#${id}`).join(" → ");
}
