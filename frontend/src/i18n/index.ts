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

export type Messages = { default: Record<string, unknown> };
// Namespaces of pages that bring their own messages (features/datamap/messages.ts) are left
// out here: the login page downloads this bundle, and its size has a budget.
const files = import.meta.glob<Messages>(["./locales/*/*.json", "!./locales/*/datamap.json"], { eager: true });

/** {language: {namespace: messages}} from locale files (by default the bundled ones above). */
export function bundledResources(modules: Record<string, Messages> = files): Record<string, Record<string, Record<string, unknown>>> {
  const resources: Record<string, Record<string, Record<string, unknown>>> = {};
  for (const [path, module] of Object.entries(modules)) {
    const [, language, namespace] = path.match(/locales\/([^/]+)\/([^/]+)\.json$/) ?? [];
    if (!language || !namespace) continue;
    (resources[language] ??= {})[namespace] = module.default;
  }
  return resources;
}

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

/** Switch language everywhere in the app and remember the choice in this browser. */
export async function setLanguage(language: Language) {
  localStorage.setItem(STORAGE_KEY, language);
  apply(language);
  await i18n.changeLanguage(language);
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
  resources: bundledResources(),
  lng: start,
  fallbackLng: "en",
  defaultNS: "common",
  interpolation: { escapeValue: false }, // React escapes
  returnNull: false,
});
apply(start);

export default i18n;
