import { describe, expect, it } from "vitest";

import * as make from "../../test/factories";
import {
  buildEdges,
  buildNodes,
  dependencyId,
  edgeReason,
  externalName,
  inboundUpstream,
  NODE_HEIGHT,
  NODE_WIDTH,
  refusedEdge,
  selfDependencyOf,
  STATIC_HANDLES,
  withEdge,
  withNode,
  withoutEdges,
  type DesignerFlowNode,
  type ExternalFlowNode,
} from "./graph";
import type { GraphNode, ProjectGraph } from "./types";

function node(id: number, name: string, extra: Partial<GraphNode> = {}): GraphNode {
  return make.graphNode({ id, name, owner: 3, ...extra });
}

const GRAPH: ProjectGraph = {
  nodes: [node(1, "load"), node(2, "clean", { type: "python", deployed: true, deployed_version: 4 }), node(3, "report")],
  edges: [
    { id: 10, upstream: 1, downstream: 2, kind: "same_cycle", source: {} },
    { id: 11, upstream: 2, downstream: 3, kind: "same_cycle", source: {} },
    { id: 12, upstream: 3, downstream: 3, kind: "self_previous_cycle", source: {} },
    { id: 13, upstream: 1, downstream: 3, kind: "upstream_previous_cycle", source: {} },
    { id: 14, upstream: 50, downstream: 1, kind: "same_cycle", source: {} },
  ],
  external: [{ id: 50, name: "ods_users", project: 7, project_name: "dw", workflow: 9 }],
};

describe("inboundUpstream", () => {
  const graph: ProjectGraph = {
    ...GRAPH,
    edges: [...GRAPH.edges, { id: 15, upstream: 1, downstream: 60, kind: "same_cycle", source: {} }, { id: 16, upstream: 2, downstream: 61, kind: "same_cycle", source: {} }],
    external: [
      ...GRAPH.external,
      { id: 60, name: null, project: null, project_name: null, workflow: null },
      { id: 61, name: "report_b", project: 8, project_name: "bi", workflow: 3 },
    ],
  };

  it("names the upstream of an edge by which another project depends on this one", () => {
    expect(inboundUpstream({ source: "1", target: "60" }, graph, 7)).toBe(1);
    expect(inboundUpstream({ source: "2", target: "61" }, graph, 7)).toBe(2);
  });

  it("is null for the project's own edges and for edges coming from elsewhere", () => {
    expect(inboundUpstream({ source: "1", target: "2" }, graph, 7)).toBeNull();
    expect(inboundUpstream({ source: "50", target: "1" }, graph, 7)).toBeNull();
  });
});

describe("externalName", () => {
  it("says what it can of a node of an unreadable project", () => {
    expect(externalName({ id: 60, name: null, project: null, project_name: null, workflow: null })).toBe(
      "a node of a project you cannot read",
    );
    expect(externalName(GRAPH.external[0])).toBe("ods_users");
  });
});

