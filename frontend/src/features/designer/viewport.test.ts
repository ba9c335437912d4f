import { describe, expect, it } from "vitest";

import { BIG_GRAPH, BIG_START_ZOOM, bigGraphStart } from "./viewport";

describe("bigGraphStart", () => {
  it("fits a graph of ordinary size", () => {
    expect(bigGraphStart([{ x: 0, y: 0 }], 900)).toBeUndefined();
  });

  it("opens a big graph on its leftmost, then topmost node, a third of the way down", () => {
    const positions = Array.from({ length: BIG_GRAPH + 1 }, (_, i) => ({ x: 100 + (i % 7) * 10, y: 500 - i }));
    positions.push({ x: 100, y: -40 });
    const start = bigGraphStart(positions, 900)!;
    expect(start.zoom).toBe(BIG_START_ZOOM);
    expect(start.x).toBe(24 - 100 * BIG_START_ZOOM);
    expect(start.y).toBe((900 - 170) / 3 + 40 * BIG_START_ZOOM);
  });
});
