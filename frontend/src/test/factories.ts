// Objects as the API sends them, typed by the generated schema (src/api/schema.d.ts): a test names
// only the fields it is about, and a field the server adds or renames fails to compile here.
import type { Schema } from "../api/client";
import { OWNER_GRANTS } from "./utils";

// One builder per schema object, so that `build("X", ...)` always checks against X.
function build<Name extends keyof Defaults>(name: Name, changes: Partial<Defaults[Name]> = {}): Defaults[Name] {
  return { ...DEFAULTS[name](), ...changes } as Defaults[Name];
}

interface Defaults {
  ProjectOutput: Schema<"ProjectOutput">;
  NodeOutput: Schema<"NodeOutput">;
  GraphNode: Schema<"GraphNode">;
  QualityRuleOutput: Schema<"QualityRuleOutput">;
  QualityRun: Schema<"QualityRun">;
  ChannelOutput: Schema<"ChannelOutput">;
  AlertRuleOutput: Schema<"AlertRuleOutput">;
  Delivery: Schema<"Delivery">;
}

const CREATED = "2024-01-01T00:00:00Z";

const DEFAULTS: { [Name in keyof Defaults]: () => Defaults[Name] } = {
  ProjectOutput: () => ({
    id: 1,
    name: "demo",
    description: "",
    timezone: "UTC",
    default_datasource: null,
    default_resource_group: "default",
    max_concurrent_instances: 0,
    default_timeout_seconds: 3600,
    max_timeout_seconds: 86_400,
    group_slots: {},
    parameter_dialect: "dataworks",
    mode: "basic",
    review_required: false,
    created_at: CREATED,
    archived_at: null,
    role: "owner",
    permissions: OWNER_GRANTS,
    grantable_roles: ["owner", "admin", "developer", "operator", "viewer"],
  }),
  NodeOutput: () => ({
    id: 5,
    name: "load_orders",
    type: "sql",
    description: "",
    code: "select 1",
    workflow: 1,
    datasource: null,
    cron: "0 0 * * *",
    start_date: null,
    end_date: null,
    paused: false,
    dry_run: false,
    parameters: {},
    retries: 0,
    retry_delay_seconds: 60,
    timeout_seconds: 0,
    priority: 0,
    resource_group: "default",
    rerun_policy: "always",
    owner: 1,
    output_tables: [],
    instance_generation: "next_day",
    uses_datasources: [],
    catch_up: "none",
    dst_gap: "shift",
    dst_overlap: "first",
    parameter_dialect: "",
    deployed_version_number: null,
    latest_version: 1,
    created_at: CREATED,
    updated_at: CREATED,
  }),
  GraphNode: () => ({
    id: 1,
    name: "n1",
    type: "sql",
    workflow: 1,
    deployed: false,
    deployed_version: null,
    owner: null,
    paused: false,
    cron: "0 0 * * *",
  }),
  QualityRuleOutput: () => ({
    id: 7,
    name: "orders have rows",
    datasource: 1,
    table: "ods_orders",
    partition_filter: "",
    kind: "row_count",
    column: "",
    columns: [],
    min_value: 1,
    max_value: null,
    allowed_values: [],
    sql: "",
    metric: "",
    window: 7,
    tolerance_pct: null,
    strength: "weak",
    nodes: [],
    enabled: true,
    created_at: CREATED,
    updated_at: CREATED,
    last_run: null,
  }),
  QualityRun: () => ({
    id: 11,
    rule: 7,
    rule_name: "orders have rows",
    instance: null,
    bizdate: "2024-01-01",
    strength: "weak",
    environment: "production",
    value: 100,
    lower: 1,
    upper: null,
    verdict: "passed",
    sql: "SELECT COUNT(*) FROM ods_orders",
    message: "",
    error: "",
    duration_ms: 12,
    created_at: "2024-01-02T01:00:00Z",
    finished_at: "2024-01-02T01:00:01Z",
  }),
  ChannelOutput: () => ({
    id: 3,
    name: "hook",
    kind: "webhook",
    recipients: [],
    url: "https://example.com/hook",
    has_secret: true,
    enabled: true,
    state: "ok",
    consecutive_failures: 0,
    last_delivery_at: null,
    last_error: "",
    created_at: CREATED,
  }),
  AlertRuleOutput: () => ({
    id: 1,
    name: "failures",
    scope: "project",
    workflow: null,
    node: null,
    owner: null,
    events: ["instance_failed"],
    notify_owner: false,
    deadline: null,
    duration_factor: null,
    channels: [3],
    quiet_start: null,
    quiet_end: null,
    min_interval_minutes: 0,
    enabled: true,
    created_at: CREATED,
  }),
  Delivery: () => ({
    id: 5,
    channel: 3,
    recipient: "",
    channel_name: "hook",
    channel_kind: "webhook",
    rule: null,
    rule_name: "",
    event: "test",
    instance: null,
    subject: "[demo] test message for hook",
    status: "pending",
    attempts: 0,
    next_attempt_at: null,
    response_code: null,
    error: "",
    created_at: CREATED,
    delivered_at: null,
    payload: {
      context: { event: "test", project: { id: 1, name: "demo" }, rule: { id: null, name: "test message" }, occurred_at: CREATED },
    },
  }),
};

export const project = (changes: Partial<Schema<"ProjectOutput">> = {}) => build("ProjectOutput", changes);
export const node = (changes: Partial<Schema<"NodeOutput">> = {}) => build("NodeOutput", changes);
export const graphNode = (changes: Partial<Schema<"GraphNode">> = {}) => build("GraphNode", changes);
export const qualityRule = (changes: Partial<Schema<"QualityRuleOutput">> = {}) => build("QualityRuleOutput", changes);
export const qualityRun = (changes: Partial<Schema<"QualityRun">> = {}) => build("QualityRun", changes);
export const channel = (changes: Partial<Schema<"ChannelOutput">> = {}) => build("ChannelOutput", changes);
export const alertRule = (changes: Partial<Schema<"AlertRuleOutput">> = {}) => build("AlertRuleOutput", changes);
export const delivery = (changes: Partial<Schema<"Delivery">> = {}) => build("Delivery", changes);

/** A page of a paged list, as DRF sends it. */
export const page = <T,>(results: T[]) => ({ count: results.length, next: null, previous: null, results });