describe("buildNodes", () => {
  it("makes a designer node per graph node and an outside node per external one", () => {
    const { nodes, engine } = buildNodes(GRAPH, { projectId: 7 });
    expect(engine).toBe("dagre");
    expect(nodes.map((n) => [n.id, n.type])).toEqual([
      ["1", "designer"],
      ["2", "designer"],
      ["3", "designer"],
      ["50", "external"],
    ]);
    const clean = nodes[1] as DesignerFlowNode;
    expect(clean.data.node.name).toBe("clean");
    expect(clean.data.node.deployed_version).toBe(4);
    expect(clean.deletable).toBe(false);
    // size and handles known up front, so off-screen nodes need not be measured
    expect(clean).toMatchObject({ width: NODE_WIDTH, height: NODE_HEIGHT, measured: { width: NODE_WIDTH, height: NODE_HEIGHT } });
    expect(clean.handles).toBe(STATIC_HANDLES);
    expect((nodes[2] as DesignerFlowNode).data.selfDependency).toBe(true);
    expect((nodes[0] as DesignerFlowNode).data.selfDependency).toBe(false);
    const outside = nodes[3] as ExternalFlowNode;
    expect(outside.data).toEqual({ external: GRAPH.external[0], sameProject: true });
    expect(outside.connectable).toBe(false);
  });

  it("lays out left to right: upstream before downstream", () => {
    const { nodes } = buildNodes(GRAPH);
    const x = Object.fromEntries(nodes.map((n) => [n.id, n.position.x]));
    expect(x["50"]).toBeLessThan(x["1"]);
    expect(x["1"]).toBeLessThan(x["2"]);
    expect(x["2"]).toBeLessThan(x["3"]);
  });

  it("keeps positions and unchanged node objects; lays out nothing when all are placed", () => {
    const first = buildNodes(GRAPH).nodes;
    const moved = first.map((n) => (n.id === "1" ? { ...n, position: { x: -500, y: 40 } } : n));
    const renamed: ProjectGraph = { ...GRAPH, nodes: GRAPH.nodes.map((n) => (n.id === 2 ? { ...n, name: "tidy" } : n)) };
    const again = buildNodes(renamed, { previous: moved });
    expect(again.engine).toBeNull();
    expect(again.nodes[0]).toBe(moved[0]);
    expect(again.nodes[0].position).toEqual({ x: -500, y: 40 });
    expect(again.nodes[1]).not.toBe(moved[1]);
    expect((again.nodes[1] as DesignerFlowNode).data.node.name).toBe("tidy");
    expect(again.nodes[1].position).toBe(moved[1].position);
    expect(again.nodes[2]).toBe(moved[2]);
  });

  it("puts a new node where it was dropped", () => {
    const first = buildNodes(GRAPH).nodes;
    const grown: ProjectGraph = { ...GRAPH, nodes: [...GRAPH.nodes, node(4, "fresh")] };
    const { nodes, engine } = buildNodes(grown, { previous: first, placed: new Map([["4", { x: 900, y: 12 }]]) });
    expect(engine).toBeNull();
    expect(nodes.find((n) => n.id === "4")!.position).toEqual({ x: 900, y: 12 });
  });

  it("lays out again on request, measuring how long it took", () => {
    const first = buildNodes(GRAPH).nodes;
    const moved = first.map((n) => ({ ...n, position: { x: 0, y: 0 } }));
    let clock = 0;
    const again = buildNodes(GRAPH, { previous: moved, relayout: true, now: () => (clock += 5) });
    expect(again.engine).toBe("dagre");
    expect(again.layoutMs).toBe(5);
    expect(new Set(again.nodes.map((n) => n.position.x)).size).toBeGreaterThan(1);
  });
});

describe("buildEdges", () => {
  it("draws every dependency but self dependencies, keeping the selection", () => {
    const edges = buildEdges(GRAPH, new Set(["e11"]));
    expect(edges.map((e) => [e.id, e.source, e.target, e.data?.kind, e.selected])).toEqual([
      ["e10", "1", "2", "same_cycle", false],
      ["e11", "2", "3", "same_cycle", true],
      ["e13", "1", "3", "upstream_previous_cycle", false],
      ["e14", "50", "1", "same_cycle", false],
    ]);
    expect(edges.every((e) => e.type === "dependency")).toBe(true);
  });

  it("draws a refused edge that cannot be selected or deleted", () => {
    expect(refusedEdge(3, 1)).toMatchObject({ source: "3", target: "1", data: { refused: true }, selectable: false, deletable: false });
  });
});

describe("lineage reasons and self dependencies", () => {
  it("names the table and line an edge came from, and nothing for a drawn edge", () => {
    expect(edgeReason({ table: "dw.orders", line: 3 })).toBe("dw.orders, line 3");
    expect(edgeReason({})).toBeNull();
    expect(edgeReason(undefined)).toBeNull();
    const graph = { ...GRAPH, edges: [{ id: 30, upstream: 1, downstream: 2, kind: "same_cycle" as const, source: { table: "t", line: 2 } }] };
    expect(buildEdges(graph)[0].data?.source).toEqual({ table: "t", line: 2 });
  });

  it("finds a node's self dependency", () => {
    expect(selfDependencyOf(GRAPH, 3)).toBe(12);
    expect(selfDependencyOf(GRAPH, 1)).toBeNull();
  });
});

describe("graph edits", () => {
  it("adds a node and an edge once, and removes edges by id", () => {
    const grown = withNode(GRAPH, node(4, "fresh"));
    expect(grown.nodes).toHaveLength(4);
    expect(withNode(grown, node(4, "fresh"))).toBe(grown);
    const linked = withEdge(grown, { id: 20, upstream: 3, downstream: 4, kind: "same_cycle", source: {} });
    expect(linked.edges.map((e) => e.id)).toContain(20);
    expect(withEdge(linked, { id: 20, upstream: 3, downstream: 4, kind: "same_cycle", source: {} })).toBe(linked);
    expect(withoutEdges(linked, new Set([10, 20])).edges.map((e) => e.id)).toEqual([11, 12, 13, 14]);
  });

  it("reads the dependency id of an edge", () => {
    expect(dependencyId("e42")).toBe(42);
    expect(dependencyId("refused")).toBeNull();
  });
});
