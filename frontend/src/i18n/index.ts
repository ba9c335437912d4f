// Translations: one JSON file per namespace and language under locales/<language>/<namespace>.json.
// A page uses `useTranslation("<namespace>")`; the keys of both languages must match (i18n.test.ts).
import "dayjs/locale/zh-cn";

import dayjs from "dayjs";
import i18n from "i18next";
import { initReactI18next } from "react-i18next";

export const LANGUAGES = [
  { value: "en", label: "English" },
  { value: "zh-CN", label: "简体中文" },
] as const;
export type Language = (typeof LANGUAGES)[number]["value"];

const STORAGE_KEY = "workbench.language";

export type Messages = Record<string, unknown>;

// English is in the app's first download: the fallback, and what the login page speaks to a new
// visitor. Every other language is a chunk of its own, fetched when it is chosen (and before the
// first render for someone who chose it), so that the first download carries one language.
// Namespaces of pages that bring their own messages (features/datamap/messages.ts) are left out
// of both: the login page downloads this bundle, and its size has a budget.
const english = import.meta.glob<{ default: Messages }>(["./locales/en/*.json", "!./locales/en/datamap.json"], { eager: true });
const others = import.meta.glob<{ default: Messages }>(["./locales/*/*.json", "!./locales/en/*.json", "!./locales/*/datamap.json"]);

const namespaceOf = (path: string) => path.match(/\/([^/]+)\.json$/)?.[1] ?? "";

/** Add a language's messages, downloading them unless they are here already. */
export async function loadLanguage(language: Language): Promise<void> {
  if (language === "en" || i18n.hasResourceBundle(language, "common")) return;
  const files = Object.entries(others).filter(([path]) => path.startsWith(`./locales/${language}/`));
  const loaded = await Promise.all(files.map(async ([path, load]) => [namespaceOf(path), (await load()).default] as const));
  for (const [namespace, messages] of loaded) i18n.addResourceBundle(language, namespace, messages, true, true);
}

/** Add the messages of locale files (…/locales/<language>/<namespace>.json) a page brings along. */
export function addMessages(files: Record<string, { default: Messages }>): void {
  for (const [path, module] of Object.entries(files)) {
    const [, language, namespace] = path.match(/locales\/([^/]+)\/([^/]+)\.json$/) ?? [];
    if (language && namespace) i18n.addResourceBundle(language, namespace, module.default, true, true);
  }
}

/** The namespaces in the app's first download. */
export const bundledNamespaces = (): string[] => Object.keys(english).map(namespaceOf);

export function isLanguage(value: unknown): value is Language {
  return LANGUAGES.some((language) => language.value === value);
}

/** The language to start in: the one chosen in this browser, else the browser's own. */
export function initialLanguage(): Language {
  const stored = typeof localStorage === "undefined" ? null : localStorage.getItem(STORAGE_KEY);
  if (isLanguage(stored)) return stored;
  const browser = typeof navigator === "undefined" ? "" : navigator.language;
  return browser.toLowerCase().startsWith("zh") ? "zh-CN" : "en";
}

/** dayjs's locale name for a language (zh-cn weeks start on Monday). */
export const dayjsLocale = (language: Language) => (language === "zh-CN" ? "zh-cn" : "en");

function apply(language: Language) {
  dayjs.locale(dayjsLocale(language));
  if (typeof document !== "undefined") document.documentElement.lang = language;
}

/** Show the app in `language` from now on (its messages loaded first). */
async function switchTo(language: Language) {
  await loadLanguage(language);
  apply(language);
  await i18n.changeLanguage(language);
}

/** Switch language everywhere in the app and remember the choice in this browser. */
export async function setLanguage(language: Language) {
  localStorage.setItem(STORAGE_KEY, language);
  await switchTo(language);
}

/** The server's name of a language (Django's zh-hans for zh-CN), sent as Accept-Language and saved
 * as the user's preference. */
export const serverLanguage = (language: Language) => (language === "zh-CN" ? "zh-hans" : "en");

/** The app's language for a preference saved on the server; null when none was chosen. */
export function fromServerLanguage(value: string | null | undefined): Language | null {
  if (value === "zh-hans") return "zh-CN";
  if (value === "en") return "en";
  return null;
}

export function currentLanguage(): Language {
  return isLanguage(i18n.language) ? i18n.language : "en";
}

const start = initialLanguage();
void i18n.use(initReactI18next).init({
  resources: { en: Object.fromEntries(Object.entries(english).map(([path, module]) => [namespaceOf(path), module.default])) },
  lng: "en",
  fallbackLng: "en",
  defaultNS: "common",
  interpolation: { escapeValue: false }, // React escapes
  returnNull: false,
});
apply("en");

/** The language this browser starts in, its messages loaded: the app renders once it is. */
export const languageReady: Promise<void> = start === "en" ? Promise.resolve() : switchTo(start).catch(() => undefined);

export default i18n;
