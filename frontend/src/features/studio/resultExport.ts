// A result set as text: CSV to download (RFC 4180, opens in spreadsheets), tab-separated to
// paste into one.

export interface ResultSet {
  statement: number;
  columns: string[];
  rows: unknown[][];
}

const text = (value: unknown) => (value === null || value === undefined ? "" : typeof value === "object" ? JSON.stringify(value) : String(value));

function csvField(value: unknown): string {
  const field = text(value);
  return /[",\r\n]/.test(field) || /^\s|\s$/.test(field) ? `"${field.replace(/"/g, '""')}"` : field;
}

export function toCsv({ columns, rows }: Pick<ResultSet, "columns" | "rows">): string {
  return [columns, ...rows].map((row) => row.map(csvField).join(",")).join("\r\n") + "\r\n";
}

/** Tab-separated, as spreadsheets paste it; tabs and line breaks inside a value become spaces. */
export function toTsv({ columns, rows }: Pick<ResultSet, "columns" | "rows">): string {
  return [columns, ...rows].map((row) => row.map((value) => text(value).replace(/[\t\r\n]+/g, " ")).join("\t")).join("\n");
}

/** Each statement's rows of a run's result; a result from before per-statement sets has its last only. */
export function resultSets(result: { columns?: string[]; rows?: unknown[][]; sets?: ResultSet[] } | undefined): ResultSet[] {
  if (!result) return [];
  if (result.sets?.length) return result.sets;
  return result.columns?.length ? [{ statement: 0, columns: result.columns, rows: result.rows ?? [] }] : [];
}

export function downloadCsv(filename: string, set: ResultSet) {
  // The byte order mark lets spreadsheet programs read UTF-8 (Chinese names) correctly.
  const blob = new Blob(["\ufeff", toCsv(set)], { type: "text/csv;charset=utf-8" });
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = filename;
  link.click();
  URL.revokeObjectURL(url);
}
