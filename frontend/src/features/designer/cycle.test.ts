import { describe, expect, it } from "vitest";

import { ApiError, parseError } from "../../api/client";
import * as make from "../../test/factories";
import { describeLoop, loopFromError, loopHighlight } from "./cycle";
import type { GraphNode, ProjectGraph } from "./types";

const node = (id: number, name: string): GraphNode => make.graphNode({ id, name });

// a -> b -> c, and c -> a for the previous cycle (allowed: it cannot close a loop)
const GRAPH: ProjectGraph = {
  nodes: [node(1, "a"), node(2, "b"), node(3, "c")],
  edges: [
    { id: 10, upstream: 1, downstream: 2, kind: "same_cycle", source: {} },
    { id: 11, upstream: 2, downstream: 3, kind: "same_cycle", source: {} },
    { id: 12, upstream: 3, downstream: 1, kind: "upstream_previous_cycle", source: {} },
  ],
  external: [],
};

const MESSAGE = "this would close a loop: c -> a -> b -> c";

describe("loopFromError", () => {
  it("reads the loop's node ids from the server's answer", () => {
    const error = parseError(400, { detail: `upstream: ${MESSAGE}`, errors: { upstream: [MESSAGE] }, cycle: [3, 1, 2, 3] });
    expect(loopFromError(error, GRAPH)).toEqual([3, 1, 2, 3]);
  });

  it("falls back to the node names in the message", () => {
    const error = parseError(400, { detail: `upstream: ${MESSAGE}`, errors: { upstream: [MESSAGE] } });
    expect(loopFromError(error, GRAPH)).toEqual([3, 1, 2, 3]);
  });

  it("is null for other errors", () => {
    expect(loopFromError(parseError(400, { detail: "upstream: a node cannot depend on itself" }), GRAPH)).toBeNull();
    expect(loopFromError(new ApiError(403, "You do not have permission"), GRAPH)).toBeNull();
    expect(loopFromError(new Error(MESSAGE), GRAPH)).toBeNull();
    // names the canvas does not know
    const unknown = parseError(400, { detail: "upstream: this would close a loop: x -> y -> x" });
    expect(loopFromError(unknown, GRAPH)).toBeNull();
  });
});

describe("loopHighlight", () => {
  it("marks the loop's nodes and its existing same-cycle edges; the refused step is missing", () => {
    const loop = loopHighlight([3, 1, 2, 3], GRAPH, MESSAGE);
    expect([...loop.nodeIds].sort()).toEqual(["1", "2", "3"]);
    expect([...loop.edgeIds].sort()).toEqual(["e10", "e11"]);
    // c -> a exists only for the previous cycle: that is not part of the loop
    expect(loop.missing).toEqual([[3, 1]]);
    expect(loop.message).toBe(MESSAGE);
  });

  it("a node refused as its own upstream is a loop of one", () => {
    const loop = loopHighlight([2, 2], GRAPH);
    expect([...loop.nodeIds]).toEqual(["2"]);
    expect(loop.edgeIds.size).toBe(0);
    expect(loop.missing).toEqual([[2, 2]]);
  });
});

describe("describeLoop", () => {
  it("names the nodes, and numbers the ones the canvas does not know", () => {
    expect(describeLoop([3, 1, 99, 3], GRAPH)).toBe("c → a → #99 → c");
  });
});
