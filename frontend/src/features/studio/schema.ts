// Table names known in the project, with their columns, as a CodeMirror SQL schema, for autocompletion.
import type { Completion } from "@codemirror/autocomplete";
import type { SQLNamespace } from "@codemirror/lang-sql";

import type { KnownTables } from "./types";

type Tree = { [name: string]: Tree };

/** A table's columns as the Data Map last read them. */
export type TableColumns = Record<string, { name: string; type: string }[]>;

/**
 * Names such as "orders", "ods.orders" or "cat.ods.orders" as nested namespaces, so that
 * completion offers `ods` and then `orders` after `ods.`, and a table's columns (when known)
 * after `orders.` or its alias. Names are deduplicated case-insensitively.
 */
export function sqlNamespace(names: string[], columns: TableColumns = {}): SQLNamespace {
  const root: Tree = {};
  const seen = new Set<string>();
  for (const raw of names) {
    const name = raw.trim();
    if (!name || seen.has(name.toLowerCase())) continue;
    seen.add(name.toLowerCase());
    let level = root;
    for (const part of name.split(".")) {
      level[part] = level[part] ?? {};
      level = level[part];
    }
  }
  const leaf = (path: string): Completion[] =>
    (columns[path] ?? []).map((column) => ({ label: column.name, type: "property", detail: column.type }));
  const convert = (tree: Tree, prefix: string): SQLNamespace => {
    const out: Record<string, SQLNamespace> = {};
    for (const [key, children] of Object.entries(tree)) {
      const path = prefix ? `${prefix}.${key}` : key;
      out[key] = Object.keys(children).length ? convert(children, path) : leaf(path);
    }
    return out;
  };
  return convert(root, "");
}

/** The columns of the node's data source tables, by table name. */
export function tableColumns(known: KnownTables | undefined, datasource: number | null): TableColumns {
  const out: TableColumns = {};
  for (const table of known?.tables ?? []) {
    if ((datasource === null || table.datasource === datasource) && table.columns?.length && !out[table.name]) {
      out[table.name] = table.columns;
    }
  }
  return out;
}

/** Every table name for a node: its data source's tables first, then every declared output. */
export function tableNames(known: KnownTables | undefined, datasource: number | null): string[] {
  if (!known) return [];
  const mine = known.tables.filter((t) => datasource === null || t.datasource === datasource).map((t) => t.name);
  return [...new Set([...mine, ...known.outputs.map((o) => o.name)])];
}
