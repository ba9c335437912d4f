// The project graph as React Flow nodes and edges. Pure functions: the canvas keeps node objects
// that did not change (React Flow skips them), so rebuilding after an edit stays cheap at 2,000.
import { Position, type Edge, type Node, type NodeHandle } from "@xyflow/react";

import { chooseEngine, layoutInput, layoutPositions, type LayoutEngine, type XY } from "./layout";
import type { ExternalNode, GraphNode, ProjectGraph } from "./types";
import i18n from "../../i18n";

export const NODE_WIDTH = 200;
export const NODE_HEIGHT = 64;
const HANDLE = 10;

export type DesignerNodeData = {
  node: GraphNode;
  /** The node also depends on its own previous cycle (drawn as a badge, not a loop). */
  selfDependency: boolean;
};

export type ExternalNodeData = {
  external: ExternalNode;
  /** In this project (another workflow) or in another project. */
  sameProject: boolean;
};

export type DesignerFlowNode = Node<DesignerNodeData, "designer">;
export type ExternalFlowNode = Node<ExternalNodeData, "external">;
export type FlowNode = DesignerFlowNode | ExternalFlowNode;

export type DependencyEdgeData = {
  kind: string;
  /** Why the edge exists when it came from SQL lineage. */
  source?: { table?: string; line?: number };
  /** A refused edge drawn only to show the loop it would have closed. */
  refused?: boolean;
};
export type FlowEdge = Edge<DependencyEdgeData, "dependency">;

export const REFUSED_EDGE_ID = "refused";

export const nodeKey = (id: number): string => String(id);
export const edgeKey = (id: number): string => `e${id}`;

/**
 * Handles and size given up front: React Flow then knows every node's box without measuring it,
 * so `onlyRenderVisibleElements` skips off-screen nodes from the very first render.
 */
export const STATIC_HANDLES: NodeHandle[] = [
  { type: "target", position: Position.Left, x: -HANDLE / 2, y: NODE_HEIGHT / 2 - HANDLE / 2, width: HANDLE, height: HANDLE },
  {
    type: "source",
    position: Position.Right,
    x: NODE_WIDTH - HANDLE / 2,
    y: NODE_HEIGHT / 2 - HANDLE / 2,
    width: HANDLE,
    height: HANDLE,
  },
];

const SIZE = { width: NODE_WIDTH, height: NODE_HEIGHT };

function sameNode(a: GraphNode, b: GraphNode): boolean {
  return (
    a.name === b.name &&
    a.type === b.type &&
    a.workflow === b.workflow &&
    a.deployed === b.deployed &&
    a.deployed_version === b.deployed_version &&
    a.paused === b.paused &&
    a.cron === b.cron &&
    a.owner === b.owner
  );
}

function designerNode(node: GraphNode, position: XY, selfDependency: boolean): DesignerFlowNode {
  return {
    id: nodeKey(node.id),
    type: "designer",
    position,
    data: { node, selfDependency },
    ...SIZE,
    measured: { ...SIZE },
    handles: STATIC_HANDLES,
    deletable: false,
  };
}

/** What the canvas calls a node outside the view: its name, or what little may be said of it. */
export function externalName(external: ExternalNode): string {
  return external.name ?? i18n.t("designer:node.unreadable");
}

/**
 * The upstream (a node of this project) of an edge by which a node of another project depends on
 * it, or null for any other edge. Such an edge belongs to the other project; this project's
 * editors remove it through the node's inbound edges.
 */
export function inboundUpstream(
  edge: { source: string; target: string },
  graph: ProjectGraph,
  projectId: number | null,
): number | null {
  const upstream = Number(edge.source);
  const downstream = Number(edge.target);
  if (!graph.nodes.some((node) => node.id === upstream)) return null;
  const outside = graph.external.find((node) => node.id === downstream);
  if (!outside || (projectId !== null && outside.project === projectId)) return null;
  return upstream;
}

function externalNode(external: ExternalNode, position: XY, projectId: number | null): ExternalFlowNode {
  return {
    id: nodeKey(external.id),
    type: "external",
    position,
    data: { external, sameProject: projectId !== null && external.project === projectId },
    ...SIZE,
    measured: { ...SIZE },
    handles: STATIC_HANDLES,
    deletable: false,
    connectable: false,
  };
}

export interface BuildResult {
  nodes: FlowNode[];
  /** Which layout placed the nodes that had no position yet; null when none needed one. */
  engine: LayoutEngine | null;
  layoutMs: number;
}

/**
 * React Flow nodes for `graph`. A node keeps its position from `previous` (or `placed`, e.g. where
 * it was dropped from the palette); nodes with neither are laid out. Unchanged nodes keep their
 * previous object.
 */
