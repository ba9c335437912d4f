// Instance and backfill states as the scheduler has them (scheduler/states.py, scheduler/models.py;
// their types from the API schema's enums), with the colours and words the operations pages show,
// and which operator action fits which state.

import type { Schema } from "../../api/client";
import { INSTANCE_STATES, isInstanceState, STATE_STYLES, stateGroup, stateStyle, type InstanceState } from "../../status";

export { INSTANCE_STATES, isInstanceState, STATE_STYLES, stateStyle, type InstanceState };

export type RunKind = Schema<"RunKindEnum">;

export const RUN_KIND_LABELS: Record<RunKind, string> = {
  scheduled: "Scheduled",
  backfill: "Backfill",
  manual: "Manual",
  test: "Test",
};
export const RUN_KINDS = Object.keys(RUN_KIND_LABELS) as RunKind[];

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

export const ACTION_LABELS: Record<InstanceAction, string> = {
  rerun: "Rerun",
  "rerun-downstream": "Rerun with downstream",
  "set-success": "Set success",
  "set-failed": "Set failed",
  freeze: "Freeze",
  unfreeze: "Unfreeze",
  kill: "Kill",
};

/** What the confirmation asks; the server still has the last word. */
export const ACTION_QUESTIONS: Record<InstanceAction, string> = {
  rerun: "Run this instance again? It goes back to pending and starts when its upstream allows.",
  "rerun-downstream":
    "Run this instance again and put every finished instance downstream of it back to pending?",
  "set-success":
    "Mark this instance as succeeded? Anything still running is stopped, and its downstream may start.",
  "set-failed": "Mark this instance as failed? What still runs is stopped.",
  freeze: "Freeze this instance? It will not start until it is unfrozen.",
  unfreeze: "Unfreeze this instance? It starts as soon as its time and upstream allow.",
  kill: "Kill this instance? A running attempt is stopped and a waiting one is cancelled.",
};

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
  const label = stateLabel(status).toLowerCase();
  switch (action) {
    case "rerun":
    case "rerun-downstream":
      return status === "cancelled"
        ? "A cancelled slot is no longer in the plan (superseded or undeployed)."
        : `An instance that is ${label} cannot be rerun; wait until it finishes or kill it.`;
    case "set-success":
      return status === "cancelled" ? "A cancelled slot is no longer in the plan." : "It already succeeded.";
    case "set-failed":
      return "Only a queued, running or checking instance can be set failed.";
    case "freeze":
      return "Only an instance that has not started can be frozen.";
    case "unfreeze":
      return "It is not frozen.";
    case "kill":
      return `An instance that is ${label} has nothing to kill.`;
  }
}

/** A sentence saying what an action did, from the server's answer. */
export function describeActionResult(action: InstanceAction, result: { status?: string; rerun?: number[] }): string {
  if (action === "rerun-downstream") {
    const others = Math.max(0, (result.rerun?.length ?? 1) - 1);
    return `Rerun started, with ${others} downstream instance${others === 1 ? "" : "s"} back to pending.`;
  }
  const now = result.status ? ` It is now ${stateLabel(result.status).toLowerCase()}.` : "";
  const done: Record<Exclude<InstanceAction, "rerun-downstream">, string> = {
    rerun: "Rerun started.",
    "set-success": "Set to success.",
    "set-failed": "Set to failed.",
    freeze: "Frozen.",
    unfreeze: "Unfrozen.",
    kill: "Killed.",
  };
  return `${done[action]}${now}`;
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

export const BACKFILL_STYLES: Record<BackfillStatus, { label: string; tag: string; color: string }> = {
  running: { label: "Running", tag: "processing", color: "#1677ff" },
  paused: { label: "Paused", tag: "warning", color: "#d48806" },
  success: { label: "Succeeded", tag: "success", color: "#389e0d" },
  failed: { label: "Failed", tag: "error", color: "#cf1322" },
  cancelled: { label: "Cancelled", tag: "default", color: "#8c8c8c" },
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
      return { percent, status: "normal", strokeColor: BACKFILL_STYLES.cancelled.color, label: "Cancelled" };
    default:
      return { percent, status: "normal", label: percent >= 100 ? backfillStyle(backfill.status).label : undefined };
  }
}

/** A business date of a backfill as a whole (scheduler/backfills.py DateStatus). */
export type DateStatus = Schema<"BackfillDateStatusEnum">;

export const DATE_STATUS_STYLES: Record<DateStatus, { label: string; tag: string }> = {
  success: { label: "Succeeded", tag: "success" },
  running: { label: "Running", tag: "processing" },
  failed: { label: "Failed", tag: "error" },
  blocked: { label: "Blocked by a failure", tag: "orange" },
  cancelled: { label: "Cancelled", tag: "default" },
  waiting: { label: "Waiting", tag: "default" },
  empty: { label: "Nothing to run", tag: "default" },
};

export function dateStatusStyle(status: DateStatus) {
  return DATE_STATUS_STYLES[status];
}
