// Quality rules: the API's shape, what each kind needs, and form values <-> API body. Pure.
import type { Schema } from "../../api/client";
import { text, withWords } from "./text";

export type QualityRule = Schema<"QualityRuleOutput">;
export type QualityRun = Schema<"QualityRun">;
export type RuleKind = QualityRule["kind"];
export type Strength = QualityRule["strength"];
export type FluctuationMetric = Exclude<QualityRule["metric"], "">;
export type Verdict = QualityRun["verdict"];

/** What the editor sends: every field, those the kind does not use reset (see formToBody). */
export type RuleBody = Required<Schema<"QualityRuleInputRequest">>;

/** Everything the form edits; the names are the API's so server field errors land on them. */
export interface RuleFormValues
  extends Pick<
    RuleBody,
    | "name"
    | "table"
    | "partition_filter"
    | "kind"
    | "column"
    | "columns"
    | "min_value"
    | "max_value"
    | "sql"
    | "tolerance_pct"
    | "strength"
    | "nodes"
    | "enabled"
  > {
  /** null until one is chosen. */
  datasource: number | null;
  /** As typed, one entry each; sent as text. */
  allowed_values: string[];
  metric: FluctuationMetric;
  window: number | null;
}

/** Kinds where at least one of min_value and max_value must be given. */
const NEEDS_A_BOUND: RuleKind[] = ["row_count", "custom_sql", "value_range"];

/** A form field that only some kinds use. */
export type KindField =
  | "column"
  | "columns"
  | "min_value"
  | "max_value"
  | "allowed_values"
  | "sql"
  | "metric"
  | "window"
  | "tolerance_pct";

export interface KindInfo {
  label: string;
  /** One sentence on what is measured and when it fails. */
  help: string;
  fields: KindField[];
  /** Labels of the bound inputs, for kinds with fixed bounds. */
  minLabel?: string;
  maxLabel?: string;
  /** Bounds a new rule of this kind starts with. */
  bounds?: { min_value: number | null; max_value: number | null };
}

export const KINDS: Record<RuleKind, KindInfo> = {
  row_count: withWords("kinds.row_count", { label: "label", help: "help", minLabel: "min", maxLabel: "max" }, {
    fields: ["min_value", "max_value"] as KindField[],
    bounds: { min_value: 1, max_value: null },
  }),
  null_ratio: withWords("kinds.null_ratio", { label: "label", help: "help", maxLabel: "max" }, {
    fields: ["column", "max_value"] as KindField[],
    bounds: { min_value: null, max_value: 0 },
  }),
  uniqueness: withWords("kinds.uniqueness", { label: "label", help: "help", maxLabel: "max" }, {
    fields: ["columns", "max_value"] as KindField[],
    bounds: { min_value: null, max_value: 0 },
  }),
  value_range: withWords("kinds.value_range", { label: "label", help: "help", minLabel: "min", maxLabel: "max" }, {
    fields: ["column", "min_value", "max_value"] as KindField[],
  }),
  value_set: withWords("kinds.value_set", { label: "label", help: "help" }, {
    fields: ["column", "allowed_values"] as KindField[],
  }),
  custom_sql: withWords("kinds.custom_sql", { label: "label", help: "help", minLabel: "min", maxLabel: "max" }, {
    fields: ["sql", "min_value", "max_value"] as KindField[],
  }),
  fluctuation: withWords("kinds.fluctuation", { label: "label", help: "help" }, {
    fields: ["metric", "sql", "window", "tolerance_pct"] as KindField[],
  }),
};


export const KIND_ORDER = Object.keys(KINDS) as RuleKind[];

/** Fields the kind shows; for fluctuation the SQL box only when the metric is custom SQL. */
export function kindFields(kind: RuleKind, metric: FluctuationMetric = "row_count"): KindField[] {
  const fields = KINDS[kind].fields;
  if (kind === "fluctuation" && metric !== "custom_sql") return fields.filter((field) => field !== "sql");
  return fields;
}

export const EMPTY_KIND_FIELDS: Pick<RuleFormValues, KindField> = {
  column: "",
  columns: [],
  min_value: null,
  max_value: null,
  allowed_values: [],
  sql: "",
  metric: "row_count",
  window: 7,
  tolerance_pct: 20,
};

/** The bounds a rule starts with when the user picks this kind. */
export function kindDefaults(kind: RuleKind): Pick<RuleFormValues, "min_value" | "max_value"> {
  return KINDS[kind].bounds ?? { min_value: null, max_value: null };
}

export function emptyRule(datasource: number | null = null): RuleFormValues {
  return {
    name: "",
    datasource,
    table: "",
    partition_filter: "",
    kind: "row_count",
    ...EMPTY_KIND_FIELDS,
    ...kindDefaults("row_count"),
    strength: "weak",
    nodes: [],
    enabled: true,
  };
}

export function ruleToForm(rule: QualityRule): RuleFormValues {
  return {
    name: rule.name,
    datasource: rule.datasource,
    table: rule.table,
    partition_filter: rule.partition_filter ?? "",
    kind: rule.kind,
    column: rule.column ?? "",
    columns: rule.columns ?? [],
    min_value: rule.min_value ?? null,
    max_value: rule.max_value ?? null,
    allowed_values: (rule.allowed_values ?? []).map(String),
    sql: rule.sql ?? "",
    metric: rule.metric || "row_count",
    window: rule.window ?? EMPTY_KIND_FIELDS.window,
    tolerance_pct: rule.tolerance_pct ?? EMPTY_KIND_FIELDS.tolerance_pct,
    strength: rule.strength,
    nodes: rule.nodes ?? [],
    enabled: rule.enabled,
  };
}

