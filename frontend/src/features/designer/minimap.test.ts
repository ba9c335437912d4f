import { describe, expect, it } from "vitest";

import { minimapFrame } from "./minimap";

describe("minimapFrame", () => {
  const size = { width: 200, height: 100 };

  it("fits the graph and the view, centred, keeping proportions", () => {
    const frame = minimapFrame({ x: 0, y: 0, width: 1000, height: 200 }, { x: 0, y: 0, width: 500, height: 200 }, size, 0);
    expect(frame.scale).toBeCloseTo(0.2);
    // 1000 x 200 at 0.2 is 200 x 40: centred vertically
    expect(frame.offsetX).toBeCloseTo(0);
    expect(frame.offsetY).toBeCloseTo(30);
  });

  it("includes a view that lies beside the graph", () => {
    const frame = minimapFrame({ x: 0, y: 0, width: 100, height: 100 }, { x: -300, y: 0, width: 100, height: 100 }, size, 0);
    // union: x from -300 to 100 (400 wide), 100 high -> scale 0.5 by width
    expect(frame.scale).toBeCloseTo(0.5);
    expect(frame.offsetX + -300 * frame.scale).toBeCloseTo(0);
  });

  it("works on an empty graph", () => {
    const frame = minimapFrame(null, { x: 10, y: 10, width: 400, height: 200 }, size, 0);
    expect(frame.scale).toBeCloseTo(0.5);
    expect(frame.offsetX + 10 * frame.scale).toBeCloseTo(0);
  });
});
