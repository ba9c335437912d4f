import { describe, expect, it } from "vitest";

import * as make from "../../test/factories";
import {
  chooseEngine,
  DAGRE_MAX_NODES,
  dagreLayout,
  layeredLayout,
  layoutInput,
  packColumn,
  type LayoutInput,
  type XY,
} from "./layout";
import type { ProjectGraph } from "./types";

const SIZE = { width: 200, height: 64 };

function graphOf(pairs: [number, number][], extra: Partial<ProjectGraph> = {}): ProjectGraph {
  const ids = new Set(pairs.flat());
  return {
    nodes: [...ids].map((id) => make.graphNode({ id, name: `n${id}` })),
    edges: pairs.map(([upstream, downstream], i) => ({ id: i + 1, upstream, downstream, kind: "same_cycle", source: {} })),
    external: [],
    ...extra,
  };
}

function overlaps(positions: Map<string, XY>): [string, string] | null {
  const items = [...positions.entries()].sort((a, b) => a[1].x - b[1].x || a[1].y - b[1].y);
  for (let i = 0; i < items.length; i += 1) {
    for (let j = i + 1; j < items.length && items[j][1].x < items[i][1].x + SIZE.width; j += 1) {
      const [, a] = items[i];
      const [, b] = items[j];
      if (Math.abs(a.x - b.x) < SIZE.width && Math.abs(a.y - b.y) < SIZE.height) return [items[i][0], items[j][0]];
    }
  }
  return null;
}

/** A pipeline-like project: `layers` columns of `width` nodes, each with 1-2 upstreams nearby. */
function pipeline(layers: number, width: number, seed = 7): LayoutInput {
  let state = seed;
  const random = () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
  const ids: string[] = [];
  const edges: [string, string][] = [];
  for (let l = 0; l < layers; l += 1) {
    for (let i = 0; i < width; i += 1) {
      ids.push(`${l * width + i}`);
      if (l === 0) continue;
      const count = 1 + Math.floor(random() * 2);
      for (let k = 0; k < count; k += 1) {
        const from = Math.max(0, l - 1 - (random() < 0.2 ? 1 : 0));
        edges.push([`${from * width + Math.floor(random() * width)}`, `${l * width + i}`]);
      }
    }
  }
  return { ids, edges };
}

describe("layoutInput", () => {
  it("takes every node and outside node, and each upstream -> downstream pair once", () => {
    const graph = graphOf([
      [1, 2],
      [2, 3],
    ]);
    graph.edges.push({ id: 10, upstream: 2, downstream: 3, kind: "upstream_previous_cycle", source: {} });
    graph.edges.push({ id: 11, upstream: 3, downstream: 3, kind: "self_previous_cycle", source: {} });
    graph.edges.push({ id: 12, upstream: 99, downstream: 1, kind: "same_cycle", source: {} });
    graph.edges.push({ id: 13, upstream: 98, downstream: 1, kind: "same_cycle", source: {} });
    graph.external.push({ id: 99, name: "elsewhere", project: 2, project_name: "p2", workflow: 5 });
    expect(layoutInput(graph)).toEqual({
      ids: ["1", "2", "3", "99"],
      edges: [
        ["1", "2"],
        ["2", "3"],
        ["99", "1"],
      ],
    });
  });

  it("uses dagre for small graphs and the layered layout past the limit", () => {
    const ids = (n: number) => Array.from({ length: n }, (_, i) => String(i));
    expect(chooseEngine({ ids: ids(DAGRE_MAX_NODES), edges: [] })).toBe("dagre");
    expect(chooseEngine({ ids: ids(DAGRE_MAX_NODES + 1), edges: [] })).toBe("layered");
  });
});

describe.each([
  ["dagre", dagreLayout],
  ["layered", layeredLayout],
] as const)("%s layout", (_, layout) => {
  it("puts upstreams left of their downstreams, without overlaps", () => {
    const input = layoutInput(
      graphOf([
        [1, 2],
        [1, 3],
        [2, 4],
        [3, 4],
        [4, 5],
        [6, 7],
      ]),
    );
    const at = layout(input, SIZE);
    expect([...at.keys()].sort()).toEqual(["1", "2", "3", "4", "5", "6", "7"]);
    for (const [up, down] of input.edges) expect(at.get(up)!.x).toBeLessThan(at.get(down)!.x);
    expect(overlaps(at)).toBeNull();
  });

  it("survives a loop (previous-cycle edges can form one)", () => {
    const at = layout({ ids: ["a", "b", "c"], edges: [["a", "b"], ["b", "c"], ["c", "a"]] }, SIZE);
    expect(at.size).toBe(3);
    expect(overlaps(at)).toBeNull();
  });
});

describe("layered layout", () => {
  it("keeps a chain on one line", () => {
    const at = layeredLayout({ ids: ["a", "b", "c"], edges: [["a", "b"], ["b", "c"]] }, SIZE);
    expect(new Set([...at.values()].map((p) => p.y)).size).toBe(1);
    expect([...at.values()].map((p) => p.x)).toEqual([0, 280, 560]);
  });

  it("pulls a source next to the node that reads it", () => {
    // a -> b -> c -> d, and a late source s feeding d only
    const at = layeredLayout({ ids: ["a", "b", "c", "d", "s"], edges: [["a", "b"], ["b", "c"], ["c", "d"], ["s", "d"]] }, SIZE);
    expect(at.get("s")!.x).toBe(at.get("c")!.x);
  });

  it("shelves separate pipelines without overlaps", () => {
    const ids = Array.from({ length: 60 }, (_, i) => String(i));
    const edges: [string, string][] = [];
    for (let i = 0; i < 60; i += 3) edges.push([String(i), String(i + 1)], [String(i + 1), String(i + 2)]);
    const at = layeredLayout({ ids, edges }, SIZE);
    expect(at.size).toBe(60);
    expect(overlaps(at)).toBeNull();
  });

  it("lays out a 2,000-node pipeline quickly and cleanly", () => {
    const input = pipeline(20, 100);
    const started = performance.now();
    const at = layeredLayout(input, SIZE);
    const took = performance.now() - started;
    expect(at.size).toBe(2000);
    for (const [up, down] of input.edges) expect(at.get(up)!.x).toBeLessThan(at.get(down)!.x);
    expect(overlaps(at)).toBeNull();
    expect(took).toBeLessThan(1000); // typically 20-60 ms; dagre takes seconds here
  });
});

describe("packColumn", () => {
  it("keeps wanted positions that already leave room", () => {
    expect(packColumn([0, 100, 300], 50)).toEqual([0, 100, 300]);
  });

  it("spreads a crowd evenly around where it wanted to be", () => {
    expect(packColumn([0, 0, 0], 10)).toEqual([-10, 0, 10]);
    expect(packColumn([0, 5, 100], 20)).toEqual([-7.5, 12.5, 100]);
  });
});
