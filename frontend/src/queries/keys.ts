// Every cache key of the app, by server resource rather than by page: the Studio, the designer,
// operations, quality and alerts read a project's workflows under the one key, so a change made
// on one page refreshes the others. A key starts with what it belongs to, and each resource's
// queries share its key as a prefix: invalidating `keys.nodes(p)` refreshes every node list,
// detail and version list of the project. Which resources a write changes is in `invalidate.ts`.
import type { operations } from "../api/schema";

type ProjectId = number | null;

/** The instance list's query parameters (filters, ordering, page size, cursor). */
export type InstanceListParams = NonNullable<operations["projects_instances_list"]["parameters"]["query"]>;
export type GanttParams = NonNullable<operations["projects_operations_gantt_retrieve"]["parameters"]["query"]>;
/** A node list's search and page size. */
export type NodeListParams = { search?: string; page_size?: number };
/** The quality run list's filters and page, as the server takes them. */
export type RunFilters = NonNullable<operations["projects_quality_runs_list"]["parameters"]["query"]>;
/** The audit log's filters and cursor, as the server takes them. */
export type AuditFilters = NonNullable<operations["projects_audit_list"]["parameters"]["query"]>;
/** The account list's search, filter and page (staff only). */
export type UserFilters = NonNullable<operations["users_list"]["parameters"]["query"]>;
/** The delivery log's filters and page, as the server takes them. */
export type DeliveryFilters = NonNullable<operations["projects_alerts_deliveries_list"]["parameters"]["query"]>;

/** The Data Map's table search, as the server takes it. */
export type CatalogSearch = NonNullable<operations["projects_catalog_tables_list"]["parameters"]["query"]>;

const inProject = (projectId: ProjectId) => ["project", projectId] as const;

