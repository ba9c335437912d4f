// Left-to-right auto-layout. Small graphs go through dagre; big ones through a linear-time
// layered layout of our own, because the canvas must be up within 1.5 s and on a 2,000-node
// pipeline dagre's ranking and ordering take seconds (network simplex: about 40 s) and elkjs's
// layered algorithm 1.6-4.7 s in Node (fastest with the simplest placement and one sweep).
import dagre from "@dagrejs/dagre";

import type { ProjectGraph } from "./types";

export interface XY {
  x: number;
  y: number;
}

/** What the layout sees: node ids and upstream -> downstream pairs (no self loops, no repeats). */
export interface LayoutInput {
  ids: string[];
  edges: [string, string][];
}

export interface LayoutOptions {
  width: number;
  height: number;
  /** Gap between two nodes of one column. */
  nodeGap?: number;
  /** Gap between two columns. */
  rankGap?: number;
}

export type LayoutEngine = "dagre" | "layered";

/** Up to this many nodes dagre is quick enough (about 100-300 ms); past it, the layered layout. */
export const DAGRE_MAX_NODES = 300;

/** The layout input of a project graph: its nodes, the outside nodes it touches, every edge. */
export function layoutInput(graph: ProjectGraph): LayoutInput {
  const ids = [...graph.nodes.map((node) => String(node.id)), ...graph.external.map((node) => String(node.id))];
  const known = new Set(ids);
  const seen = new Set<string>();
  const edges: [string, string][] = [];
  for (const edge of graph.edges) {
    const up = String(edge.upstream);
    const down = String(edge.downstream);
    if (up === down || !known.has(up) || !known.has(down)) continue;
    const key = `${up}>${down}`;
    if (seen.has(key)) continue; // a same-cycle and a previous-cycle edge between the same pair
    seen.add(key);
    edges.push([up, down]);
  }
  return { ids, edges };
}

export function chooseEngine(input: LayoutInput): LayoutEngine {
  return input.ids.length <= DAGRE_MAX_NODES ? "dagre" : "layered";
}

/** Top-left positions (React Flow's convention) of every node, upstream on the left. */
export function layoutPositions(
  input: LayoutInput,
  options: LayoutOptions,
  engine: LayoutEngine = chooseEngine(input),
): Map<string, XY> {
  return engine === "dagre" ? dagreLayout(input, options) : layeredLayout(input, options);
}

export function dagreLayout(input: LayoutInput, { width, height, nodeGap = 24, rankGap = 80 }: LayoutOptions): Map<string, XY> {
  const graph = new dagre.graphlib.Graph();
  graph.setGraph({
    rankdir: "LR",
    nodesep: nodeGap,
    ranksep: rankGap,
    marginx: 0,
    marginy: 0,
    // network simplex gives the tidiest ranks but grows fast; tight-tree is close and quicker
    ranker: input.ids.length <= 120 ? "network-simplex" : "tight-tree",
  });
  graph.setDefaultEdgeLabel(() => ({}));
  for (const id of input.ids) graph.setNode(id, { width, height });
  for (const [up, down] of input.edges) graph.setEdge(up, down);
  dagre.layout(graph);
  const positions = new Map<string, XY>();
  for (const id of input.ids) {
    const placed = graph.node(id) as { x: number; y: number } | undefined;
    positions.set(id, placed ? { x: placed.x - width / 2, y: placed.y - height / 2 } : { x: 0, y: 0 });
  }
  return positions;
}

// --- the layered layout --------------------------------------------------------------------

/**
 * Minimal-movement placement of an ordered column: positions as close as possible (least
 * squares) to `wanted` while keeping the order and at least `gap` between neighbours. Pool
 * adjacent violators on z_i = y_i - i * gap, which must be non-decreasing.
 */
