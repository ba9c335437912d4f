// A node's editable draft: built from the API's node, compared field by field, saved as a patch.
import type { DependencyEdge, Draft, DraftNodeField, NodeDetail, NodePatch, Upstream } from "./types";

export const DRAFT_FIELDS: (keyof Draft)[] = [
  "code",
  "description",
  "datasource",
  "cron",
  "start_date",
  "end_date",
  "paused",
  "dry_run",
  "parameters",
  "retries",
  "retry_delay_seconds",
  "timeout_seconds",
  "priority",
  "resource_group",
  "rerun_policy",
  "owner",
  "output_tables",
  "instance_generation",
  "uses_datasources",
  "catch_up",
  "dst_gap",
  "dst_overlap",
  "parameter_dialect",
  "upstreams",
];

/** Structural equality for the JSON values a draft holds. */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== "object" || typeof b !== "object") return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((item, index) => sameValue(item, b[index]));
  }
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  const keys = Object.keys(left);
  if (keys.length !== Object.keys(right).length) return false;
  return keys.every((key) => Object.prototype.hasOwnProperty.call(right, key) && sameValue(left[key], right[key]));
}

/** Upstreams in a stable order, so that picking the same set in another order is no change. */
export function normalizeUpstreams(upstreams: Upstream[]): Upstream[] {
  const seen = new Set<string>();
  return [...upstreams]
    .filter((item) => {
      const key = `${item.node}:${item.kind}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .sort((a, b) => a.node - b.node || a.kind.localeCompare(b.kind));
}

/** The lineage reason of an edge, if it has one. */
export function edgeSource(source: unknown): Upstream["source"] {
  const value = source as { table?: unknown; line?: unknown } | null | undefined;
  return value && typeof value.table === "string" && typeof value.line === "number" ? { table: value.table, line: value.line } : null;
}

export function upstreamsFromEdges(edges: DependencyEdge[]): Upstream[] {
  return normalizeUpstreams(
    edges.map((edge) => ({ node: edge.upstream, name: edge.upstream_name, kind: edge.kind, source: edgeSource(edge.source) })),
  );
}

export function draftFromNode(node: NodeDetail, edges: DependencyEdge[]): Draft {
  return {
    code: node.code ?? "",
    description: node.description ?? "",
    datasource: node.datasource,
    cron: node.cron,
    start_date: node.start_date,
    end_date: node.end_date,
    paused: node.paused,
    dry_run: node.dry_run,
    parameters: { ...(node.parameters ?? {}) },
    retries: node.retries,
    retry_delay_seconds: node.retry_delay_seconds,
    timeout_seconds: node.timeout_seconds,
    priority: node.priority,
    resource_group: node.resource_group,
    rerun_policy: node.rerun_policy,
    owner: node.owner,
    output_tables: [...(node.output_tables ?? [])],
    instance_generation: node.instance_generation,
    uses_datasources: [...(node.uses_datasources ?? [])].sort((a, b) => a - b),
    catch_up: node.catch_up,
    dst_gap: node.dst_gap,
    dst_overlap: node.dst_overlap,
    parameter_dialect: node.parameter_dialect,
    upstreams: upstreamsFromEdges(edges),
  };
}

/** The fields whose draft value differs from the saved one. */
export function changedFields(saved: Draft, draft: Draft): (keyof Draft)[] {
  return DRAFT_FIELDS.filter((field) => {
    if (field === "upstreams") {
      const key = (items: Upstream[]) =>
        normalizeUpstreams(items).map((u) => `${u.node}:${u.kind}:${u.source ? `${u.source.table}:${u.source.line}` : ""}`);
      return !sameValue(key(saved.upstreams), key(draft.upstreams));
    }
    return !sameValue(saved[field], draft[field]);
  });
}

type DraftPatch = Partial<Pick<Draft, DraftNodeField>>;

function copyField<Field extends DraftNodeField>(patch: DraftPatch, draft: Draft, field: Field): void {
  patch[field] = draft[field];
}

/** What to send: the node's PATCH body (changed fields only) and the upstream list if it changed. */
export function savePlan(saved: Draft, draft: Draft): { patch: NodePatch; upstreams: Upstream[] | null } {
  const patch: DraftPatch = {};
  let upstreams: Upstream[] | null = null;
  for (const field of changedFields(saved, draft)) {
    if (field === "upstreams") upstreams = normalizeUpstreams(draft.upstreams);
    else copyField(patch, draft, field);
  }
  return { patch, upstreams };
}
