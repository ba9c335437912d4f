// Where the user put the nodes, remembered in this browser per project and view (the server
// stores no positions). Only a user's moves are saved: a fresh view is laid out automatically.
import type { XY } from "./layout";

const PREFIX = "workbench.designer.positions";

export function positionsKey(projectId: number, workflowId: number | null): string {
  return `${PREFIX}.${projectId}.${workflowId ?? "all"}`;
}

/** Stored positions, or an empty map when there are none or they cannot be read. */
export function loadPositions(key: string, storage: Storage | undefined = globalThis.localStorage): Map<string, XY> {
  const positions = new Map<string, XY>();
  try {
    const raw = storage?.getItem(key);
    if (!raw) return positions;
    const data = JSON.parse(raw) as unknown;
    if (!data || typeof data !== "object") return positions;
    for (const [id, value] of Object.entries(data as Record<string, unknown>)) {
      if (Array.isArray(value) && value.length === 2 && value.every((n) => typeof n === "number" && Number.isFinite(n))) {
        positions.set(id, { x: value[0], y: value[1] });
      }
    }
  } catch {
    // unreadable: lay out afresh
  }
  return positions;
}

/** Save every node's position (rounded to whole pixels); false when the browser refused. */
export function savePositions(
  key: string,
  nodes: { id: string; position: XY }[],
  storage: Storage | undefined = globalThis.localStorage,
): boolean {
  const data: Record<string, [number, number]> = {};
  for (const node of nodes) data[node.id] = [Math.round(node.position.x), Math.round(node.position.y)];
  try {
    storage?.setItem(key, JSON.stringify(data));
    return true;
  } catch {
    return false; // quota or privacy mode: positions last for this visit only
  }
}

export function forgetPositions(key: string, storage: Storage | undefined = globalThis.localStorage): void {
  try {
    storage?.removeItem(key);
  } catch {
    // nothing to forget
  }
}
