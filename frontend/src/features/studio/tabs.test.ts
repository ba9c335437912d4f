import { describe, expect, it } from "vitest";

import * as make from "../../test/factories";
import { changedFields, draftFromNode, savePlan } from "./draft";
import { EMPTY_TABS, dirtyTabs, isDirty, studioReducer, tabsReducer, type TabMeta, type TabsState } from "./tabs";
import type { Draft } from "./types";

const draft = (over: Partial<Draft> = {}): Draft => ({ ...draftFromNode(make.node(), []), ...over });
const meta: TabMeta = { name: "n", type: "sql", deployedVersion: null, latestVersion: 1 };

function opened(...ids: number[]): TabsState {
  let state = EMPTY_TABS;
  for (const id of ids) {
    state = tabsReducer(state, { type: "open", nodeId: id });
    state = tabsReducer(state, { type: "loaded", nodeId: id, meta, values: draft() });
  }
  return state;
}

describe("tabsReducer", () => {
  it("opens each node once and activates it", () => {
    let state = tabsReducer(EMPTY_TABS, { type: "open", nodeId: 1 });
    state = tabsReducer(state, { type: "open", nodeId: 2 });
    state = tabsReducer(state, { type: "open", nodeId: 1 });
    expect(state.tabs.map((t) => t.nodeId)).toEqual([1, 2]);
    expect(state.active).toBe(1);
    expect(state.tabs[0].draft).toBeNull();
  });

  it("marks a tab dirty after an edit and clean after undoing it", () => {
    let state = opened(1);
    expect(isDirty(state.tabs[0])).toBe(false);
    state = tabsReducer(state, { type: "edit", nodeId: 1, patch: { code: "select 2" } });
    expect(isDirty(state.tabs[0])).toBe(true);
    expect(dirtyTabs(state).map((t) => t.nodeId)).toEqual([1]);
    state = tabsReducer(state, { type: "edit", nodeId: 1, patch: { code: "select 1" } });
    expect(isDirty(state.tabs[0])).toBe(false);
  });

  it("keeps edits typed while a save was on its way", () => {
    let state = opened(1);
    state = tabsReducer(state, { type: "edit", nodeId: 1, patch: { code: "v2" } });
    const sent = state.tabs[0].draft!;
    state = tabsReducer(state, { type: "edit", nodeId: 1, patch: { code: "v3" } });
    state = tabsReducer(state, { type: "saved", nodeId: 1, sent, meta: { ...meta, latestVersion: 2 }, values: draft({ code: "v2" }) });
    expect(state.tabs[0].saved!.code).toBe("v2");
    expect(state.tabs[0].draft!.code).toBe("v3");
    expect(state.tabs[0].meta!.latestVersion).toBe(2);
    expect(isDirty(state.tabs[0])).toBe(true);
  });

  it("is clean after a save of exactly what the editor holds", () => {
    let state = opened(1);
    state = tabsReducer(state, { type: "edit", nodeId: 1, patch: { retries: 3 } });
    const sent = state.tabs[0].draft!;
    state = tabsReducer(state, { type: "saved", nodeId: 1, sent, meta, values: draft({ retries: 3 }) });
    expect(isDirty(state.tabs[0])).toBe(false);
  });

  it("does not lose edits when the node reloads, and reverts on request", () => {
    let state = opened(1);
    state = tabsReducer(state, { type: "edit", nodeId: 1, patch: { code: "mine" } });
    state = tabsReducer(state, { type: "loaded", nodeId: 1, meta, values: draft({ cron: "5 5 * * *" }) });
    expect(state.tabs[0].draft!.code).toBe("mine");
    expect(state.tabs[0].saved!.cron).toBe("5 5 * * *");
    state = tabsReducer(state, { type: "revert", nodeId: 1 });
    expect(state.tabs[0].draft).toEqual(draft({ cron: "5 5 * * *" }));
  });

  it("activates a neighbour when the active tab closes", () => {
    let state = opened(1, 2, 3);
    state = tabsReducer(state, { type: "activate", nodeId: 2 });
    state = tabsReducer(state, { type: "close", nodeId: 2 });
    expect(state).toMatchObject({ active: 3 });
    state = tabsReducer(state, { type: "close", nodeId: 3 });
    expect(state.active).toBe(1);
    state = tabsReducer(state, { type: "close", nodeId: 1 });
    expect(state).toEqual({ tabs: [], active: null });
  });

  it("keeps the active tab when another one closes", () => {
    let state = opened(1, 2, 3);
    state = tabsReducer(state, { type: "close", nodeId: 1 });
    expect(state.active).toBe(3);
  });

  it("keeps tabs per project", () => {
    let studio = studioReducer({}, { projectId: 1, type: "open", nodeId: 5 });
    studio = studioReducer(studio, { projectId: 2, type: "open", nodeId: 9 });
    expect(studio[1].tabs.map((t) => t.nodeId)).toEqual([5]);
    expect(studio[2].tabs.map((t) => t.nodeId)).toEqual([9]);
    expect(studioReducer(studio, { projectId: 1, type: "activate", nodeId: 5 })).toBe(studio);
  });
});

