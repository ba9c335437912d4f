import { describe, expect, it } from "vitest";

import { buildTree, dropWorkflow, parseKey, defaultWorkflow } from "./tree";
import type { GraphNode, Workflow } from "./types";

const wf = (id: number, name: string): Workflow => ({ id, name, description: "", created_at: "", node_count: 0 });
const node = (id: number, name: string, workflow: number): GraphNode => ({
  id,
  name,
  type: "sql",
  workflow,
  deployed: false,
  deployed_version: null,
  owner: null,
  paused: false,
  cron: "0 0 * * *",
});

const workflows = [wf(1, "sales"), wf(2, "Finance"), wf(3, "empty")];
const nodes = [node(10, "load_orders", 1), node(11, "agg_orders", 1), node(12, "ledger", 2)];

describe("buildTree", () => {
  it("sorts workflows and nodes by name, case-insensitively", () => {
    const tree = buildTree(workflows, nodes);
    expect(tree.map((w) => w.name)).toEqual(["empty", "Finance", "sales"]);
    expect(tree[2].children.map((n) => n.name)).toEqual(["agg_orders", "load_orders"]);
    expect(tree[2].children[0]).toMatchObject({ key: "node-11", nodeId: 11, workflowId: 1 });
  });

  it("filters by node name and keeps whole workflows whose name matches", () => {
    expect(buildTree(workflows, nodes, "ORDERS").map((w) => [w.name, w.children.map((n) => n.name), w.total])).toEqual([
      ["sales", ["agg_orders", "load_orders"], 2],
    ]);
    expect(buildTree(workflows, nodes, "fin").map((w) => [w.name, w.children.length])).toEqual([["Finance", 1]]);
    expect(buildTree(workflows, nodes, "load").flatMap((w) => w.children.map((n) => n.name))).toEqual(["load_orders"]);
    expect(buildTree(workflows, nodes, "nothing")).toEqual([]);
  });
});

describe("dropWorkflow", () => {
  const tree = buildTree(workflows, nodes);

  it("moves a node into the workflow it is dropped on or beside", () => {
    expect(dropWorkflow(tree, "node-10", "wf-2")).toEqual({ nodeId: 10, workflowId: 2 });
    expect(dropWorkflow(tree, "node-10", "node-12")).toEqual({ nodeId: 10, workflowId: 2 });
    expect(dropWorkflow(tree, "node-12", "wf-3")).toEqual({ nodeId: 12, workflowId: 3 });
  });

  it("does nothing within the same workflow or for workflows", () => {
    expect(dropWorkflow(tree, "node-10", "node-11")).toBeNull();
    expect(dropWorkflow(tree, "node-10", "wf-1")).toBeNull();
    expect(dropWorkflow(tree, "wf-1", "wf-2")).toBeNull();
    expect(dropWorkflow(tree, "node-10", "bogus")).toBeNull();
  });

  it("parses keys", () => {
    expect(parseKey("wf-7")).toEqual({ kind: "workflow", id: 7 });
    expect(parseKey("node-8")).toEqual({ kind: "node", id: 8 });
    expect(parseKey("x-1")).toBeNull();
  });
});

describe("the workflow a new node goes to", () => {
  const workflows = [{ id: 1 }, { id: 2 }, { id: 3 }];
  it("is the one just created or picked, else the open node's, else the first", () => {
    expect(defaultWorkflow(workflows, 3, 2)).toBe(3);
    expect(defaultWorkflow(workflows, null, 2)).toBe(2);
    expect(defaultWorkflow(workflows, null, null)).toBe(1);
  });
  it("skips a workflow that was deleted", () => {
    expect(defaultWorkflow(workflows, 9, 2)).toBe(2);
    expect(defaultWorkflow(workflows, 9, 8)).toBe(1);
    expect(defaultWorkflow([], 1, 1)).toBeUndefined();
  });
});
