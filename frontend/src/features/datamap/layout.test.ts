import { describe, expect, it } from "vitest";

import { VERTEX_HEIGHT, VERTEX_WIDTH, layoutLevels } from "./layout";

describe("layoutLevels", () => {
  it("puts upstream levels left, downstream right, each column centred", () => {
    const positions = layoutLevels([
      { id: "start", level: 0 },
      { id: "a", level: -1 },
      { id: "b", level: 1 },
      { id: "c", level: 1 },
    ]);
    expect(positions.get("start")).toEqual({ x: 0, y: -VERTEX_HEIGHT / 2 });
    expect(positions.get("a")!.x).toBeLessThan(0);
    expect(positions.get("b")!.x).toBeGreaterThanOrEqual(VERTEX_WIDTH);
    expect(positions.get("b")!.x).toBe(positions.get("c")!.x);
    expect(positions.get("c")!.y).toBeGreaterThan(positions.get("b")!.y);
    expect(positions.get("b")!.y + positions.get("c")!.y + VERTEX_HEIGHT).toBe(0);
  });
});
