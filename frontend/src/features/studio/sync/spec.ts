// A sync node's code is a JSON document (projects/sync_spec.py); the form edits it through these.

export const SYNC_MODES = ["append", "overwrite", "partition", "upsert"] as const;
export type SyncMode = (typeof SYNC_MODES)[number];

export interface ColumnPair {
  source: string;
  target?: string;
}

export interface SyncSpec {
  source: { datasource?: number; table?: string; query?: string };
  target: { datasource?: number; table?: string; create?: boolean };
  columns: ColumnPair[];
  mode: SyncMode;
  partition?: string;
  key?: string[];
  batch_rows?: number;
  max_dirty_rows?: number;
}

export function emptySpec(): SyncSpec {
  return { source: {}, target: { create: true }, columns: [], mode: "append" };
}

/** The spec in a node's code; an empty or unreadable code gives an empty spec and the error. */
export function parseSpec(code: string): { spec: SyncSpec; error: string | null } {
  if (!code.trim()) return { spec: emptySpec(), error: null };
  try {
    const value = JSON.parse(code) as Partial<SyncSpec>;
    if (typeof value !== "object" || value === null || Array.isArray(value)) throw new Error("not an object");
    return {
      spec: {
        ...emptySpec(),
        ...value,
        source: { ...(value.source ?? {}) },
        target: { create: true, ...(value.target ?? {}) },
        columns: Array.isArray(value.columns) ? value.columns : [],
      },
      error: null,
    };
  } catch (exc) {
    return { spec: emptySpec(), error: String(exc) };
  }
}

/** The code for a spec: only what applies to its mode, keys in a stable order. */
export function specCode(spec: SyncSpec): string {
  const source = spec.source.query?.trim()
    ? { datasource: spec.source.datasource, query: spec.source.query }
    : { datasource: spec.source.datasource, table: spec.source.table };
  const out: Record<string, unknown> = {
    source,
    target: { datasource: spec.target.datasource, table: spec.target.table, create: spec.target.create !== false },
    // (a row being typed stays; the server names an empty one)
    columns: spec.columns.map((c) => (c.target && c.target !== c.source ? { source: c.source, target: c.target } : { source: c.source })),
    mode: spec.mode,
  };
  if (spec.mode === "partition") out.partition = spec.partition ?? "";
  if (spec.mode === "upsert") out.key = spec.key ?? [];
  if (spec.batch_rows) out.batch_rows = spec.batch_rows;
  if (spec.max_dirty_rows) out.max_dirty_rows = spec.max_dirty_rows;
  return JSON.stringify(out, null, 2);
}

/** The mapping of every source column by its own name; a rename already made for a column stays. */
export function mapByName(sourceColumns: string[], current: ColumnPair[]): ColumnPair[] {
  const renamed = new Map(current.filter((c) => c.target && c.target !== c.source).map((c) => [c.source, c.target]));
  return sourceColumns.map((source) => (renamed.has(source) ? { source, target: renamed.get(source) } : { source }));
}
