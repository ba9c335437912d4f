// Instance and backfill states as the scheduler has them (scheduler/states.py, scheduler/models.py;
// their types from the API schema's enums), with the colours and words the operations pages show,
// and which operator action fits which state.

import type { Schema } from "../../api/client";
import i18n from "../../i18n";
import { INSTANCE_STATES, isInstanceState, STATE_STYLES, stateGroup, stateStyle, type InstanceState } from "../../status";

export { INSTANCE_STATES, isInstanceState, STATE_STYLES, stateStyle, type InstanceState };

export type RunKind = Schema<"RunKindEnum">;

export const RUN_KINDS: RunKind[] = ["scheduled", "backfill", "manual", "test"];

/** A run kind's name in the current language; one the app does not know, as it is. */
export const runKindLabel = (kind: string): string =>
  (RUN_KINDS as string[]).includes(kind) ? i18n.t(`operations:runKinds.${kind}`) : kind;

export const stateColor = (status: string): string => stateStyle(status).color;
export const stateLabel = (status: string): string => stateStyle(status).label;

// The named groups of scheduler/states.py.
export const FINISHED = stateGroup("success", "failed", "killed", "skipped", "upstream_failed", "cancelled");
export const ACTIVE = stateGroup("queued", "running", "checking");
export const RERUNNABLE = stateGroup("success", "failed", "killed", "skipped", "upstream_failed");
export const KILLABLE = stateGroup("pending", "queued", "running", "checking", "frozen");
/** set-failed moves only what a worker holds (scheduler/services.py instance_set_failed). */
export const FAILABLE = stateGroup("queued", "running", "checking");

export type InstanceAction = "rerun" | "rerun-downstream" | "set-success" | "set-failed" | "freeze" | "unfreeze" | "kill";

export const ACTION_ORDER: InstanceAction[] = [
  "rerun",
  "rerun-downstream",
  "set-success",
  "set-failed",
  "freeze",
  "unfreeze",
  "kill",
];

/** An action's name in the current language ("Rerun"). */
export const actionLabel = (action: InstanceAction): string => i18n.t(`operations:actions.${action}`);

/** What the confirmation asks; the server still has the last word. */
export const actionQuestion = (action: InstanceAction): string => i18n.t(`operations:questions.${action}`);

/** Whether an action makes sense for an instance in `status` (mirrors scheduler/services.py). */
export function actionAllowed(action: InstanceAction, status: string): boolean {
  switch (action) {
    case "rerun":
    case "rerun-downstream":
      return RERUNNABLE.has(status);
    case "set-success":
      return status !== "success" && status !== "cancelled";
    case "set-failed":
      return FAILABLE.has(status);
    case "freeze":
      return status === "pending";
    case "unfreeze":
      return status === "frozen";
    case "kill":
      return KILLABLE.has(status);
  }
}

/** Why an action is not offered, for a tooltip. */
export function actionRefusal(action: InstanceAction, status: string): string | null {
  if (actionAllowed(action, status)) return null;
  const t = i18n.getFixedT(null, "operations", "refusal");
  const label = stateLabel(status).toLowerCase();
  switch (action) {
    case "rerun":
    case "rerun-downstream":
      return status === "cancelled" ? t("rerunCancelled") : t("rerun", { label });
    case "set-success":
      return status === "cancelled" ? t("setSuccessCancelled") : t("setSuccess");
    case "set-failed":
      return t("setFailed");
    case "freeze":
      return t("freeze");
    case "unfreeze":
      return t("unfreeze");
    case "kill":
      return t("kill", { label });
  }
}

/** A sentence saying what an action did, from the server's answer. */
export function describeActionResult(action: InstanceAction, result: { status?: string; rerun?: number[] }): string {
  const t = i18n.getFixedT(null, "operations", "actionDone");
  if (action === "rerun-downstream") {
    return t("rerunDownstream", { count: Math.max(0, (result.rerun?.length ?? 1) - 1) });
  }
  const now = result.status ? t("now", { label: stateLabel(result.status).toLowerCase() }) : "";
  return `${t(action)}${now}`;
}

