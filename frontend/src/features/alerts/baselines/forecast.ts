// What the baseline page derives from a forecast. Pure.
import type { BaselineStatus } from "./api";

/** The colour of a baseline day's status tag. */
export function statusColour(status: BaselineStatus): string {
  return { safe: "green", warning: "gold", broken: "red", met: "blue", empty: "default" }[status] ?? "default";
}

/** Slack as signed hours and minutes ("+1h 05m", "-12m"); "—" when there is no prediction. */
export function formatSlack(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return "—";
  const sign = seconds < 0 ? "-" : "+";
  const minutes = Math.round(Math.abs(seconds) / 60);
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return hours ? `${sign}${hours}h ${String(rest).padStart(2, "0")}m` : `${sign}${rest}m`;
}

/** The edges of the critical path ("up-down" ids), consecutive runs of the path. */
export function criticalEdges(path: number[]): Set<string> {
  const found = new Set<string>();
  for (let i = 1; i < path.length; i += 1) found.add(`${path[i - 1]}-${path[i]}`);
  return found;
}

/** "HH:MM" of an API time ("08:30" or "08:30:00"); "" when it is not one. */
export function hhmm(value: string | null | undefined): string {
  const match = /^(\d{1,2}):(\d{2})/.exec(value ?? "");
  return match ? `${match[1].padStart(2, "0")}:${match[2]}` : "";
}
