import { describe, expect, it } from "vitest";

import { shortcutLabel, shortcutOf } from "./shortcuts";

const key = (k: string, mods: Partial<{ ctrlKey: boolean; metaKey: boolean; altKey: boolean; shiftKey: boolean }> = {}) => ({
  key: k,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  shiftKey: false,
  ...mods,
});

describe("shortcutOf", () => {
  it("maps Ctrl/Cmd+S to save and Ctrl/Cmd+Enter to run", () => {
    expect(shortcutOf(key("s", { ctrlKey: true }))).toBe("save");
    expect(shortcutOf(key("S", { metaKey: true }))).toBe("save");
    expect(shortcutOf(key("Enter", { ctrlKey: true }))).toBe("run");
    expect(shortcutOf(key("Enter", { metaKey: true }))).toBe("run");
  });

  it("ignores everything else", () => {
    expect(shortcutOf(key("s"))).toBeNull();
    expect(shortcutOf(key("Enter"))).toBeNull();
    expect(shortcutOf(key("s", { ctrlKey: true, shiftKey: true }))).toBeNull();
    expect(shortcutOf(key("s", { ctrlKey: true, altKey: true }))).toBeNull();
    expect(shortcutOf(key("a", { ctrlKey: true }))).toBeNull();
  });

  it("labels per platform", () => {
    expect(shortcutLabel("save", "Linux x86_64")).toBe("Ctrl+S");
    expect(shortcutLabel("run", "MacIntel")).toBe("⌘↵");
  });
});
