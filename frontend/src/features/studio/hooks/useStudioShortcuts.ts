import { useEffect, useRef } from "react";

import { shortcutOf } from "../shortcuts";

interface Handlers {
  save: (nodeId: number) => unknown;
  run: (nodeId: number) => unknown;
  /** The node of the active tab, if any. */
  activeId: number | null;
}

/** Ctrl/Cmd+S saves and Ctrl/Cmd+Enter runs the active tab's node, also inside the editor. */
export function useStudioShortcuts(handlers: Handlers) {
  const current = useRef(handlers);
  current.current = handlers;
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const shortcut = shortcutOf(event);
      if (!shortcut) return;
      event.preventDefault();
      event.stopPropagation();
      const { activeId: id, save, run } = current.current;
      if (id === null) return;
      if (shortcut === "save") void save(id);
      else void run(id);
    };
    window.addEventListener("keydown", onKey, true);
    return () => window.removeEventListener("keydown", onKey, true);
  }, []);
}
