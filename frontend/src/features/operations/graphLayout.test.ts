import { describe, expect, it } from "vitest";

import { NODE_HEIGHT, NODE_WIDTH, layoutGraph } from "./graphLayout";

describe("layoutGraph", () => {
  it("puts upstream to the left of downstream and keeps nodes apart", () => {
    const positions = layoutGraph(
      [{ id: 1 }, { id: 2 }, { id: 3 }, { id: 4 }],
      [
        { upstream: 1, downstream: 2 },
        { upstream: 1, downstream: 3 },
        { upstream: 2, downstream: 4 },
        { upstream: 3, downstream: 4 },
        { upstream: 4, downstream: 99 },
      ],
    );
    expect(positions.size).toBe(4);
    const p = (id: number) => positions.get(id)!;
    expect(p(1).x).toBeLessThan(p(2).x);
    expect(p(2).x).toBeLessThan(p(4).x);
    expect(p(2).x).toBe(p(3).x);
    expect(Math.abs(p(2).y - p(3).y)).toBeGreaterThanOrEqual(NODE_HEIGHT);
    expect(p(2).x - p(1).x).toBeGreaterThanOrEqual(NODE_WIDTH);
  });

  it("places a lone node", () => {
    expect(layoutGraph([{ id: 5 }], []).get(5)).toEqual({ x: expect.any(Number), y: expect.any(Number) });
  });
});