describe("save plan", () => {
  it("sends only what changed, and upstreams separately", () => {
    const saved = draft({ upstreams: [{ node: 1, name: "a", kind: "same_cycle" }] });
    const edited = draft({
      code: "select 2",
      parameters: { d: "${yyyymmdd}" },
      upstreams: [
        { node: 2, name: "b", kind: "same_cycle" },
        { node: 1, name: "a", kind: "same_cycle" },
      ],
    });
    expect(changedFields(saved, edited)).toEqual(["code", "parameters", "upstreams"]);
    expect(savePlan(saved, edited)).toEqual({
      patch: { code: "select 2", parameters: { d: "${yyyymmdd}" } },
      upstreams: [
        { node: 1, name: "a", kind: "same_cycle" },
        { node: 2, name: "b", kind: "same_cycle" },
      ],
    });
  });

  it("treats the same upstreams in another order as no change", () => {
    const a = draft({ upstreams: [{ node: 1, name: "a", kind: "same_cycle" }, { node: 2, name: "b", kind: "same_cycle" }] });
    const b = draft({ upstreams: [{ node: 2, name: "b", kind: "same_cycle" }, { node: 1, name: "a", kind: "same_cycle" }] });
    expect(changedFields(a, b)).toEqual([]);
    expect(savePlan(a, b)).toEqual({ patch: {}, upstreams: null });
  });
});

describe("upstreams with their lineage reason and a self dependency", () => {
  it("saves an accepted proposal with its table and line, and a self dependency", () => {
    const saved = draft();
    const edited = draft({
      upstreams: [
        { node: 4, name: "orders", kind: "same_cycle", source: { table: "dw.orders", line: 3 } },
        { node: 9, name: "its own previous cycle", kind: "self_previous_cycle" },
      ],
    });
    expect(savePlan(saved, edited).upstreams).toEqual([
      { node: 4, name: "orders", kind: "same_cycle", source: { table: "dw.orders", line: 3 } },
      { node: 9, name: "its own previous cycle", kind: "self_previous_cycle" },
    ]);
    const moved = draft({ upstreams: [{ node: 4, name: "orders", kind: "same_cycle", source: { table: "dw.orders", line: 5 } }] });
    expect(changedFields(draft({ upstreams: [edited.upstreams[0]] }), moved)).toEqual(["upstreams"]);
  });
});

describe("schedule policies and dialect", () => {
  it("saves changed policies and a dialect override", () => {
    const edited = draft({ catch_up: "latest", dst_gap: "skip", parameter_dialect: "dolphinscheduler" });
    expect(savePlan(draft(), edited).patch).toEqual({ catch_up: "latest", dst_gap: "skip", parameter_dialect: "dolphinscheduler" });
  });
});

describe("bound data sources", () => {
  it("saves a changed list of data sources the code connects to", () => {
    const saved = draft();
    const edited = draft({ uses_datasources: [3, 7] });
    expect(changedFields(saved, edited)).toEqual(["uses_datasources"]);
    expect(savePlan(saved, edited).patch).toEqual({ uses_datasources: [3, 7] });
    expect(changedFields(edited, draft({ uses_datasources: [3, 7] }))).toEqual([]);
  });
});
