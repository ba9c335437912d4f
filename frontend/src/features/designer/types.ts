// What the designer reads and sends, as the server's schema describes it (src/api/schema.d.ts):
// the project graph, each node's latest instance, workflows and dependencies.
import type { Schema } from "../../api/client";

export type NodeType = Schema<"TypeEnum">;
/** The node types in the palette's order. */
export const NODE_TYPES = ["sql", "python", "shell", "sync", "virtual"] as const satisfies readonly NodeType[];

export type DependencyKind = Schema<"DependencyKindEnum">;

export type GraphNode = Schema<"GraphNode">;
export type GraphEdge = Schema<"GraphEdge">;
/** The other end of an edge that lies outside the selection (another workflow or project). */
export type ExternalNode = Schema<"ExternalNode">;
export type ProjectGraph = Schema<"ProjectGraph">;

export type Workflow = Schema<"Workflow">;

/** A node's latest instance of a business date. */
export type NodeStatus = Schema<"NodeLatest">;
export type LatestInstances = Schema<"LatestInstances">;

/** What POST /dependencies/ answers. */
export type Dependency = Schema<"DependencyOutput">;

/** What POST /nodes/ answers. */
export type CreatedNode = Schema<"NodeOutput">;
/** The body that creates a node. */
export type NewNode = Schema<"NodeInputRequest">;
