// Times of day as the alert rules store them: "HH:MM" on a 24-hour clock. Pure.
import { text as words } from "./text";

const HHMM = /^(\d{1,2}):(\d{2})(?::\d{2}(?:\.\d+)?)?$/;

/** "09:30" (or "9:30", or the server's "09:30:00") -> minutes since midnight; null when not a time. */
export function parseHHMM(value: string | null | undefined): number | null {
  const match = HHMM.exec((value ?? "").trim());
  if (!match) return null;
  const hours = Number(match[1]);
  const minutes = Number(match[2]);
  if (hours > 23 || minutes > 59) return null;
  return hours * 60 + minutes;
}

/** Whether the text is a time of day; an empty value is not one (callers decide if it is optional). */
export function isHHMM(value: string | null | undefined): boolean {
  return parseHHMM(value) !== null;
}

/** "9:05" -> "09:05", "09:05:00" -> "09:05"; anything else as it is (trimmed); "" for empty. */
export function normalizeHHMM(value: string | null | undefined): string {
  const minutes = parseHHMM(value);
  if (minutes === null) return (value ?? "").trim();
  return `${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;
}

/** Form text -> API value: "" becomes null. */
export function hhmmToApi(value: string | null | undefined): string | null {
  const text = normalizeHHMM(value);
  return text ? text : null;
}

/** Reason a time field is wrong, or "" when fine. `required` says whether empty is allowed. */
export function hhmmProblem(value: string | null | undefined, required = false): string {
  const text = (value ?? "").trim();
  if (!text) return required ? words("time.required") : "";
  if (!isHHMM(text)) return words("time.invalid", { text });
  return "";
}

/** "22:00 – 08:00 (overnight)" for a quiet-hours range, or "" when there is none. */
export function describeQuietHours(start: string | null, end: string | null): string {
  const from = parseHHMM(start);
  const to = parseHHMM(end);
  if (from === null || to === null) return "";
  return `${normalizeHHMM(start)} – ${normalizeHHMM(end)}${from > to ? words("time.overnight") : ""}`;
}
