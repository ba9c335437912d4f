// The quality pages' words for the pure modules, read when shown (never captured at import) so
// that a language switch reaches the tables of kinds and verdicts too.
import i18n from "../../i18n";

export const text = (key: string, options?: Record<string, unknown>): string => i18n.t(`quality:${key}`, options);

/** `rest` with properties `names` that read `quality:<prefix>.<key>` each time they are looked up
 * (getters: spreading or Object.assign would freeze them in the language of the moment). */
export function withWords<T extends object, Name extends string>(
  prefix: string,
  names: Record<Name, string>,
  rest: T,
): T & Record<Name, string> {
  for (const [name, key] of Object.entries(names) as [Name, string][]) {
    Object.defineProperty(rest, name, { get: () => text(`${prefix}.${key}`), enumerable: true });
  }
  return rest as T & Record<Name, string>;
}
