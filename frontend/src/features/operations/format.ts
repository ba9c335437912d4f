// Durations and times as the operations pages show them; times in the project's time zone.

/** 0.4s, 12s, 3m 05s, 2h 03m, 1d 04h; "—" when unknown. */
export function formatDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return "—";
  const value = Math.max(0, seconds);
  if (value < 9.95) return `${(Math.round(value * 10) / 10).toString()}s`;
  const total = Math.round(value);
  if (total < 60) return `${total}s`;
  const pad = (n: number) => String(n).padStart(2, "0");
  if (total < 3600) return `${Math.floor(total / 60)}m ${pad(total % 60)}s`;
  if (total < 86_400) return `${Math.floor(total / 3600)}h ${pad(Math.floor((total % 3600) / 60))}m`;
  return `${Math.floor(total / 86_400)}d ${pad(Math.floor((total % 86_400) / 3600))}h`;
}

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

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string | undefined, withDate: boolean, withSeconds: boolean): Intl.DateTimeFormat {
  const key = `${timeZone ?? ""}|${withDate}|${withSeconds}`;
  let found = formatters.get(key);
  if (!found) {
    try {
      found = new Intl.DateTimeFormat("en-CA", {
        timeZone,
        hourCycle: "h23",
        ...(withDate ? { year: "numeric", month: "2-digit", day: "2-digit" } : {}),
        hour: "2-digit",
        minute: "2-digit",
        ...(withSeconds ? { second: "2-digit" } : {}),
      });
    } catch {
      // an unknown zone name: fall back to the browser's
      found = formatter(undefined, withDate, withSeconds);
    }
    formatters.set(key, found);
  }
  return found;
}

function parts(date: Date, timeZone: string | undefined, withDate: boolean, withSeconds: boolean): string {
  const values: Record<string, string> = {};
  for (const part of formatter(timeZone, withDate, withSeconds).formatToParts(date)) values[part.type] = part.value;
  const clock = `${values.hour}:${values.minute}${withSeconds ? `:${values.second}` : ""}`;
  return withDate ? `${values.year}-${values.month}-${values.day} ${clock}` : clock;
}

/** "2024-03-10 02:13:05" in the zone; "—" when there is no time. */
export function formatDateTime(value: string | number | null | undefined, timeZone?: string): string {
  if (value === null || value === undefined || value === "") return "—";
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return "—";
  return parts(date, timeZone, true, true);
}

/** "02:13" (or "02:13:05") in the zone. */
export function formatClock(value: string | number, timeZone?: string, withSeconds = false): string {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return "—";
  return parts(date, timeZone, false, withSeconds);
}

/** "in 5m 00s" / "3m 00s ago" relative to now. */
export function relativeTime(value: string | null | undefined, now: number = Date.now()): string {
  const at = ms(value);
  if (at === null) return "—";
  const seconds = (at - now) / 1000;
  if (Math.abs(seconds) < 5) return "now";
  return seconds > 0 ? `in ${formatDuration(seconds)}` : `${formatDuration(-seconds)} ago`;
}

/** Today's date in a time zone as YYYY-MM-DD, shifted by `offsetDays`. */
export function dateInZone(timeZone: string | undefined, offsetDays = 0, now: number = Date.now()): string {
  const date = new Date(now);
  let text: string;
  try {
    text = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(date);
  } catch {
    text = new Intl.DateTimeFormat("en-CA", { year: "numeric", month: "2-digit", day: "2-digit" }).format(date);
  }
  if (!offsetDays) return text;
  const shifted = new Date(`${text}T00:00:00Z`);
  shifted.setUTCDate(shifted.getUTCDate() + offsetDays);
  return shifted.toISOString().slice(0, 10);
}

/** The business date that runs today (DataWorks: the cycle date minus one day). */
export function defaultBizdate(timeZone: string | undefined, now: number = Date.now()): string {
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
