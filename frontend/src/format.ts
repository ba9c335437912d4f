import { currentTimeZone, formatLabelled } from "./clock";

import { currentLanguage } from "./i18n";

/** "2024-05-01 13:45:00 UTC+8": in the current project's time zone, labelled, or "—". */
export function formatTime(iso: string | null | undefined): string {
  return formatLabelled(iso, currentTimeZone());
}

/** A number as the reader's language writes it (1,234.5), at most `digits` decimals; "—" for none. */
export function formatNumber(value: number | null | undefined, digits = 2): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return "—";
  return new Intl.NumberFormat(currentLanguage(), { maximumFractionDigits: digits }).format(value);
}

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