/** For a bulk action: the selected rows it applies to, and those it skips. */
export function bulkPlan<T extends { status: string }>(action: InstanceAction, rows: T[]): { eligible: T[]; skipped: T[] } {
  const eligible: T[] = [];
  const skipped: T[] = [];
  for (const row of rows) (actionAllowed(action, row.status) ? eligible : skipped).push(row);
  return { eligible, skipped };
}

// Backfills (scheduler/models.py BackfillStatus).
export type BackfillStatus = Schema<"BackfillStatusEnum">;

/** A style whose label is read in the current language each time it is shown. */
function labelled<T extends object>(key: string, style: T): T & { readonly label: string } {
  return Object.defineProperty({ ...style }, "label", { get: () => i18n.t(key), enumerable: true }) as T & {
    readonly label: string;
  };
}

export const BACKFILL_STYLES: Record<BackfillStatus, { readonly label: string; tag: string; color: string }> = {
  running: labelled("operations:backfillStates.running", { tag: "processing", color: "#1677ff" }),
  paused: labelled("operations:backfillStates.paused", { tag: "warning", color: "#d48806" }),
  success: labelled("operations:backfillStates.success", { tag: "success", color: "#389e0d" }),
  failed: labelled("operations:backfillStates.failed", { tag: "error", color: "#cf1322" }),
  cancelled: labelled("operations:backfillStates.cancelled", { tag: "default", color: "#8c8c8c" }),
};

export function backfillStyle(status: string) {
  return Object.prototype.hasOwnProperty.call(BACKFILL_STYLES, status)
    ? BACKFILL_STYLES[status as BackfillStatus]
    : { label: status, tag: "default", color: "#595959" };
}

export function backfillFinished(status: string): boolean {
  return status === "success" || status === "failed" || status === "cancelled";
}

export interface ProgressView {
  /** Share of its instances that finished, 0-100. */
  percent: number;
  /** antd Progress status: only a successful backfill gets the green bar and the check mark. */
  status: "success" | "exception" | "active" | "normal";
  strokeColor?: string;
  /** Text in place of the percentage, when the number alone would mislead. */
  label?: string;
}

/** How a backfill's progress bar looks: a cancelled one is grey and says so, even at 100 %. */
export function backfillProgress(backfill: { status: string; progress: number }): ProgressView {
  const value = Number.isFinite(backfill.progress) ? backfill.progress : 0;
  const percent = Math.round(Math.min(1, Math.max(0, value)) * 1000) / 10;
  switch (backfill.status) {
    case "success":
      return { percent, status: "success" };
    case "failed":
      return { percent, status: "exception" };
    case "running":
      return { percent, status: "active" };
    case "cancelled":
      return { percent, status: "normal", strokeColor: BACKFILL_STYLES.cancelled.color, label: BACKFILL_STYLES.cancelled.label };
    default:
      return { percent, status: "normal", label: percent >= 100 ? backfillStyle(backfill.status).label : undefined };
  }
}

/** A business date of a backfill as a whole (scheduler/backfills.py DateStatus). */
export type DateStatus = Schema<"BackfillDateStatusEnum">;

export const DATE_STATUS_STYLES: Record<DateStatus, { readonly label: string; tag: string }> = {
  success: labelled("operations:dateStates.success", { tag: "success" }),
  running: labelled("operations:dateStates.running", { tag: "processing" }),
  failed: labelled("operations:dateStates.failed", { tag: "error" }),
  blocked: labelled("operations:dateStates.blocked", { tag: "orange" }),
  cancelled: labelled("operations:dateStates.cancelled", { tag: "default" }),
  waiting: labelled("operations:dateStates.waiting", { tag: "default" }),
  empty: labelled("operations:dateStates.empty", { tag: "default" }),
};


export function dateStatusStyle(status: DateStatus) {
  return DATE_STATUS_STYLES[status];
}

/** Why an instance last moved (scheduler/states.py InstanceReason) in the current language; a
 * retry's `retry_after_<failure>` names its failure; an unknown reason as it is. */
export function reasonLabel(reason: string): string {
  if (!reason) return "";
  const retry = /^retry_after_(.+)$/.exec(reason);
  if (retry) return i18n.t("operations:reasons.retryAfter", { failure: reasonLabel(retry[1]) });
  return i18n.t(`operations:reasons.${reason}`, { defaultValue: reason });
}
