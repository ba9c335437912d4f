// What the Studio reads and sends, as the server's schema describes it (src/api/schema.d.ts),
// and the editable draft of a node.
import type { Schema } from "../../api/client";

export type NodeType = Schema<"TypeEnum">;
export type RerunPolicy = Schema<"RerunPolicyEnum">;
export type DependencyKind = Schema<"DependencyKindEnum">;

export type Workflow = Schema<"Workflow">;

/** A node as the project graph lists it (light: no code). */
export type GraphNode = Schema<"GraphNode">;
export type Graph = Schema<"ProjectGraph">;

export type NodeDetail = Schema<"NodeOutput">;
/** The body that creates a node. */
export type NewNode = Schema<"NodeInputRequest">;
/** The body that changes a node: the fields to change. */
export type NodePatch = Schema<"PatchedNodeUpdateRequest">;

export type DependencyEdge = Schema<"DependencyOutput">;

/** Versioned configuration as a snapshot stores it (ids under *_id). */
export type Snapshot = Schema<"NodeSnapshot">;
export type NodeVersion = Schema<"NodeVersion">;

export type DataSource = Schema<"DataSourceOutput">;
export type Member = Schema<"MemberOutput">;

export type InstanceStatus = Schema<"InstanceStatusEnum">;
export type InstanceDetail = Schema<"InstanceDetail">;

export type RenderRequest = Schema<"RenderRequest">;
export type RenderPreview = Schema<"RenderPreview">;
export type CronPreview = Schema<"CronPreview">;
export type KnownTables = Schema<"KnownTables">;
export type DeployPreview = Schema<"DeployPreview">;
export type LineageProposal = Schema<"LineageProposal">;

/** An upstream as the editor lists it: the node, its name, and how the two cycles relate. */
export interface Upstream {
  node: number;
  name: string;
  kind: DependencyKind;
  /** Why: the table the code reads and its line, when SQL lineage proposed it. */
  source?: { table: string; line: number } | null;
}

export type CatchUp = Schema<"CatchUpEnum">;
export type DstGap = Schema<"DstGapEnum">;
export type DstOverlap = Schema<"DstOverlapEnum">;
export type ParameterDialect = Schema<"ParameterDialectEnum">;
export type ParameterReference = Schema<"ParameterReference">;

/** The node's own fields the Studio edits (its upstreams are edited alongside). */
export type DraftNodeField =
  | "code"
  | "description"
  | "datasource"
  | "cron"
  | "start_date"
  | "end_date"
  | "paused"
  | "dry_run"
  | "parameters"
  | "retries"
  | "retry_delay_seconds"
  | "timeout_seconds"
  | "priority"
  | "resource_group"
  | "rerun_policy"
  | "owner"
  | "output_tables"
  | "instance_generation"
  | "uses_datasources"
  | "catch_up"
  | "dst_gap"
  | "dst_overlap"
  | "parameter_dialect";

/** The fields of a node the Studio edits; saving sends the ones that changed. */
export type Draft = Pick<NodeDetail, DraftNodeField> & { upstreams: Upstream[] };

/** A deploy (or undeploy) of a node: who, when, which version, and its message. */
export type Deployment = Schema<"Deployment">;
