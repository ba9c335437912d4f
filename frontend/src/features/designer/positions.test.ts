import { afterEach, describe, expect, it } from "vitest";

import { forgetPositions, loadPositions, positionsKey, savePositions } from "./positions";

afterEach(() => window.localStorage.clear());

describe("remembered positions", () => {
  it("are kept per project and view", () => {
    expect(positionsKey(3, null)).toBe("workbench.designer.positions.3.all");
    expect(positionsKey(3, 8)).toBe("workbench.designer.positions.3.8");
  });

  it("round-trip through the browser's storage, in whole pixels", () => {
    const key = positionsKey(1, null);
    expect(loadPositions(key).size).toBe(0);
    expect(savePositions(key, [{ id: "4", position: { x: 10.4, y: -3.6 } }])).toBe(true);
    expect(loadPositions(key)).toEqual(new Map([["4", { x: 10, y: -4 }]]));
    forgetPositions(key);
    expect(loadPositions(key).size).toBe(0);
  });

  it("ignore what they cannot read", () => {
    const key = positionsKey(1, 2);
    window.localStorage.setItem(key, "{not json");
    expect(loadPositions(key).size).toBe(0);
    window.localStorage.setItem(key, JSON.stringify({ a: [1, 2], b: "x", c: [1], d: [1, null] }));
    expect(loadPositions(key)).toEqual(new Map([["a", { x: 1, y: 2 }]]));
  });

  it("report a browser that refuses to store", () => {
    const full = { setItem: () => { throw new Error("QuotaExceededError"); } } as unknown as Storage;
    expect(savePositions("k", [{ id: "1", position: { x: 0, y: 0 } }], full)).toBe(false);
  });
});
