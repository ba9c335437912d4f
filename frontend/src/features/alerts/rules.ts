// Alert rules: the API's shape, the events and scopes, and form values <-> API body. Pure.
import type { Schema } from "../../api/client";
import { hhmmProblem, hhmmToApi, normalizeHHMM } from "./hhmm";
import { choices, labelTable, text } from "./text";

export type AlertRule = Schema<"AlertRuleOutput">;
/** What the form sends: every field, those the scope and events do not use reset (see alertFormToBody). */
export type AlertRuleBody = Required<Schema<"AlertRuleInputRequest">>;
export type AlertScope = AlertRule["scope"];
export type AlertEvent = AlertRule["events"][number];

export interface AlertRuleFormValues
  extends Pick<
    AlertRuleBody,
    | "name"
    | "scope"
    | "workflow"
    | "node"
    | "owner"
    | "events"
    | "notify_owner"
    | "duration_factor"
    | "channels"
    | "enabled"
  > {
  /** HH:MM as typed, "" for none. */
  deadline: string;
  quiet_start: string;
  quiet_end: string;
  /** null while the box is empty. */
  min_interval_minutes: number | null;
}

export const EVENTS = choices<AlertEvent>("events", [
  "instance_failed",
  "instance_timed_out",
  "deadline_missed",
  "duration_exceeded",
  "quality_failed",
  "instance_succeeded",
  "backfill_finished",
  "backfill_failed",
  "generation_failed",
  "baseline_warning",
  "baseline_broken",
]);

export const EVENT_LABELS: Record<string, string> = labelTable(EVENTS);

export const SCOPES = choices<AlertScope>("scopes", ["project", "workflow", "node", "owner"]);

/** The scope's target field, if it has one. */
export function scopeTarget(scope: AlertScope): "workflow" | "node" | "owner" | null {
  return scope === "project" ? null : scope;
}

export function emptyAlertRule(): AlertRuleFormValues {
  return {
    name: "",
    scope: "project",
    workflow: null,
    node: null,
    owner: null,
    events: ["instance_failed"],
    notify_owner: false,
    deadline: "",
    duration_factor: 2,
    channels: [],
    quiet_start: "",
    quiet_end: "",
    min_interval_minutes: 30,
    enabled: true,
  };
}

export function alertRuleToForm(rule: AlertRule): AlertRuleFormValues {
  return {
    name: rule.name,
    scope: rule.scope,
    workflow: rule.workflow ?? null,
    node: rule.node ?? null,
    owner: rule.owner ?? null,
    events: rule.events ?? [],
    notify_owner: rule.notify_owner ?? false,
    deadline: normalizeHHMM(rule.deadline),
    duration_factor: rule.duration_factor ?? null,
    channels: rule.channels ?? [],
    quiet_start: normalizeHHMM(rule.quiet_start),
    quiet_end: normalizeHHMM(rule.quiet_end),
    min_interval_minutes: rule.min_interval_minutes ?? 0,
    enabled: rule.enabled,
  };
}

/** The API body: only the scope's own target is set; event settings only for their events. */
export function alertFormToBody(values: AlertRuleFormValues): AlertRuleBody {
  const target = scopeTarget(values.scope);
  const events = Array.from(new Set(values.events ?? []));
  return {
    name: (values.name ?? "").trim(),
    scope: values.scope,
    workflow: target === "workflow" ? (values.workflow ?? null) : null,
    node: target === "node" ? (values.node ?? null) : null,
    owner: target === "owner" ? (values.owner ?? null) : null,
    events,
    notify_owner: values.notify_owner ?? false,
    deadline: events.includes("deadline_missed") ? hhmmToApi(values.deadline) : null,
    duration_factor: events.includes("duration_exceeded") ? (values.duration_factor ?? null) : null,
    channels: values.channels ?? [],
    quiet_start: hhmmToApi(values.quiet_start),
    quiet_end: hhmmToApi(values.quiet_end),
    min_interval_minutes: Math.max(0, Math.round(values.min_interval_minutes ?? 0)),
    enabled: values.enabled,
  };
}

/** What is wrong before sending, as field -> reason (the server checks again). */
export function alertRuleProblems(values: AlertRuleFormValues): Partial<Record<keyof AlertRuleFormValues, string>> {
  const problems: Partial<Record<keyof AlertRuleFormValues, string>> = {};
  if (!(values.name ?? "").trim()) problems.name = text("ruleForm.nameRequired");
  const target = scopeTarget(values.scope);
  if (target && !values[target]) problems[target] = text("ruleForm.chooseTarget", { target: text(`ruleForm.targets.${target}`) });
  if (!values.events?.length) problems.events = text("ruleForm.eventsRequired");
  if (values.events?.includes("deadline_missed")) {
    const problem = hhmmProblem(values.deadline, true);
    if (problem) problems.deadline = problem;
  }
  if (values.events?.includes("duration_exceeded") && !((values.duration_factor ?? 0) > 1)) {
    problems.duration_factor = text("ruleForm.factorAboveOne");
  }
  if (!values.channels?.length) problems.channels = text("ruleForm.channelRequired");
  const start = hhmmProblem(values.quiet_start);
  const end = hhmmProblem(values.quiet_end);
  if (start) problems.quiet_start = start;
  if (end) problems.quiet_end = end;
  if (!start && !end) {
    const hasStart = !!(values.quiet_start ?? "").trim();
    const hasEnd = !!(values.quiet_end ?? "").trim();
    if (hasStart !== hasEnd) problems[hasStart ? "quiet_end" : "quiet_start"] = text("ruleForm.quietBothEnds");
    else if (hasStart && normalizeHHMM(values.quiet_start) === normalizeHHMM(values.quiet_end)) {
      problems.quiet_end = text("ruleForm.quietSame");
    }
  }
  if (values.min_interval_minutes !== null && values.min_interval_minutes < 0) {
    problems.min_interval_minutes = text("ruleForm.zeroOrMore");
  }
  return problems;
}
