// Instance status colours on the canvas (the shared palette of src/status.ts) and the
// business date the status view starts on.

import { INSTANCE_STATES, STATE_STYLES } from "../../status";

export interface StatusStyle {
  label: string;
  /** Border and legend swatch. */
  color: string;
  /** Node fill. */
  background: string;
}

export const STATUS_STYLES: Record<string, StatusStyle> = Object.fromEntries(
  INSTANCE_STATES.map((state) => {
    const { label, color, background } = STATE_STYLES[state];
    return [state, { label, color, background }];
  }),
);

/** A node with no instance on the chosen date. */
export const NO_INSTANCE: StatusStyle = { label: "No instance", color: "#d9d9d9", background: "#ffffff" };

export const STATUS_ORDER = Object.keys(STATUS_STYLES);

export function statusStyle(status: string | null | undefined): StatusStyle {
  if (!status) return NO_INSTANCE;
  return STATUS_STYLES[status] ?? { label: status, color: "#595959", background: "#fafafa" };
}

/** How many nodes are in each status (nodes without an instance count as "none"). */
export function statusCounts(nodeIds: number[], statuses: Record<string, { status: string }>): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const id of nodeIds) {
    const key = statuses[String(id)]?.status ?? "none";
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}

/** Today's scheduled instances carry yesterday's business date (bizdate = cycle date - 1). */
export function defaultBizdate(today: Date = new Date()): string {
  const day = new Date(today.getFullYear(), today.getMonth(), today.getDate() - 1);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${day.getFullYear()}-${pad(day.getMonth() + 1)}-${pad(day.getDate())}`;
}
