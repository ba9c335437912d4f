// Shapes of the API answers the designer reads (projects/selectors.py project_graph,
// scheduler/selectors.py node_latest_instances, the workflows and dependencies endpoints).

export const NODE_TYPES = ["sql", "python", "shell", "virtual"] as const;
export type NodeType = (typeof NODE_TYPES)[number];

export type DependencyKind = "same_cycle" | "self_previous_cycle" | "upstream_previous_cycle";

export interface GraphNode {
  id: number;
  name: string;
  type: string;
  workflow: number;
  deployed: boolean;
  deployed_version: number | null;
  owner: number | null;
  paused: boolean;
  cron: string;
}

export interface GraphEdge {
  id: number;
  upstream: number;
  downstream: number;
  kind: string;
}

/** The other end of an edge that lies outside the selection (another workflow or project). */
export interface ExternalNode {
  id: number;
  name: string;
  project: number;
  workflow: number;
}

export interface ProjectGraph {
  nodes: GraphNode[];
  edges: GraphEdge[];
  external: ExternalNode[];
}

export interface Workflow {
  id: number;
  name: string;
  description: string;
  node_count?: number;
}

/** A node's latest instance of a business date. */
export interface NodeStatus {
  instance: number;
  status: string;
  cyctime: string;
  run_kind: string;
  /** How many instances the node has that day (an hourly node has 24). */
  instances: number;
}

export interface LatestInstances {
  bizdate: string;
  nodes: Record<string, NodeStatus>;
}

/** What POST /dependencies/ answers. */
export interface Dependency {
  id: number;
  upstream: number;
  upstream_name: string;
  downstream: number;
  downstream_name: string;
  kind: string;
}

/** The parts of POST /nodes/'s answer the designer uses. */
export interface CreatedNode {
  id: number;
  name: string;
  type: string;
  workflow: number;
  paused: boolean;
  cron: string;
  owner: number | null;
  deployed_version_number: number | null;
}
