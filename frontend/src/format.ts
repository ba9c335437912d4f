import { currentTimeZone, formatLabelled } from "./clock";

/** "2024-05-01 13:45:00 UTC+8": in the current project's time zone, labelled, or "—". */
export function formatTime(iso: string | null | undefined): string {
  return formatLabelled(iso, currentTimeZone());
}
