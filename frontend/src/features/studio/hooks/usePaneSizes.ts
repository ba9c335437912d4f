import { useCallback, useState } from "react";

const PREFIX = "workbench.studio.panes.";

/** Sizes of a split layout's panes (pixels), remembered in this browser under `name`. `fallback`
 * holds the first layout's sizes; a stored layout with another number of panes is ignored. */
export function readPaneSizes(name: string, fallback: (number | string)[], storage: Pick<Storage, "getItem"> = localStorage) {
  try {
    const stored: unknown = JSON.parse(storage.getItem(PREFIX + name) ?? "null");
    if (Array.isArray(stored) && stored.length === fallback.length && stored.every((size) => typeof size === "number" && size > 0)) {
      return stored as number[];
    }
  } catch {
    // fall back to the default layout
  }
  return fallback;
}

export function usePaneSizes(name: string, fallback: (number | string)[]) {
  const [sizes] = useState(() => readPaneSizes(name, fallback));
  const remember = useCallback(
    (next: number[]) => {
      try {
        localStorage.setItem(PREFIX + name, JSON.stringify(next.map(Math.round)));
      } catch {
        // A full or disabled storage only loses the layout after a reload.
      }
    },
    [name],
  );
  return { sizes, remember };
}