const trimmed = (value: string | null | undefined) => (value ?? "").trim();

function numberOrNull(value: unknown): number | null {
  if (value === null || value === undefined || value === "") return null;
  const number = typeof value === "number" ? value : Number(value);
  return Number.isFinite(number) ? number : null;
}

/**
 * The API body for form values: the fields the kind uses, trimmed, and the others reset to their
 * empty values so that a rule switched from one kind to another keeps nothing stale.
 */
export function formToBody(values: RuleFormValues): RuleBody {
  const used = new Set<KindField>(kindFields(values.kind, values.metric));
  const pick = <K extends KindField>(field: K, value: RuleBody[K]): RuleBody[K] =>
    used.has(field) ? value : (EMPTY_KIND_FIELDS[field] as RuleBody[K]);
  const clean = (list: string[] | undefined) =>
    Array.from(new Set((list ?? []).map((item) => String(item).trim()).filter(Boolean)));
  return {
    name: trimmed(values.name),
    datasource: values.datasource as number,
    table: trimmed(values.table),
    partition_filter: trimmed(values.partition_filter),
    kind: values.kind,
    column: pick("column", trimmed(values.column)),
    columns: pick("columns", clean(values.columns)),
    min_value: pick("min_value", numberOrNull(values.min_value)),
    max_value: pick("max_value", numberOrNull(values.max_value)),
    allowed_values: pick("allowed_values", clean(values.allowed_values)),
    sql: pick("sql", trimmed(values.sql)),
    metric: values.kind === "fluctuation" ? values.metric || "row_count" : "",
    window: pick("window", numberOrNull(values.window) ?? (EMPTY_KIND_FIELDS.window as number)),
    tolerance_pct: used.has("tolerance_pct") ? numberOrNull(values.tolerance_pct) : null,
    strength: values.strength,
    nodes: values.nodes ?? [],
    enabled: values.enabled,
  };
}

/** Checks the server would make too, so that a slip is shown before a round trip; "" when fine. */
export function boundsProblem(min: number | null | undefined, max: number | null | undefined): string {
  if (min !== null && min !== undefined && max !== null && max !== undefined && min > max) {
    return text("problems.minAboveMax");
  }
  return "";
}

/** A one-line description of what a rule checks, for the rule list. */
export function describeRule(rule: Pick<QualityRule, "kind" | "column" | "columns" | "metric" | "window" | "tolerance_pct">): string {
  switch (rule.kind) {
    case "row_count":
      return KINDS.row_count.label;
    case "null_ratio":
      return text("describe.nullRatio", { column: rule.column || "?" });
    case "uniqueness":
      return text("describe.duplicates", { columns: (rule.columns ?? []).join(", ") || "?" });
    case "value_range":
      return text("describe.range", { column: rule.column || "?" });
    case "value_set":
      return text("describe.values", { column: rule.column || "?" });
    case "custom_sql":
      return KINDS.custom_sql.label;
    case "fluctuation":
      return text("describe.fluctuation", {
        metric: rule.metric === "custom_sql" ? KINDS.custom_sql.label : KINDS.row_count.label,
        tolerance: rule.tolerance_pct,
        window: rule.window,
      });
  }
}

/** Yesterday in the project's time zone (the usual business date), as YYYY-MM-DD. */

/**
 * What is wrong with form values before they go to the server, as field -> reason; empty when
 * nothing is. The server checks all of it again; this only saves a round trip.
 */
export function ruleProblems(values: RuleFormValues): Partial<Record<keyof RuleFormValues, string>> {
  const problems: Partial<Record<keyof RuleFormValues, string>> = {};
  const used = new Set(kindFields(values.kind, values.metric));
  if (!trimmed(values.name)) problems.name = text("problems.name");
  if (!values.datasource) problems.datasource = text("problems.datasource");
  if (!trimmed(values.table)) problems.table = text("problems.table");
  if (used.has("column") && !trimmed(values.column)) problems.column = text("problems.column");
  if (used.has("columns") && !(values.columns ?? []).some((column) => String(column).trim())) {
    problems.columns = text("problems.columns");
  }
  if (used.has("allowed_values") && !(values.allowed_values ?? []).some((value) => String(value).trim())) {
    problems.allowed_values = text("problems.allowedValues");
  }
  if (used.has("sql") && !trimmed(values.sql)) problems.sql = text("problems.sql");
  if (used.has("window") && !((numberOrNull(values.window) ?? 0) >= 1)) problems.window = text("problems.window");
  const tolerance = numberOrNull(values.tolerance_pct);
  if (used.has("tolerance_pct") && (tolerance === null || tolerance < 0)) {
    problems.tolerance_pct = text("problems.tolerance");
  }
  const min = used.has("min_value") ? numberOrNull(values.min_value) : null;
  const max = used.has("max_value") ? numberOrNull(values.max_value) : null;
  if (NEEDS_A_BOUND.includes(values.kind) && min === null && max === null) {
    problems.min_value = text("problems.bounds");
  } else if (boundsProblem(min, max)) {
    problems.max_value = boundsProblem(min, max);
  }
  if (values.kind === "null_ratio" && max !== null && (max < 0 || max > 1)) {
    problems.max_value = text("problems.share");
  }
  return problems;
}
