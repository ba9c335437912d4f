import { QueryClient, type QueryKey } from "@tanstack/react-query";
import { describe, expect, it } from "vitest";

import { changes, invalidate } from "./invalidate";
import { keys } from "./keys";

const startsWith = (key: QueryKey, prefix: QueryKey) => prefix.every((part, i) => key[i] === part);

/** A client holding an answer under each key, none of them stale yet. */
function cached(...queryKeys: QueryKey[]): QueryClient {
  const client = new QueryClient({ defaultOptions: { queries: { staleTime: Infinity } } });
  for (const queryKey of queryKeys) client.setQueryData(queryKey, { cached: true });
  return client;
}

const isInvalidated = (client: QueryClient, queryKey: QueryKey) => client.getQueryState(queryKey)?.isInvalidated ?? false;

describe("query keys", () => {
  it("name a resource by its project, not by the page showing it", () => {
    expect(keys.workflows(3)).toEqual(["project", 3, "workflows"]);
    expect(keys.members(3)).toEqual(["project", 3, "members"]);
    expect(keys.graph(3)).toEqual(keys.graph(3, null));
  });

  it("put every query of a resource under the resource's key", () => {
    for (const key of [keys.nodeList(3, { search: "a" }), keys.node(3, 5), keys.versions(3, 5), keys.deployPreview(3, 5)]) {
      expect(startsWith(key, keys.nodes(3))).toBe(true);
    }
    for (const key of [keys.graph(3, null), keys.graph(3, 8)]) expect(startsWith(key, keys.graphs(3))).toBe(true);
    expect(startsWith(keys.datasourceTables(3, 2), keys.datasources(3))).toBe(true);
    expect(startsWith(keys.datasourceUsage(3, 2), keys.datasources(3))).toBe(true);
    expect(startsWith(keys.audit(3, { actor: "alice" }), keys.audit(3))).toBe(true);
    expect(startsWith(keys.userList({ search: "a" }), keys.users)).toBe(true);
    expect(startsWith(keys.instanceList(3, { status: "failed" }), keys.instanceLists(3))).toBe(true);
    expect(startsWith(keys.deliveries(3, { page: 2 }), keys.deliveries(3))).toBe(true);
  });

  it("keep the Studio's editor copy of a node out of the node lists", () => {
    expect(startsWith(keys.nodeDraft(3, 5), keys.nodes(3))).toBe(false);
  });
});

describe("invalidation", () => {
  it("refreshes every page's graph and node after an edge changes", async () => {
    const client = cached(keys.graph(3), keys.graph(3, 8), keys.node(3, 5), keys.nodeList(3, {}), keys.members(3));
    await invalidate(client, changes.dependencies(3));
    expect(isInvalidated(client, keys.graph(3))).toBe(true);
    expect(isInvalidated(client, keys.graph(3, 8))).toBe(true);
    expect(isInvalidated(client, keys.node(3, 5))).toBe(true);
    expect(isInvalidated(client, keys.nodeList(3, {}))).toBe(true);
    expect(isInvalidated(client, keys.members(3))).toBe(false);
  });

  it("refreshes the workflow counts after a node is made, and leaves other projects alone", async () => {
    const client = cached(keys.workflows(3), keys.workflows(4), keys.knownTables(3), keys.latestInstances(3, "2026-01-02", null));
    await invalidate(client, changes.nodes(3));
    expect(isInvalidated(client, keys.workflows(3))).toBe(true);
    expect(isInvalidated(client, keys.knownTables(3))).toBe(true);
    expect(isInvalidated(client, keys.latestInstances(3, "2026-01-02", null))).toBe(true);
    expect(isInvalidated(client, keys.workflows(4))).toBe(false);
  });

  it("refreshes lists, details, the dashboard, the Gantt and backfills after an operator acts", async () => {
    const client = cached(
      keys.instanceList(3, {}),
      keys.instance(3, 9),
      keys.dashboard(3, null),
      keys.gantt(3, { bizdate: "2026-01-02" }),
      keys.backfill(3, 1),
      keys.qualityRules(3),
    );
    await invalidate(client, changes.instances(3));
    for (const key of [keys.instanceList(3, {}), keys.instance(3, 9), keys.dashboard(3, null), keys.gantt(3, { bizdate: "2026-01-02" }), keys.backfill(3, 1)]) {
      expect(isInvalidated(client, key)).toBe(true);
    }
    expect(isInvalidated(client, keys.qualityRules(3))).toBe(false);
  });

  it("refreshes the projects (the caller's own role) and the audit log after a member changes", async () => {
    const client = cached(keys.members(3), keys.projects, keys.audit(3, {}), keys.datasources(3));
    await invalidate(client, changes.members(3));
    for (const key of [keys.members(3), keys.projects, keys.audit(3, {})]) expect(isInvalidated(client, key)).toBe(true);
    expect(isInvalidated(client, keys.datasources(3))).toBe(false);
  });

  it("refreshes the rules that name a channel when the channel goes", async () => {
    const client = cached(keys.channels(3), keys.alertRules(3), keys.deliveries(3, {}));
    await invalidate(client, changes.channels(3));
    expect(isInvalidated(client, keys.alertRules(3))).toBe(true);
    expect(isInvalidated(client, keys.deliveries(3, {}))).toBe(false);
  });
});
