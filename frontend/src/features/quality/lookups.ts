// Read-only lists of a project's other objects that the quality and alerts forms pick from:
// data sources (and their tables), workflows, nodes and members. Both features import these.
import { useQuery } from "@tanstack/react-query";

import { http } from "../../api/client";

export interface Page<T> {
  count?: number;
  next: string | null;
  previous?: string | null;
  results: T[];
}

/** Lists come back either bare or as a page; callers want the items. */
export function items<T>(data: T[] | Page<T> | undefined): T[] {
  if (!data) return [];
  return Array.isArray(data) ? data : data.results;
}

export const projectPath = (projectId: number, path: string) => `/api/v1/projects/${projectId}/${path}`;

export interface DataSource {
  id: number;
  name: string;
  kind: string;
  description: string;
}

export interface Workflow {
  id: number;
  name: string;
}

export interface NodeSummary {
  id: number;
  name: string;
  type: string;
  workflow: number;
  owner?: number | null;
}

export interface Member {
  id: number;
  user: number;
  username: string;
  email: string;
  role: string;
}

const LOOKUP_STALE_MS = 30_000;

function useProjectList<T>(projectId: number | null, path: string, name: string) {
  return useQuery({
    queryKey: ["project", projectId, name],
    queryFn: ({ signal }) => http.get<T[] | Page<T>>(projectPath(projectId as number, path), { signal }),
    select: (data) => items(data),
    enabled: projectId !== null,
    staleTime: LOOKUP_STALE_MS,
  });
}

export const useDataSources = (projectId: number | null) =>
  useProjectList<DataSource>(projectId, "datasources/", "datasources");
export const useWorkflows = (projectId: number | null) =>
  useProjectList<Workflow>(projectId, "workflows/", "workflows");
export const useNodes = (projectId: number | null) =>
  useProjectList<NodeSummary>(projectId, "nodes/?page_size=500", "nodes");
export const useMembers = (projectId: number | null) => useProjectList<Member>(projectId, "members/", "members");

/** Tables of one data source ("schema.table"), for the table picker. */
export function useTables(projectId: number | null, datasourceId: number | null | undefined) {
  return useQuery({
    queryKey: ["project", projectId, "datasources", datasourceId, "tables"],
    queryFn: ({ signal }) =>
      http.get<{ tables: string[] }>(projectPath(projectId as number, `datasources/${datasourceId}/tables/`), {
        signal,
      }),
    select: (data) => data.tables,
    enabled: projectId !== null && !!datasourceId,
    staleTime: LOOKUP_STALE_MS,
    retry: false,
  });
}

/** id -> name, for showing names where the API gives ids. */
export function nameMap<T extends { id: number; name: string }>(list: T[] | undefined): Map<number, string> {
  return new Map((list ?? []).map((item) => [item.id, item.name]));
}
