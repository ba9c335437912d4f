// The Studio's open tabs: which nodes are open, their saved and edited values, which is active.
import { changedFields, sameValue } from "./draft";
import type { Draft, NodeType } from "./types";

export interface TabMeta {
  name: string;
  type: NodeType;
  deployedVersion: number | null;
  latestVersion: number | null;
}

export interface Tab {
  nodeId: number;
  meta: TabMeta | null;
  /** What the server has; null until the node has loaded. */
  saved: Draft | null;
  /** What the editor shows; null until loaded. */
  draft: Draft | null;
}

export interface TabsState {
  tabs: Tab[];
  active: number | null;
}

export const EMPTY_TABS: TabsState = { tabs: [], active: null };

export type TabsAction =
  | { type: "open"; nodeId: number }
  | { type: "activate"; nodeId: number | null }
  | { type: "loaded"; nodeId: number; meta: TabMeta; values: Draft }
  | { type: "edit"; nodeId: number; patch: Partial<Draft> }
  | { type: "saved"; nodeId: number; sent: Draft; meta: TabMeta; values: Draft }
  | { type: "revert"; nodeId: number }
  | { type: "meta"; nodeId: number; meta: Partial<TabMeta> }
  | { type: "close"; nodeId: number };

export function isDirty(tab: Tab | undefined | null): boolean {
  return Boolean(tab?.saved && tab.draft && changedFields(tab.saved, tab.draft).length > 0);
}

export function dirtyTabs(state: TabsState): Tab[] {
  return state.tabs.filter(isDirty);
}

export function findTab(state: TabsState, nodeId: number | null): Tab | undefined {
  return nodeId === null ? undefined : state.tabs.find((tab) => tab.nodeId === nodeId);
}

function update(state: TabsState, nodeId: number, change: (tab: Tab) => Tab): TabsState {
  let touched = false;
  const tabs = state.tabs.map((tab) => {
    if (tab.nodeId !== nodeId) return tab;
    touched = true;
    return change(tab);
  });
  return touched ? { ...state, tabs } : state;
}

/** The tab to show after closing `nodeId`: its right neighbour, else its left one. */
export function neighbourAfterClose(state: TabsState, nodeId: number): number | null {
  const index = state.tabs.findIndex((tab) => tab.nodeId === nodeId);
  if (index < 0) return state.active;
  if (state.active !== nodeId) return state.active;
  const next = state.tabs[index + 1] ?? state.tabs[index - 1];
  return next ? next.nodeId : null;
}

export function tabsReducer(state: TabsState, action: TabsAction): TabsState {
  switch (action.type) {
    case "open":
      if (findTab(state, action.nodeId)) return state.active === action.nodeId ? state : { ...state, active: action.nodeId };
      return {
        tabs: [...state.tabs, { nodeId: action.nodeId, meta: null, saved: null, draft: null }],
        active: action.nodeId,
      };
    case "activate":
      if (action.nodeId !== null && !findTab(state, action.nodeId)) return state;
      return state.active === action.nodeId ? state : { ...state, active: action.nodeId };
    case "loaded":
      // A reload (after a restore, or a refetch) must not throw away edits in progress.
      return update(state, action.nodeId, (tab) => ({
        ...tab,
        meta: action.meta,
        saved: action.values,
        draft: tab.draft && isDirty(tab) ? tab.draft : action.values,
      }));
    case "edit":
      return update(state, action.nodeId, (tab) =>
        tab.draft ? { ...tab, draft: { ...tab.draft, ...action.patch } } : tab,
      );
    case "saved":
      // Edits typed while the save was on its way stay as unsaved changes.
      return update(state, action.nodeId, (tab) => ({
        ...tab,
        meta: action.meta,
        saved: action.values,
        draft: !tab.draft || sameValue(tab.draft, action.sent) ? action.values : tab.draft,
      }));
    case "revert":
      return update(state, action.nodeId, (tab) => ({ ...tab, draft: tab.saved }));
    case "meta":
      return update(state, action.nodeId, (tab) => (tab.meta ? { ...tab, meta: { ...tab.meta, ...action.meta } } : tab));
    case "close": {
      if (!findTab(state, action.nodeId)) return state;
      return {
        tabs: state.tabs.filter((tab) => tab.nodeId !== action.nodeId),
        active: neighbourAfterClose(state, action.nodeId),
      };
    }
    default:
      return state;
  }
}

/** Tabs of every project, so that switching projects and back keeps unsaved work. */
export type StudioTabs = Record<number, TabsState>;

export function studioReducer(state: StudioTabs, action: TabsAction & { projectId: number }): StudioTabs {
  const { projectId, ...rest } = action;
  const before = state[projectId] ?? EMPTY_TABS;
  const after = tabsReducer(before, rest as TabsAction);
  return after === before ? state : { ...state, [projectId]: after };
}
