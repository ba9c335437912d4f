// The Studio's keyboard shortcuts: Ctrl/Cmd+S saves, Ctrl/Cmd+Enter runs.

export type Shortcut = "save" | "run";

export interface KeyLike {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  shiftKey: boolean;
}

export function shortcutOf(event: KeyLike): Shortcut | null {
  if (!(event.ctrlKey || event.metaKey) || event.altKey) return null;
  const key = event.key.toLowerCase();
  if (key === "s" && !event.shiftKey) return "save";
  if (key === "enter") return "run";
  return null;
}

/** "Ctrl+S" or "⌘S" for tooltips. */
export function shortcutLabel(shortcut: Shortcut, platform: string = typeof navigator !== "undefined" ? navigator.platform : ""): string {
  const mac = /mac|iphone|ipad/i.test(platform);
  const key = shortcut === "save" ? "S" : "Enter";
  return mac ? `⌘${key === "Enter" ? "↵" : key}` : `Ctrl+${key}`;
}
