// The alerts' words, read when shown (never captured at import) so that a language switch
// reaches the tables below too.
import i18n from "../../i18n";

export const text = (key: string, options?: Record<string, unknown>): string => i18n.t(`alerts:${key}`, options);

/** {value, label, help} for each value, label and help from `<prefix>.<value>.label|help`. */
export function choices<T extends string>(prefix: string, values: readonly T[]): { value: T; label: string; help: string }[] {
  return values.map((value) => ({
    value,
    get label() {
      return text(`${prefix}.${value}.label`);
    },
    get help() {
      return text(`${prefix}.${value}.help`);
    },
  }));
}

/** {value: label} of `items`, each label read when looked up. */
export function labelTable(items: { value: string; label: string }[]): Record<string, string> {
  const table: Record<string, string> = {};
  for (const item of items) Object.defineProperty(table, item.value, { get: () => item.label, enumerable: true });
  return table;
}
