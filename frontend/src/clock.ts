// The one clock of the app: every instant is shown in the current project's time zone, labelled,
// and "today's business date" is computed as the server does (cycles/dates.py business_date:
// the date in the project's zone, minus one day). Never the browser's clock.
import { useEffect } from "react";

import { useCurrentProject } from "./project/current";

/** The zone the server falls back to, and ours when a project's zone is unknown to the browser. */
export const DEFAULT_ZONE = "UTC";

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${timeZone}|${JSON.stringify(options)}`;
  let found = formatters.get(key);
  if (!found) {
    try {
      found = new Intl.DateTimeFormat("en-CA", { timeZone, hourCycle: "h23", ...options });
    } catch {
      found = formatter(DEFAULT_ZONE, options); // a zone name this browser does not know
    }
    formatters.set(key, found);
  }
  return found;
}

function fields(date: Date, timeZone: string, options: Intl.DateTimeFormatOptions): Record<string, string> {
  const values: Record<string, string> = {};
  for (const part of formatter(timeZone, options).formatToParts(date)) values[part.type] = part.value;
  return values;
}

function toDate(value: string | number | Date | null | undefined): Date | null {
  if (value === null || value === undefined || value === "") return null;
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

const DAY = { year: "numeric", month: "2-digit", day: "2-digit" } as const;

/** The date in a zone as YYYY-MM-DD, shifted by `offsetDays`. */
export function dateInZone(timeZone: string | undefined, offsetDays = 0, now: number | Date = Date.now()): string {
  const values = fields(new Date(now), timeZone || DEFAULT_ZONE, DAY);
  const text = `${values.year}-${values.month}-${values.day}`;
  return offsetDays ? addDays(text, offsetDays) : text;
}

/** Today's business date: yesterday in the project's zone (the runs of today carry it). */
export function businessDate(timeZone: string | undefined, now: number | Date = Date.now()): string {
  return dateInZone(timeZone, -1, now);
}

/** Shift a YYYY-MM-DD date by whole days. */
export function addDays(date: string, days: number): string {
  const shifted = new Date(`${date}T00:00:00Z`);
  shifted.setUTCDate(shifted.getUTCDate() + days);
  return shifted.toISOString().slice(0, 10);
}

/** Every date from `start` to `end`, both included (at most `limit`). */
export function dateRange(start: string, end: string, limit = 3660): string[] {
  const out: string[] = [];
  let day = start;
  while (day <= end && out.length < limit) {
    out.push(day);
    day = addDays(day, 1);
  }
  return out;
}

/** "2024-03-10 02:13:05" (or without seconds) in the zone; "—" when there is no time. */
export function formatDateTime(value: string | number | Date | null | undefined, timeZone?: string, withSeconds = true): string {
  const date = toDate(value);
  if (!date) return "—";
  const v = fields(date, timeZone || DEFAULT_ZONE, {
    ...DAY,
    hour: "2-digit",
    minute: "2-digit",
    ...(withSeconds ? { second: "2-digit" } : {}),
  });
  return `${v.year}-${v.month}-${v.day} ${v.hour}:${v.minute}${withSeconds ? `:${v.second}` : ""}`;
}

/** "02:13" (or "02:13:05") in the zone. */
export function formatClock(value: string | number | Date, timeZone?: string, withSeconds = false): string {
  const date = toDate(value);
  if (!date) return "—";
  const v = fields(date, timeZone || DEFAULT_ZONE, { hour: "2-digit", minute: "2-digit", ...(withSeconds ? { second: "2-digit" } : {}) });
  return `${v.hour}:${v.minute}${withSeconds ? `:${v.second}` : ""}`;
}

/** The zone's offset at an instant: "UTC+8", "UTC-4", "UTC". */
export function zoneOffset(timeZone: string | undefined, at: number | Date = Date.now()): string {
  const name = fields(new Date(at), timeZone || DEFAULT_ZONE, { timeZoneName: "shortOffset" }).timeZoneName ?? "";
  const offset = name.replace(/^GMT/, "").replace(/^[+-]0$/, "");
  return offset ? `UTC${offset}` : "UTC";
}

/** "2026-12-03 08:00:00 UTC+8": an instant with its zone, where no column header says it. */
export function formatLabelled(value: string | number | Date | null | undefined, timeZone?: string, withSeconds = true): string {
  const date = toDate(value);
  if (!date) return "—";
  return `${formatDateTime(date, timeZone, withSeconds)} ${zoneOffset(timeZone, date)}`;
}

/** A cycle time as the project reads it: "2026-12-03 00:00". */
export function formatCycleTime(value: string | number | Date | null | undefined, timeZone?: string): string {
  return formatDateTime(value, timeZone, false);
}

// An ISO instant with its offset, as the server writes them in messages and logs.
const ISO_INSTANT = /\b(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}:\d{2})(\.\d+)?(Z|[+-]\d{2}:\d{2})/g;

/** Text with every ISO instant in it ("its time has not come (2026-12-03T00:00:00+00:00)")
 * rewritten in the zone, labelled. */
export function localizeInstants(text: string, timeZone?: string): string {
  return text.replace(ISO_INSTANT, (match, day: string, time: string, fraction: string | undefined, offset: string) =>
    formatLabelled(`${day}T${time}${fraction ?? ""}${offset}`, timeZone) || match,
  );
}

/** A log line's leading ISO stamp shown as the zone's wall clock ("08:00:05"). */
export function localizeLogStamps(text: string, timeZone?: string): string {
  return text.replace(/^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})) /gm, (_match, stamp: string) => `${formatClock(stamp, timeZone, true)} `);
}

// The zone of the project open in this tab, for helpers that are called outside React
// (`formatTime` in src/format.ts). Kept in step by useProjectClock.
let currentZone = DEFAULT_ZONE;

export function currentTimeZone(): string {
  return currentZone;
}

export function setCurrentTimeZone(timeZone: string | undefined | null): void {
  currentZone = timeZone || DEFAULT_ZONE;
}

export interface ProjectClock {
  timeZone: string;
  /** "2026-12-03 08:00:00" in the project's zone (say the zone once, in a header). */
  format: (value: string | number | Date | null | undefined, withSeconds?: boolean) => string;
  /** "2026-12-03 08:00:00 UTC+8". */
  labelled: (value: string | number | Date | null | undefined, withSeconds?: boolean) => string;
  clock: (value: string | number | Date, withSeconds?: boolean) => string;
  cycleTime: (value: string | number | Date | null | undefined) => string;
  /** Today's business date in the project. */
  businessDate: (now?: number | Date) => string;
  /** "Asia/Shanghai (UTC+8)". */
  zoneLabel: string;
}

export function projectClock(timeZone: string | undefined | null): ProjectClock {
  const zone = timeZone || DEFAULT_ZONE;
  return {
    timeZone: zone,
    format: (value, withSeconds = true) => formatDateTime(value, zone, withSeconds),
    labelled: (value, withSeconds = true) => formatLabelled(value, zone, withSeconds),
    clock: (value, withSeconds = false) => formatClock(value, zone, withSeconds),
    cycleTime: (value) => formatCycleTime(value, zone),
    businessDate: (now = Date.now()) => businessDate(zone, now),
    zoneLabel: zone === "UTC" ? "UTC" : `${zone} (${zoneOffset(zone)})`,
  };
}

/** The clock of the current project. */
export function useProjectClock(): ProjectClock {
  const { project } = useCurrentProject();
  const timeZone = project?.timezone;
  useEffect(() => setCurrentTimeZone(timeZone), [timeZone]);
  return projectClock(timeZone);
}
