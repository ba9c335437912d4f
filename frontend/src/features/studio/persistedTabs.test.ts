import { describe, expect, it } from "vitest";

import { restoreTabs, storeTabs, TABS_STORAGE_KEY } from "./persistedTabs";
import { studioReducer, type StudioTabs } from "./tabs";

function memory() {
  const items = new Map<string, string>();
  return {
    getItem: (key: string) => items.get(key) ?? null,
    setItem: (key: string, value: string) => void items.set(key, value),
  };
}

describe("tabs kept across a reload", () => {
  it("brings back each project's open tabs and the active one, without their content", () => {
    let state: StudioTabs = {};
    for (const nodeId of [5, 7, 9]) state = studioReducer(state, { type: "open", nodeId, projectId: 1 });
    state = studioReducer(state, { type: "activate", nodeId: 7, projectId: 1 });
    state = studioReducer(state, { type: "open", nodeId: 3, projectId: 2 });
    const storage = memory();
    storeTabs(state, storage);

    const restored = restoreTabs(storage);
    expect(restored[1].tabs.map((tab) => tab.nodeId)).toEqual([5, 7, 9]);
    expect(restored[1].active).toBe(7);
    expect(restored[1].tabs[0]).toEqual({ nodeId: 5, meta: null, saved: null, draft: null });
    expect(restored[2].active).toBe(3);
  });

  it("ignores what it cannot read and an active tab that is not open", () => {
    const storage = memory();
    storage.setItem(TABS_STORAGE_KEY, "not json");
    expect(restoreTabs(storage)).toEqual({});
    storage.setItem(TABS_STORAGE_KEY, JSON.stringify({ 1: { tabs: [4, "x", 4, -1], active: 8 }, x: { tabs: [1] }, 2: { tabs: [] } }));
    const restored = restoreTabs(storage);
    expect(Object.keys(restored)).toEqual(["1"]);
    expect(restored[1].tabs.map((tab) => tab.nodeId)).toEqual([4]);
    expect(restored[1].active).toBe(4);
  });

  it("forgets a project once its last tab is closed", () => {
    let state: StudioTabs = studioReducer({}, { type: "open", nodeId: 5, projectId: 1 });
    state = studioReducer(state, { type: "close", nodeId: 5, projectId: 1 });
    const storage = memory();
    storeTabs(state, storage);
    expect(restoreTabs(storage)).toEqual({});
  });
});
