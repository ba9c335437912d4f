// Table names known in the project as a CodeMirror SQL schema, for autocompletion.
import type { SQLNamespace } from "@codemirror/lang-sql";

import type { KnownTables } from "./types";

type Tree = { [name: string]: Tree };

/**
 * Names such as "orders", "ods.orders" or "cat.ods.orders" as nested namespaces, so that
 * completion offers `ods` and then `orders` after `ods.`. Names are deduplicated case-insensitively.
 */
export function sqlNamespace(names: string[]): SQLNamespace {
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
  const convert = (tree: Tree): SQLNamespace => {
    const out: Record<string, SQLNamespace> = {};
    for (const [key, children] of Object.entries(tree)) {
      out[key] = Object.keys(children).length ? convert(children) : [];
    }
    return out;
  };
  return convert(root);
}

/** Every table name for a node: its data source's tables first, then every declared output. */
export function tableNames(known: KnownTables | undefined, datasource: number | null): string[] {
  if (!known) return [];
  const mine = known.tables.filter((t) => datasource === null || t.datasource === datasource).map((t) => t.name);
  return [...new Set([...mine, ...known.outputs.map((o) => o.name)])];
}
