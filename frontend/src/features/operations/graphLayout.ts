// Left-to-right layout of an instance graph (the instance with its upstream and downstream levels).
import dagre from "@dagrejs/dagre";

export interface LayoutNode {
  id: number;
}

export interface LayoutEdge {
  upstream: number;
  downstream: number;
}

export const NODE_WIDTH = 200;
export const NODE_HEIGHT = 58;

/** Top-left positions (React Flow's convention) of each node, upstream on the left. */
export function layoutGraph(
  nodes: LayoutNode[],
  edges: LayoutEdge[],
  { width = NODE_WIDTH, height = NODE_HEIGHT }: { width?: number; height?: number } = {},
): Map<number, { x: number; y: number }> {
  const graph = new dagre.graphlib.Graph();
  graph.setGraph({ rankdir: "LR", nodesep: 24, ranksep: 64, marginx: 16, marginy: 16 });
  graph.setDefaultEdgeLabel(() => ({}));
  const ids = new Set(nodes.map((node) => node.id));
  for (const node of nodes) graph.setNode(String(node.id), { width, height });
  for (const edge of edges) {
    if (ids.has(edge.upstream) && ids.has(edge.downstream) && edge.upstream !== edge.downstream) {
      graph.setEdge(String(edge.upstream), String(edge.downstream));
    }
  }
  dagre.layout(graph);
  const positions = new Map<number, { x: number; y: number }>();
  for (const node of nodes) {
    const placed = graph.node(String(node.id)) as { x: number; y: number } | undefined;
    positions.set(node.id, placed ? { x: placed.x - width / 2, y: placed.y - height / 2 } : { x: 0, y: 0 });
  }
  return positions;
}
