// What each kind of write changes on the server, as the cache keys to refetch. Every mutation
// calls one of these (or more), whichever page it is made from, so that every page showing the
// same resource refreshes.
import type { QueryClient, QueryKey } from "@tanstack/react-query";

import { keys } from "./keys";

type ProjectId = number | null;

/** The keys a kind of write makes stale. */
export const changes = {
  /** A workflow created, renamed or deleted (a deletion moves or removes its nodes). */
  workflows: (p: ProjectId): QueryKey[] => [keys.workflows(p), keys.graphs(p), keys.nodes(p)],
  /** A node created, edited, moved, deployed or deleted: lists, graphs, counts per workflow, the
   * tables nodes write, and the latest instances the designer colours nodes by. */
  nodes: (p: ProjectId): QueryKey[] => [
    keys.nodes(p),
    keys.graphs(p),
    keys.workflows(p),
    keys.knownTables(p),
    [...keys.instances(p), "latest"],
  ],
  /** An edge added or removed: the graphs and each node's upstreams, also the Studio's copies
   * (tabs it restores after working elsewhere must show the edges drawn meanwhile). */
  dependencies: (p: ProjectId): QueryKey[] => [keys.graphs(p), keys.nodes(p), keys.nodeDrafts(p)],
  /** Instances moved by an operator (rerun, kill...) or a backfill: everything that shows them. */
  instances: (p: ProjectId): QueryKey[] => [keys.instances(p), keys.dashboards(p), keys.gantts(p), keys.backfills(p)],
  backfills: (p: ProjectId): QueryKey[] => [keys.backfills(p), keys.instances(p), keys.dashboards(p), keys.gantts(p)],
  qualityRules: (p: ProjectId): QueryKey[] => [keys.qualityRules(p), keys.catalog(p)],
  /** The catalogue asked to read its data sources again: its states now, its tables as they come. */
  catalog: (p: ProjectId): QueryKey[] => [keys.catalog(p), keys.knownTables(p)],
  /** A rule run: its runs, and the rule's last verdict. */
  qualityRuns: (p: ProjectId): QueryKey[] => [keys.quality(p)],
  alertRules: (p: ProjectId): QueryKey[] => [keys.alertRules(p)],
  /** A channel changed or deleted: rules name their channels. */
  channels: (p: ProjectId): QueryKey[] => [keys.channels(p), keys.alertRules(p)],
  /** A delivery sent or retried: the log, and each channel's last delivery. */
  deliveries: (p: ProjectId): QueryKey[] => [keys.deliveries(p), keys.channels(p)],
  /** An incident acknowledged or resolved: the list, the incident, and the messages it sent. */
  incidents: (p: ProjectId): QueryKey[] => [
    keys.incidents(p),
    [...keys.alerts(p), "incident"],
    keys.deliveries(p),
  ],
  /** A baseline created, changed or deleted: the list and every day's forecast under it. */
  baselines: (p: ProjectId): QueryKey[] => [keys.baselines(p), keys.audit(p)],
  /** The project's own settings (and the caller's permissions in it). */
  projects: (): QueryKey[] => [keys.projects],
  /** A member added, removed or given another role: the list, and the projects (the caller's
   * own role may be the one that changed). */
  members: (p: ProjectId): QueryKey[] => [keys.members(p), keys.projects, keys.audit(p)],
  /** A data source created, changed, rotated or deleted: lists, tables and usage under it. */
  datasources: (p: ProjectId): QueryKey[] => [keys.datasources(p), keys.audit(p)],
  tokens: (): QueryKey[] => [keys.tokens],
  /** An account created, changed, (de)activated or given a new password. */
  users: (): QueryKey[] => [keys.users],
};

/** Refetch what the given writes changed; resolves when the active queries have their answers. */
export function invalidate(client: QueryClient, ...stale: QueryKey[][]): Promise<void> {
  return Promise.all(stale.flat().map((queryKey) => client.invalidateQueries({ queryKey }))).then(() => undefined);
}
