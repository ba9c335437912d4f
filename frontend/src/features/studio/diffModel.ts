// Side-by-side diff rows of two texts (the `diff` package), and the configuration that changed.
import { diffLines } from "diff";

import i18n from "../../i18n";

import type { Snapshot } from "./types";

export interface DiffCell {
  line: number;
  text: string;
}

export type DiffRowKind = "same" | "changed" | "added" | "removed";

export interface DiffRow {
  kind: DiffRowKind;
  left: DiffCell | null;
  right: DiffCell | null;
}

function split(value: string): string[] {
  const lines = value.split("\n");
  if (lines.length && lines[lines.length - 1] === "") lines.pop();
  return lines;
}

/** Rows for a two-column view: removed lines pair up with the added lines that replace them. */
export function sideBySide(before: string, after: string): DiffRow[] {
  const rows: DiffRow[] = [];
  let left = 1;
  let right = 1;
  let removed: string[] = [];
  const flush = (added: string[]) => {
    const count = Math.max(removed.length, added.length);
    for (let i = 0; i < count; i += 1) {
      const l = i < removed.length ? { line: left++, text: removed[i] } : null;
      const r = i < added.length ? { line: right++, text: added[i] } : null;
      rows.push({ kind: l && r ? "changed" : l ? "removed" : "added", left: l, right: r });
    }
    removed = [];
  };
  for (const part of diffLines(before ?? "", after ?? "")) {
    const lines = split(part.value);
    if (part.removed) {
      removed.push(...lines);
    } else if (part.added) {
      flush(lines);
    } else {
      flush([]);
      for (const text of lines) rows.push({ kind: "same", left: { line: left++, text }, right: { line: right++, text } });
    }
  }
  flush([]);
  return rows;
}

export function diffStats(rows: DiffRow[]): { added: number; removed: number } {
  let added = 0;
  let removed = 0;
  for (const row of rows) {
    if (row.kind === "added" || row.kind === "changed") added += 1;
    if (row.kind === "removed" || row.kind === "changed") removed += 1;
  }
  return { added, removed };
}

export interface Hunk {
  rows: DiffRow[];
  /** Unchanged rows left out before this hunk. */
  skipped: number;
}

/** Changed rows with `context` unchanged rows around them; long unchanged runs fold away. */
export function hunks(rows: DiffRow[], context = 3): Hunk[] {
  const keep = rows.map(() => false);
  rows.forEach((row, index) => {
    if (row.kind === "same") return;
    for (let i = Math.max(0, index - context); i <= Math.min(rows.length - 1, index + context); i += 1) keep[i] = true;
  });
  const result: Hunk[] = [];
  let skipped = 0;
  let current: Hunk | null = null;
  rows.forEach((row, index) => {
    if (!keep[index]) {
      skipped += 1;
      current = null;
      return;
    }
    if (!current) {
      current = { rows: [], skipped };
      result.push(current);
      skipped = 0;
    }
    current.rows.push(row);
  });
  if (skipped && result.length) result.push({ rows: [], skipped });
  return result;
}

/** The fields a diff names, in order; their labels are studio:fields.<field>. */
export const DIFF_FIELDS = [
  "name",
  "type",
  "datasource_id",
  "cron",
  "start_date",
  "end_date",
  "paused",
  "dry_run",
  "parameters",
  "retries",
  "retry_delay_seconds",
  "timeout_seconds",
  "priority",
  "resource_group",
  "rerun_policy",
  "owner_id",
  "output_tables",
  "instance_generation",
  "catch_up",
  "dst_gap",
  "dst_overlap",
  "parameter_dialect",
];

/** A field's label in the current language; one the app does not know, as it is. */
export const fieldLabel = (field: string): string =>
  (DIFF_FIELDS as readonly string[]).includes(field) ? i18n.t(`studio:fields.${field}`) : field;


/** What a snapshot means by leaving a field out (the server's SNAPSHOT_DEFAULTS). */
const SNAPSHOT_DEFAULTS: Record<string, unknown> = {
  catch_up: "none",
  dst_gap: "shift",
  dst_overlap: "first",
  parameter_dialect: "",
};

export interface FieldChange {
  field: string;
  label: string;
  before: string;
  after: string;
}

export type Namer = (field: string, value: unknown) => string | undefined;

/** A value as a short string: lists joined, objects as key=value, empty as "—". */
export function displayValue(value: unknown): string {
  if (value === null || value === undefined || value === "") return "—";
  if (Array.isArray(value)) return value.length ? value.map(displayValue).join(", ") : "—";
  if (typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>);
    return entries.length ? entries.map(([k, v]) => `${k}=${displayValue(v)}`).join(", ") : "—";
  }
  if (typeof value === "boolean") return i18n.t(value ? "studio:yes" : "studio:no");
  return String(value);
}

/** The configuration fields (not the code) that differ between two snapshots. */
export function fieldChanges(before: Partial<Snapshot> | null, after: Partial<Snapshot> | null, name?: Namer): FieldChange[] {
  // Between two versions a left-out field is its default; against nothing, it is nothing.
  const defaults = before && after ? SNAPSHOT_DEFAULTS : {};
  const a: Record<string, unknown> = { ...defaults, ...before };
  const b: Record<string, unknown> = { ...defaults, ...after };
  const fields = DIFF_FIELDS.filter((field) => field in a || field in b);
  const extra = [...new Set([...Object.keys(a), ...Object.keys(b)])].filter(
    (field) => field !== "code" && !(DIFF_FIELDS as readonly string[]).includes(field),
  );
  const show = (field: string, value: unknown) => name?.(field, value) ?? displayValue(value);
  return [...fields, ...extra]
    .filter((field) => JSON.stringify(a[field] ?? null) !== JSON.stringify(b[field] ?? null))
    .map((field) => ({
      field,
      label: fieldLabel(field),
      before: show(field, a[field]),
      after: show(field, b[field]),
    }));
}