export function buildNodes(
  graph: ProjectGraph,
  {
    previous = [],
    placed = new Map(),
    projectId = null,
    relayout = false,
    now = () => performance.now(),
  }: {
    previous?: FlowNode[];
    placed?: Map<string, XY>;
    projectId?: number | null;
    /** Lay out every node again (the Auto-layout button). */
    relayout?: boolean;
    now?: () => number;
  } = {},
): BuildResult {
  const before = new Map(previous.map((node) => [node.id, node]));
  const selfDependent = new Set(
    graph.edges.filter((edge) => edge.upstream === edge.downstream).map((edge) => nodeKey(edge.upstream)),
  );
  const positionOf = (id: string): XY | undefined => (relayout ? undefined : (before.get(id)?.position ?? placed.get(id)));

  let laidOut: Map<string, XY> | null = null;
  let engine: LayoutEngine | null = null;
  let layoutMs = 0;
  const allIds = [...graph.nodes.map((n) => nodeKey(n.id)), ...graph.external.map((n) => nodeKey(n.id))];
  if (allIds.some((id) => positionOf(id) === undefined)) {
    const started = now();
    const input = layoutInput(graph);
    engine = chooseEngine(input);
    laidOut = layoutPositions(input, { ...SIZE }, engine);
    layoutMs = now() - started;
  }
  const position = (id: string): XY => positionOf(id) ?? laidOut?.get(id) ?? { x: 0, y: 0 };

  const nodes: FlowNode[] = [];
  for (const node of graph.nodes) {
    const id = nodeKey(node.id);
    const old = before.get(id);
    const self = selfDependent.has(id);
    const at = position(id);
    if (
      old &&
      old.type === "designer" &&
      old.position === at &&
      sameNode(old.data.node, node) &&
      old.data.selfDependency === self
    ) {
      nodes.push(old);
    } else {
      nodes.push({ ...designerNode(node, at, self), selected: old?.selected ?? false });
    }
  }
  for (const external of graph.external) {
    const id = nodeKey(external.id);
    const old = before.get(id);
    const at = position(id);
    if (old && old.type === "external" && old.position === at && old.data.external.name === external.name) {
      nodes.push(old);
    } else {
      nodes.push(externalNode(external, at, projectId));
    }
  }
  return { nodes, engine, layoutMs };
}

/** React Flow edges: every dependency but self dependencies (a badge on the node shows those). */
export function buildEdges(graph: ProjectGraph, selected: ReadonlySet<string> = new Set()): FlowEdge[] {
  const edges: FlowEdge[] = [];
  for (const edge of graph.edges) {
    if (edge.upstream === edge.downstream) continue;
    const id = edgeKey(edge.id);
    edges.push({
      id,
      type: "dependency",
      source: nodeKey(edge.upstream),
      target: nodeKey(edge.downstream),
      data: { kind: edge.kind, source: edge.source },
      selected: selected.has(id),
    });
  }
  return edges;
}

/** "orders, line 3": why an edge exists, when lineage proposed it. */
export function edgeReason(source: DependencyEdgeData["source"]): string | null {
  return source?.table ? `${source.table}${source.line ? `, line ${source.line}` : ""}` : null;
}

/** The self dependency of a node (its own previous cycle), if it has one. */
export function selfDependencyOf(graph: ProjectGraph, nodeId: number): number | null {
  const edge = graph.edges.find((e) => e.upstream === nodeId && e.downstream === nodeId);
  return edge ? edge.id : null;
}

/** The edge that was refused, drawn dashed in red while the loop is shown. */
export function refusedEdge(upstream: number, downstream: number): FlowEdge {
  return {
    id: REFUSED_EDGE_ID,
    type: "dependency",
    source: nodeKey(upstream),
    target: nodeKey(downstream),
    data: { kind: "same_cycle", refused: true },
    selectable: false,
    deletable: false,
  };
}

/** The graph with a node the server just created (before the refetch confirms it). */
export function withNode(graph: ProjectGraph, node: GraphNode): ProjectGraph {
  if (graph.nodes.some((n) => n.id === node.id)) return graph;
  return { ...graph, nodes: [...graph.nodes, node] };
}

export function withEdge(graph: ProjectGraph, edge: ProjectGraph["edges"][number]): ProjectGraph {
  if (graph.edges.some((e) => e.id === edge.id)) return graph;
  return { ...graph, edges: [...graph.edges, edge] };
}

export function withoutEdges(graph: ProjectGraph, ids: ReadonlySet<number>): ProjectGraph {
  return { ...graph, edges: graph.edges.filter((edge) => !ids.has(edge.id)) };
}

/** The dependency an edge stands for: "e12" -> 12; anything else (the refused edge) -> null. */
export function dependencyId(edgeId: string): number | null {
  const match = /^e(\d+)$/.exec(edgeId);
  return match ? Number(match[1]) : null;
}
