// Run times as the operations pages show them; times in the project's time zone.
import { formatDuration } from "../../format";
import i18n from "../../i18n";

function ms(value: string | null | undefined): number | null {
  if (!value) return null;
  const parsed = Date.parse(value);
  return Number.isNaN(parsed) ? null : parsed;
}

export interface Timed {
  status: string;
  started_at?: string | null;
  finished_at?: string | null;
}

/** Seconds an instance ran, or has been running so far (null when it has not started). */
export function runSeconds(row: Timed, now: number = Date.now()): number | null {
  const start = ms(row.started_at);
  if (start === null) return null;
  const end = ms(row.finished_at);
  if (end !== null) return Math.max(0, (end - start) / 1000);
  if (row.status === "running" || row.status === "checking" || row.status === "queued") {
    return Math.max(0, (now - start) / 1000);
  }
  return null;
}

// Instants and dates come from the app's one clock (src/clock.ts).
export { addDays, dateInZone, dateRange, formatClock, formatDateTime } from "../../clock";

/** "in 5m 00s" / "3m 00s ago" relative to now. */
export function relativeTime(value: string | null | undefined, now: number = Date.now()): string {
  const at = ms(value);
  if (at === null) return "—";
  const seconds = (at - now) / 1000;
  if (Math.abs(seconds) < 5) return i18n.t("operations:relative.now");
  return seconds > 0
    ? i18n.t("operations:relative.in", { duration: formatDuration(seconds) })
    : i18n.t("operations:relative.ago", { duration: formatDuration(-seconds) });

}
