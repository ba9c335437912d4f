// Shapes of the API answers the Studio reads, and the editable draft of a node.

export type NodeType = "sql" | "python" | "shell" | "virtual";
export type RerunPolicy = "always" | "only_after_failure" | "never";
export type DependencyKind = "same_cycle" | "self_previous_cycle" | "upstream_previous_cycle";

export interface Workflow {
  id: number;
  name: string;
  description: string;
  created_at: string;
  node_count?: number;
}

/** A node as the project graph lists it (light: no code). */
export interface GraphNode {
  id: number;
  name: string;
  type: NodeType;
  workflow: number;
  deployed: boolean;
  deployed_version: number | null;
  owner: number | null;
  paused: boolean;
  cron: string;
}

export interface Graph {
  nodes: GraphNode[];
  edges: { id: number; upstream: number; downstream: number; kind: DependencyKind }[];
  external: { id: number; name: string; project: number; workflow: number }[];
}

export interface NodeDetail {
  id: number;
  name: string;
  type: NodeType;
  description: string;
  code: string;
  workflow: number;
  datasource: number | null;
  cron: string;
  start_date: string | null;
  end_date: string | null;
  paused: boolean;
  dry_run: boolean;
  parameters: Record<string, string>;
  retries: number;
  retry_delay_seconds: number;
  timeout_seconds: number;
  priority: number;
  resource_group: string;
  rerun_policy: RerunPolicy;
  owner: number | null;
  output_tables: string[];
  instance_generation: "next_day" | "immediately";
  deployed_version_number: number | null;
  latest_version: number | null;
  created_at: string;
  updated_at: string;
}

export interface DependencyEdge {
  id: number;
  upstream: number;
  upstream_name: string;
  upstream_project: number;
  downstream: number;
  downstream_name: string;
  kind: DependencyKind;
  source: Record<string, unknown>;
  created_at: string;
}

export interface Upstream {
  node: number;
  name: string;
  kind: DependencyKind;
}

/** The fields of a node the Studio edits; saving sends the ones that changed. */
export interface Draft {
  code: string;
  description: string;
  datasource: number | null;
  cron: string;
  start_date: string | null;
  end_date: string | null;
  paused: boolean;
  dry_run: boolean;
  parameters: Record<string, string>;
  retries: number;
  retry_delay_seconds: number;
  timeout_seconds: number;
  priority: number;
  resource_group: string;
  rerun_policy: RerunPolicy;
  owner: number | null;
  output_tables: string[];
  instance_generation: "next_day" | "immediately";
  upstreams: Upstream[];
}

/** Versioned configuration as a snapshot stores it (ids under *_id). */
export interface Snapshot {
  name?: string;
  type?: NodeType;
  code?: string;
  datasource_id?: number | null;
  owner_id?: number | null;
  [field: string]: unknown;
}

export interface NodeVersion {
  id: number;
  number: number;
  message: string;
  author: string | null;
  created_at: string;
  snapshot: Snapshot;
}

export interface DataSource {
  id: number;
  name: string;
  kind: string;
}

export interface Member {
  id: number;
  user: number;
  username: string;
  email: string;
  role: string;
}

export type InstanceStatus =
  | "pending"
  | "queued"
  | "running"
  | "checking"
  | "success"
  | "failed"
  | "frozen"
  | "killed"
  | "skipped"
  | "upstream_failed";

export interface ResultRows {
  columns: string[];
  rows: unknown[][];
}

export interface InstanceDetail {
  id: number;
  node: number;
  node_name: string;
  status: InstanceStatus;
  reason: string;
  attempt: number;
  bizdate: string;
  cyctime: string;
  started_at: string | null;
  finished_at: string | null;
  duration_seconds: number | null;
  error: string;
  params?: Record<string, string>;
  result?: Partial<ResultRows>;
}

export interface RenderRow {
  expression: string;
  value: string | null;
  error: string | null;
}

export interface RenderPreview {
  bizdate: string;
  cyctime: string;
  timezone: string;
  parameters: (RenderRow & { name: string })[];
  expressions: (RenderRow & { line: number; source: "parameter" | "system" })[];
  code: string | null;
  error: string | null;
}

export interface CronPreview {
  cron: string;
  timezone: string;
  description: string;
  next: string[];
}

export interface KnownTables {
  tables: { name: string; datasource: number; datasource_name: string }[];
  outputs: { name: string; node: number; node_name: string }[];
}

export interface DeployPreview {
  node: number;
  name: string;
  version: number | null;
  deployed_version: number | null;
  up_to_date: boolean;
  snapshots: { deployed: Snapshot | null; target: Snapshot | null };
  diff: { code: string; fields: Record<string, { before: unknown; after: unknown }> };
  downstream: { id: number; name: string; project: number; workflow: number; deployed: boolean; depth: number }[];
  blockers: string[];
}

export interface LineageProposal {
  reads: { table: string; line: number }[];
  writes: { table: string; line: number }[];
  upstreams: { node: number; name: string; project: number; table: string; line: number; exists: boolean }[];
  external_tables: string[];
  declared_outputs: string[];
  warnings: string[];
  errors: string[];
}
