// Which tabs were open in each project, kept in this browser so that a reload brings them back.
// Only the node ids and the active one are kept: the content is loaded from the server again.
import { EMPTY_TABS, type StudioTabs } from "./tabs";

export const TABS_STORAGE_KEY = "workbench.studio.tabs";

interface StoredTabs {
  tabs: number[];
  active: number | null;
}

const isId = (value: unknown): value is number => Number.isInteger(value) && (value as number) > 0;

/** The tabs stored by `storeTabs`; anything unreadable is ignored rather than breaking the page. */
export function restoreTabs(storage: Pick<Storage, "getItem"> = localStorage): StudioTabs {
  let parsed: unknown;
  try {
    parsed = JSON.parse(storage.getItem(TABS_STORAGE_KEY) ?? "{}");
  } catch {
    return {};
  }
  if (!parsed || typeof parsed !== "object") return {};
  const state: StudioTabs = {};
  for (const [project, stored] of Object.entries(parsed as Record<string, Partial<StoredTabs>>)) {
    const ids = Array.isArray(stored?.tabs) ? [...new Set(stored.tabs.filter(isId))] : [];
    if (!isId(Number(project)) || ids.length === 0) continue;
    const active = isId(stored.active) && ids.includes(stored.active) ? stored.active : ids[0];
    state[Number(project)] = {
      ...EMPTY_TABS,
      tabs: ids.map((nodeId) => ({ nodeId, meta: null, saved: null, draft: null })),
      active,
    };
  }
  return state;
}

export function storeTabs(state: StudioTabs, storage: Pick<Storage, "setItem"> = localStorage): void {
  const stored: Record<number, StoredTabs> = {};
  for (const [project, tabs] of Object.entries(state)) {
    if (tabs.tabs.length) stored[Number(project)] = { tabs: tabs.tabs.map((tab) => tab.nodeId), active: tabs.active };
  }
  try {
    storage.setItem(TABS_STORAGE_KEY, JSON.stringify(stored));
  } catch {
    // A full or disabled storage only loses the restore after a reload.
  }
}
