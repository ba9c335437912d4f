import dayjs from "dayjs";

/** "2024-05-01 13:45" in the browser's time zone, or "—". */
export function formatTime(iso: string | null | undefined): string {
  if (!iso) return "—";
  const value = dayjs(iso);
  return value.isValid() ? value.format("YYYY-MM-DD HH:mm:ss") : "—";
}