export function packColumn(wanted: number[], gap: number): number[] {
  const blocks: { sum: number; count: number }[] = [];
  wanted.forEach((value, index) => {
    blocks.push({ sum: value - index * gap, count: 1 });
    while (blocks.length > 1) {
      const last = blocks[blocks.length - 1];
      const before = blocks[blocks.length - 2];
      if (before.sum / before.count <= last.sum / last.count) break;
      before.sum += last.sum;
      before.count += last.count;
      blocks.pop();
    }
  });
  const out: number[] = [];
  for (const block of blocks) {
    const mean = block.sum / block.count;
    for (let k = 0; k < block.count; k += 1) out.push(mean + out.length * gap);
  }
  return out;
}

interface Component {
  nodes: number[];
  width: number;
  height: number;
  /** Positions relative to the component's top-left corner. */
  local: Map<number, XY>;
}

function components(count: number, ups: number[][], downs: number[][]): number[][] {
  const seen = new Uint8Array(count);
  const out: number[][] = [];
  for (let start = 0; start < count; start += 1) {
    if (seen[start]) continue;
    const members: number[] = [];
    const stack = [start];
    seen[start] = 1;
    while (stack.length) {
      const v = stack.pop()!;
      members.push(v);
      for (const w of [...ups[v], ...downs[v]]) {
        if (!seen[w]) {
          seen[w] = 1;
          stack.push(w);
        }
      }
    }
    out.push(members.sort((a, b) => a - b));
  }
  return out;
}

/** Ranks by longest path from the sources; edges that would close a loop are ignored. */
function ranks(members: number[], downs: number[][]): Map<number, number> {
  const inComponent = new Set(members);
  // Depth-first search drops back edges (only previous-cycle edges can form loops).
  const state = new Map<number, 1 | 2>();
  const kept = new Map<number, number[]>(); // node -> kept upstreams
  for (const v of members) kept.set(v, []);
  const order: number[] = []; // post-order
  for (const root of members) {
    if (state.has(root)) continue;
    const stack: [number, number][] = [[root, 0]];
    state.set(root, 1);
    while (stack.length) {
      const top = stack[stack.length - 1];
      const [v, i] = top;
      const next = downs[v];
      if (i < next.length) {
        top[1] += 1;
        const w = next[i];
        if (!inComponent.has(w)) continue;
        const seen = state.get(w);
        if (seen === 1) continue; // back edge: leave it out of the ranking
        kept.get(w)!.push(v);
        if (seen === undefined) {
          state.set(w, 1);
          stack.push([w, 0]);
        }
      } else {
        state.set(v, 2);
        order.push(v);
        stack.pop();
      }
    }
  }
  order.reverse(); // a topological order of the kept edges
  const rank = new Map<number, number>();
  for (const v of order) {
    let r = 0;
    for (const u of kept.get(v)!) r = Math.max(r, (rank.get(u) ?? 0) + 1);
    rank.set(v, r);
  }
  // Then pull every node that has downstreams right, next to the nearest one (as late as
  // possible): a table loaded for one report sits by that report, and a workflow that reads
  // another one's output starts after it as a whole instead of straddling it.
  const keptDowns = new Map<number, number[]>();
  for (const v of members) keptDowns.set(v, []);
  for (const v of members) for (const u of kept.get(v)!) keptDowns.get(u)!.push(v);
  for (let k = order.length - 1; k >= 0; k -= 1) {
    const v = order[k];
    const downstreams = keptDowns.get(v)!;
    if (!downstreams.length) continue;
    let nearest = Infinity;
    for (const w of downstreams) nearest = Math.min(nearest, rank.get(w)!);
    rank.set(v, nearest - 1);
  }
  return rank;
}

