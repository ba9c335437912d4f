import { describe, expect, it } from "vitest";

import i18n, { loadLanguage } from "../i18n";
import { NAV_ITEMS, activeNavKey, documentTitle } from "./nav";

describe("navigation", () => {
  it("lists the eight sections in order", () => {
    expect(NAV_ITEMS.map((item) => [i18n.t(item.label), item.key])).toEqual([
      ["Studio", "/studio"],
      ["Designer", "/designer"],
      ["Ad-hoc query", "/query"],
      ["Operations", "/operations"],
      ["Quality", "/quality"],
      ["Data Map", "/datamap"],
      ["Alerts", "/alerts"],
      ["Deploys", "/deploys"],
      ["Settings", "/settings"],
    ]);
  });

  it("highlights the section of nested routes", () => {
    expect(activeNavKey("/operations/instances/5")).toBe("/operations");
    expect(activeNavKey("/studio")).toBe("/studio");
    expect(activeNavKey("/studios")).toBe("");
    expect(activeNavKey("/")).toBe("");
  });

  it("titles the browser tab", async () => {
    await loadLanguage("zh-CN"); // Chinese is downloaded when chosen
    expect(documentTitle("/quality/rules/3", i18n.t)).toBe("Quality · Workbench");

    expect(documentTitle("/quality/rules/3", i18n.getFixedT("zh-CN"))).toBe("数据质量 · Workbench");
    expect(documentTitle("/nowhere")).toBe("Workbench");
  });
});
