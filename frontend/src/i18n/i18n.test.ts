import { describe, expect, it, vi } from "vitest";

import i18n, { bundledNamespaces, dayjsLocale, initialLanguage, LANGUAGES, setLanguage } from ".";

type Files = Record<string, { default: Record<string, unknown> }>;

/** {language: {namespace: messages}} of every file under locales/. */
function localeFiles(files: Files): Record<string, Record<string, Record<string, unknown>>> {
  const resources: Record<string, Record<string, Record<string, unknown>>> = {};
  for (const [path, module] of Object.entries(files)) {
    const [, language, namespace] = path.match(/\.\/locales\/([^/]+)\/([^/]+)\.json$/) ?? [];
    (resources[language] ??= {})[namespace] = module.default;
  }
  return resources;
}

/** Every key path of a nested message object: "nav.studio", ... */
function keys(messages: Record<string, unknown>, prefix = ""): string[] {
  return Object.entries(messages).flatMap(([key, value]) =>
    value && typeof value === "object" ? keys(value as Record<string, unknown>, `${prefix}${key}.`) : [`${prefix}${key}`],
  );
}

describe("translations", () => {
  // Every namespace, also those a page brings with its own chunk.
  const resources = localeFiles(import.meta.glob("./locales/*/*.json", { eager: true }));
  const english = resources.en;

  it("has every namespace in every language", () => {
    for (const { value } of LANGUAGES) {
      expect(Object.keys(resources[value] ?? {}).sort(), value).toEqual(Object.keys(english).sort());
    }
  });

  it.each(LANGUAGES.map((language) => language.value))("has no key missing or extra in %s", (language) => {
    for (const [namespace, messages] of Object.entries(english)) {
      expect(keys(resources[language][namespace]).sort(), `${language}/${namespace}`).toEqual(keys(messages).sort());
    }
  });

  it("leaves no message empty", () => {
    for (const [language, namespaces] of Object.entries(resources)) {
      for (const [namespace, messages] of Object.entries(namespaces)) {
        const empty = keys(messages).filter((path) => {
          const value = path.split(".").reduce<unknown>((node, part) => (node as Record<string, unknown>)[part], messages);
          return typeof value !== "string" || value.trim() === "";
        });
        expect(empty, `${language}/${namespace}`).toEqual([]);
      }
    }
  });
});

describe("loading a language", () => {
  it("downloads Chinese when it is chosen, English being there from the start", async () => {
    expect(i18n.hasResourceBundle("en", "operations")).toBe(true);
    await setLanguage("zh-CN");
    try {
      expect(i18n.t("operations:deployments.title")).toBe("发布历史");
    } finally {
      await setLanguage("en");
      localStorage.removeItem("workbench.language");
    }
    expect(i18n.t("operations:deployments.title")).toBe("Deployment history");
  });
});

describe("initial language", () => {
  it("follows a Chinese browser and remembers a choice", () => {
    const spy = vi.spyOn(navigator, "language", "get").mockReturnValue("zh-CN");
    localStorage.removeItem("workbench.language");
    expect(initialLanguage()).toBe("zh-CN");
    localStorage.setItem("workbench.language", "en");
    expect(initialLanguage()).toBe("en");
    localStorage.removeItem("workbench.language");
    spy.mockReturnValue("de-DE");
    expect(initialLanguage()).toBe("en");
  });

  it("starts Chinese weeks on Monday", () => {
    expect(dayjsLocale("zh-CN")).toBe("zh-cn");
    expect(dayjsLocale("en")).toBe("en");
  });
});

describe("page namespaces", () => {
  it("stay out of the bundle every page loads", () => {
    expect(bundledNamespaces()).toContain("common");
    expect(bundledNamespaces()).not.toContain("datamap");
  });
});