function layoutComponent(
  members: number[],
  ups: number[][],
  downs: number[][],
  { width, height, nodeGap = 24, rankGap = 80 }: LayoutOptions,
): Component {
  const rank = ranks(members, downs);
  const columns: number[][] = [];
  // Initial order: depth-first from the sources, so that a chain stays on one line.
  const visited = new Set<number>();
  const sources = members.filter((v) => rank.get(v) === 0);
  const visit = (start: number) => {
    const stack = [start];
    while (stack.length) {
      const v = stack.pop()!;
      if (visited.has(v) || !rank.has(v)) continue;
      visited.add(v);
      (columns[rank.get(v)!] ??= []).push(v);
      for (let i = downs[v].length - 1; i >= 0; i -= 1) stack.push(downs[v][i]);
    }
  };
  for (const v of sources) visit(v);
  for (const v of members) visit(v);
  for (let r = 0; r < columns.length; r += 1) columns[r] ??= [];

  const step = height + nodeGap;
  const y = new Map<number, number>();
  const place = () => columns.forEach((column) => column.forEach((v, i) => y.set(v, i * step)));
  place();

  // Barycentre sweeps: order each column by the mean position of its neighbours in the
  // previous column(s), down then up.
  const sweep = (direction: 1 | -1) => {
    const first = direction === 1 ? 1 : columns.length - 2;
    for (let r = first; r >= 0 && r < columns.length; r += direction) {
      const column = columns[r];
      const keyed = column.map((v, i) => {
        const neighbours = direction === 1 ? ups[v] : downs[v];
        let sum = 0;
        let count = 0;
        for (const w of neighbours) {
          const at = y.get(w);
          if (at === undefined || !rank.has(w)) continue;
          if ((rank.get(w)! - r) * direction >= 0) continue; // only already-placed columns
          sum += at;
          count += 1;
        }
        return { v, key: count ? sum / count : y.get(v)!, i };
      });
      keyed.sort((a, b) => a.key - b.key || a.i - b.i);
      columns[r] = keyed.map((item) => item.v);
      // y in the column: as close to the barycentres as the order and spacing allow
      const packed = packColumn(
        keyed.map((item) => item.key),
        step,
      );
      columns[r].forEach((v, i) => y.set(v, packed[i]));
    }
  };
  for (let pass = 0; pass < 2; pass += 1) {
    sweep(1);
    sweep(-1);
  }
  sweep(1);

  let minY = Infinity;
  let maxY = -Infinity;
  for (const v of members) {
    minY = Math.min(minY, y.get(v)!);
    maxY = Math.max(maxY, y.get(v)!);
  }
  const local = new Map<number, XY>();
  for (const v of members) local.set(v, { x: rank.get(v)! * (width + rankGap), y: y.get(v)! - minY });
  return {
    nodes: members,
    width: columns.length * (width + rankGap) - rankGap,
    height: maxY - minY + height,
    local,
  };
}

/**
 * A Sugiyama-style layout in roughly linear time: each weakly connected part is ranked by
 * longest path, ordered by barycentre sweeps and packed; the parts are then shelved, biggest
 * first, in rows no wider than the widest part (or 8 columns).
 */
export function layeredLayout(input: LayoutInput, options: LayoutOptions): Map<string, XY> {
  const { width, nodeGap = 24, rankGap = 80 } = options;
  const index = new Map(input.ids.map((id, i) => [id, i]));
  const ups: number[][] = input.ids.map(() => []);
  const downs: number[][] = input.ids.map(() => []);
  for (const [up, down] of input.edges) {
    const a = index.get(up);
    const b = index.get(down);
    if (a === undefined || b === undefined || a === b) continue;
    downs[a].push(b);
    ups[b].push(a);
  }
  const parts = components(input.ids.length, ups, downs)
    .map((members) => layoutComponent(members, ups, downs, options))
    .sort((a, b) => b.height * b.width - a.height * a.width || a.nodes[0] - b.nodes[0]);

  const partGap = Math.max(nodeGap * 2, 40);
  const rowWidth = Math.max(8 * (width + rankGap), ...parts.map((part) => part.width));
  const positions = new Map<string, XY>();
  let x = 0;
  let y = 0;
  let rowHeight = 0;
  for (const part of parts) {
    if (x > 0 && x + part.width > rowWidth) {
      x = 0;
      y += rowHeight + partGap;
      rowHeight = 0;
    }
    for (const v of part.nodes) {
      const at = part.local.get(v)!;
      positions.set(input.ids[v], { x: x + at.x, y: y + at.y });
    }
    x += part.width + rankGap;
    rowHeight = Math.max(rowHeight, part.height);
  }
  return positions;
}
