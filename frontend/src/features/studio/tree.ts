// The workflow/node tree: built from the project graph, filtered by a search, and drop targets.
import type { GraphNode, NodeType, Workflow } from "./types";

export interface TreeNodeLeaf {
  key: string;
  kind: "node";
  nodeId: number;
  workflowId: number;
  name: string;
  type: NodeType;
  deployed: boolean;
}

export interface TreeWorkflow {
  key: string;
  kind: "workflow";
  workflowId: number;
  name: string;
  children: TreeNodeLeaf[];
  /** Nodes in the workflow before the search filter. */
  total: number;
}

export const workflowKey = (id: number) => `wf-${id}`;
export const nodeKey = (id: number) => `node-${id}`;

export function parseKey(key: string | number): { kind: "workflow" | "node"; id: number } | null {
  const match = /^(wf|node)-(\d+)$/.exec(String(key));
  if (!match) return null;
  return { kind: match[1] === "wf" ? "workflow" : "node", id: Number(match[2]) };
}

const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name, undefined, { sensitivity: "base" });

/**
 * Workflows with their nodes, sorted by name. With a search, a workflow whose name matches keeps
 * all its nodes; otherwise it keeps the nodes whose name matches, and disappears if none do.
 */
export function buildTree(workflows: Workflow[], nodes: GraphNode[], search = ""): TreeWorkflow[] {
  const needle = search.trim().toLowerCase();
  const byWorkflow = new Map<number, GraphNode[]>();
  for (const node of nodes) byWorkflow.set(node.workflow, [...(byWorkflow.get(node.workflow) ?? []), node]);
  const result: TreeWorkflow[] = [];
  for (const workflow of [...workflows].sort(byName)) {
    const all = [...(byWorkflow.get(workflow.id) ?? [])].sort(byName);
    const whole = !needle || workflow.name.toLowerCase().includes(needle);
    const kept = whole ? all : all.filter((node) => node.name.toLowerCase().includes(needle));
    if (!whole && kept.length === 0) continue;
    result.push({
      key: workflowKey(workflow.id),
      kind: "workflow",
      workflowId: workflow.id,
      name: workflow.name,
      total: all.length,
      children: kept.map((node) => ({
        key: nodeKey(node.id),
        kind: "node",
        nodeId: node.id,
        workflowId: workflow.id,
        name: node.name,
        type: node.type,
        deployed: node.deployed,
      })),
    });
  }
  return result;
}

/**
 * Where a dragged node lands: onto a workflow means into it; onto or beside a node means into
 * that node's workflow. Null when nothing would change (or the drag was not a node).
 */
export function dropWorkflow(tree: TreeWorkflow[], dragKey: string, dropKey: string): { nodeId: number; workflowId: number } | null {
  const drag = parseKey(dragKey);
  const drop = parseKey(dropKey);
  if (!drag || drag.kind !== "node" || !drop) return null;
  let target: number | null = null;
  let current: number | null = null;
  for (const workflow of tree) {
    if (drop.kind === "workflow" && workflow.workflowId === drop.id) target = workflow.workflowId;
    for (const node of workflow.children) {
      if (drop.kind === "node" && node.nodeId === drop.id) target = workflow.workflowId;
      if (node.nodeId === drag.id) current = workflow.workflowId;
    }
  }
  if (target === null || target === current) return null;
  return { nodeId: drag.id, workflowId: target };
}

/** The workflow a new node goes to: the one last created or picked in the tree, else the open
 * node's, else the first; one that no longer exists is skipped. */
export function defaultWorkflow(workflows: { id: number }[], chosen: number | null, activeNodeWorkflow: number | null): number | undefined {
  const exists = (id: number | null): id is number => id !== null && workflows.some((w) => w.id === id);
  if (exists(chosen)) return chosen;
  if (exists(activeNodeWorkflow)) return activeNodeWorkflow;
  return workflows[0]?.id;
}
