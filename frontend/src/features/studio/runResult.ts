// The rows a test run kept (the first rows of its last SELECT), read from the instance's result.
import type { InstanceDetail } from "./types";

export interface ResultRows {
  columns: string[];
  rows: unknown[][];
}

export const NO_ROWS: ResultRows = { columns: [], rows: [] };

/** Columns and rows out of an instance's result; a result without them (or none) has no rows. */
export function resultRows(result: InstanceDetail["result"] | undefined): ResultRows {
  const columns: unknown = result?.columns;
  const rows: unknown = result?.rows;
  if (!Array.isArray(columns) || !columns.every((column): column is string => typeof column === "string")) return NO_ROWS;
  return { columns, rows: Array.isArray(rows) ? rows.filter((row): row is unknown[] => Array.isArray(row)) : [] };
}