export const keys = {
  // The session's own.
  me: ["me"] as const,
  system: ["system"] as const,
  projects: ["projects"] as const,
  tokens: ["auth", "tokens"] as const,
  /** The installation's accounts (staff only). */
  users: ["users"] as const,
  userList: (filters: UserFilters) => ["users", "list", filters] as const,

  /** Everything cached for a project. */
  project: inProject,

  workflows: (p: ProjectId) => [...inProject(p), "workflows"] as const,

  /** The dependency graph of the project (`null`: every node) or of one workflow. */
  graphs: (p: ProjectId) => [...inProject(p), "graph"] as const,
  graph: (p: ProjectId, workflowId: number | null = null) => [...inProject(p), "graph", workflowId ?? "all"] as const,
  canvas: (p: ProjectId, workflowId: number | null) => [...inProject(p), "canvas", workflowId ?? "all"] as const,

  nodes: (p: ProjectId) => [...inProject(p), "nodes"] as const,
  nodeList: (p: ProjectId, params: NodeListParams) => [...inProject(p), "nodes", "list", params] as const,
  node: (p: ProjectId, id: number | null | undefined) => [...inProject(p), "nodes", "detail", id ?? null] as const,
  versions: (p: ProjectId, id: number | null) => [...inProject(p), "nodes", "versions", id] as const,
  deployPreview: (p: ProjectId, id: number) => [...inProject(p), "nodes", "deploy-preview", id] as const,
  /** The deploy history, of one node or (null) of the project; under `nodes`, which a deploy changes. */
  deployments: (p: ProjectId, nodeId: number | null = null) => [...inProject(p), "nodes", "deployments", nodeId ?? "all"] as const,

  /** A node with its upstreams as the Studio's editor starts from: not under `nodes`, as the
   * Studio replaces it itself when it saves or opens the node anew. */
  nodeDraft: (p: ProjectId, id: number | null) => [...inProject(p), "drafts", id] as const,
  nodeDrafts: (p: ProjectId) => [...inProject(p), "drafts"] as const,

  /** Deploy requests (by status filter) and deploy packages: under `nodes`, which they deploy. */
  deployRequests: (p: ProjectId, status: string | null = null, node: number | null = null) =>
    [...inProject(p), "nodes", "deploy-requests", status ?? "all", node ?? "any"] as const,
  deployRequest: (p: ProjectId, id: number | null) => [...inProject(p), "nodes", "deploy-requests", "one", id] as const,
  deployPackages: (p: ProjectId) => [...inProject(p), "nodes", "deploy-packages"] as const,

  /** The caller's own ad-hoc queries, and one query's rows. */
  adhocQueries: (p: ProjectId) => [...inProject(p), "adhoc-queries"] as const,
  adhocQuery: (p: ProjectId, id: number | null) => [...inProject(p), "adhoc-queries", id] as const,
  adhocRows: (p: ProjectId, id: number | null, statement: number, offset: number, limit: number) =>
    [...inProject(p), "adhoc-queries", id, "rows", statement, offset, limit] as const,

  members: (p: ProjectId) => [...inProject(p), "members"] as const,
  datasources: (p: ProjectId) => [...inProject(p), "datasources"] as const,
  datasourceTables: (p: ProjectId, id: number | null | undefined) =>
    [...inProject(p), "datasources", id ?? null, "tables"] as const,
  /** The columns of one table of a data source, read from it now. */
  datasourceColumns: (p: ProjectId, id: number | null | undefined, table: string) =>
    [...inProject(p), "datasources", id ?? null, "columns", table] as const,
  /** The nodes that use a data source. */
  datasourceUsage: (p: ProjectId, id: number | null | undefined) =>
    [...inProject(p), "datasources", id ?? null, "usage"] as const,
  /** The kinds of data source and the settings each asks for. */
  datasourceKinds: (p: ProjectId) => [...inProject(p), "datasources", "kinds"] as const,

  /** The project's audit log, by filters and cursor. */
  audit: (p: ProjectId, filters?: AuditFilters) =>
    filters ? ([...inProject(p), "audit", filters] as const) : ([...inProject(p), "audit"] as const),

  /** The authoring helpers: tables the nodes write, rendered code, cron and parameter previews. */
  authoring: (p: ProjectId) => [...inProject(p), "authoring"] as const,
  knownTables: (p: ProjectId) => [...inProject(p), "authoring", "tables"] as const,
  render: (p: ProjectId, body: unknown) => [...inProject(p), "authoring", "render", body] as const,
  cron: (p: ProjectId, query: unknown) => [...inProject(p), "authoring", "cron", query] as const,
  parameters: (p: ProjectId, dialect: string) => [...inProject(p), "authoring", "parameters", dialect] as const,

  instances: (p: ProjectId) => [...inProject(p), "instances"] as const,
  instanceLists: (p: ProjectId) => [...inProject(p), "instances", "list"] as const,
  instanceList: (p: ProjectId, params: InstanceListParams) => [...inProject(p), "instances", "list", params] as const,
  instance: (p: ProjectId, id: number | null) => [...inProject(p), "instances", "detail", id] as const,
  instanceEvents: (p: ProjectId, id: number) => [...inProject(p), "instances", "events", id] as const,
  instanceLog: (p: ProjectId, id: number, attempt: number | null) =>
    [...inProject(p), "instances", "log", id, attempt] as const,
  instanceGraphs: (p: ProjectId) => [...inProject(p), "instances", "graph"] as const,
  instanceGraph: (p: ProjectId, id: number, up: number, down: number) =>
    [...inProject(p), "instances", "graph", id, up, down] as const,
  /** Each node's latest instance of a business date. */
  latestInstances: (p: ProjectId, bizdate: string, workflowId: number | null) =>
    [...inProject(p), "instances", "latest", bizdate, workflowId ?? "all"] as const,
  dashboards: (p: ProjectId) => [...inProject(p), "dashboard"] as const,
  dashboard: (p: ProjectId, bizdate: string | null) => [...inProject(p), "dashboard", bizdate] as const,
  gantts: (p: ProjectId) => [...inProject(p), "gantt"] as const,
  gantt: (p: ProjectId, params: GanttParams) => [...inProject(p), "gantt", params] as const,

  backfills: (p: ProjectId) => [...inProject(p), "backfills"] as const,
  backfill: (p: ProjectId, id: number) => [...inProject(p), "backfills", id] as const,

  quality: (p: ProjectId) => [...inProject(p), "quality"] as const,
  /** The Data Map, under one key: `catalog(p)` everything; `catalog(p, "sources")`, `catalog(p,
   * "tables", search)`, `catalog(p, "table", id)` and what of a table (`"preview", limit`,
   * `"lineage", depth`). One function: this module is in the bundle the login page loads. */
  catalog: (p: ProjectId, ...part: (string | number | null | CatalogSearch)[]) => [...inProject(p), "catalog", ...part] as const,

  qualityRules: (p: ProjectId) => [...inProject(p), "quality", "rules"] as const,
  qualityRule: (p: ProjectId, id: number | null) => [...inProject(p), "quality", "rules", id] as const,
  qualityRuns: (p: ProjectId, filters?: RunFilters) =>
    filters ? ([...inProject(p), "quality", "runs", filters] as const) : ([...inProject(p), "quality", "runs"] as const),
  qualityRun: (p: ProjectId, id: number | null) => [...inProject(p), "quality", "run", id] as const,

  alerts: (p: ProjectId) => [...inProject(p), "alerts"] as const,
  alertRules: (p: ProjectId) => [...inProject(p), "alerts", "rules"] as const,
  channels: (p: ProjectId) => [...inProject(p), "alerts", "channels"] as const,
  deliveries: (p: ProjectId, filters?: DeliveryFilters) =>
    filters
      ? ([...inProject(p), "alerts", "deliveries", filters] as const)
      : ([...inProject(p), "alerts", "deliveries"] as const),
  delivery: (p: ProjectId, id: number | null) => [...inProject(p), "alerts", "delivery", id] as const,
  incidents: (p: ProjectId, status?: string) =>
    status ? ([...inProject(p), "alerts", "incidents", status] as const) : ([...inProject(p), "alerts", "incidents"] as const),
  incident: (p: ProjectId, id: number | null) => [...inProject(p), "alerts", "incident", id] as const,
  baselines: (p: ProjectId) => [...inProject(p), "alerts", "baselines"] as const,
  baselineForecast: (p: ProjectId, id: number | null, day: string) =>
    [...inProject(p), "alerts", "baselines", id, "forecast", day] as const,
};
