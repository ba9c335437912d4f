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
