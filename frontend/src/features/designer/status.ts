// Instance status colours on the canvas (the shared palette of src/status.ts) and the
// business date the status view starts on.

import i18n from "../../i18n";
import { stateStyle, type StateStyle } from "../../status";

/** What the canvas draws with: label, border and legend swatch, node fill. */
export type StatusStyle = Pick<StateStyle, "label" | "color" | "background">;

/** A node with no instance on the chosen date. */
export const NO_INSTANCE: StatusStyle = {
  get label() {
    return i18n.t("designer:legend.noInstance");
  },
  color: "#d9d9d9",
  background: "#ffffff",
};

export function statusStyle(status: string | null | undefined): StatusStyle {
  return status ? stateStyle(status) : NO_INSTANCE;
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
