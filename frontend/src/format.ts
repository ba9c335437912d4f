import dayjs from "dayjs";

import { currentLanguage } from "./i18n";

/** "2024-05-01 13:45" in the browser's time zone, or "—". */
export function formatTime(iso: string | null | undefined): string {
  if (!iso) return "—";
  const value = dayjs(iso);
  return value.isValid() ? value.format("YYYY-MM-DD HH:mm:ss") : "—";
}

/** A number as the reader's language writes it (1,234.5), at most `digits` decimals; "—" for none. */
export function formatNumber(value: number | null | undefined, digits = 2): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return "—";
  return new Intl.NumberFormat(currentLanguage(), { maximumFractionDigits: digits }).format(value);
}
