import { queryOptions, useQuery } from "@tanstack/react-query";
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from "react";

import { ok, server, type Schema } from "../api/client";
import { keys } from "../queries/keys";

export type Project = Schema<"ProjectOutput">;

const STORAGE_KEY = "workbench.project";

/** Every project the user is a member of (the API only lists those). */
export const projectsQuery = queryOptions({
  queryKey: keys.projects,
  // A bare list: projects are few.
  queryFn: ({ signal }) => ok(server.GET("/api/v1/projects/", { signal })),
});

export function useProjects() {
  return useQuery(projectsQuery);
}

interface CurrentProject {
  /** The selected project's id, or null while there is none (no projects, still loading). */
  projectId: number | null;
  project: Project | null;
  projects: Project[];
  isLoading: boolean;
  setProjectId: (id: number) => void;
}

const Context = createContext<CurrentProject | null>(null);

/** The project last worked in, in this browser (not checked: it may be gone). */
export function storedProjectId(): number | null {
  const value = Number(window.localStorage.getItem(STORAGE_KEY));
  return Number.isInteger(value) && value > 0 ? value : null;
}

/** The project every page works in: chosen in the header, remembered in this browser. */
export function CurrentProjectProvider({ children }: { children: ReactNode }) {
  const { data: projects = [], isLoading } = useProjects();
  const [chosen, setChosen] = useState<number | null>(storedProjectId);

  const setProjectId = useCallback((id: number) => {
    window.localStorage.setItem(STORAGE_KEY, String(id));
    setChosen(id);
  }, []);

  // A remembered project that is gone (deleted, membership removed) falls back to the first one.
  // With no choice yet, an active project rather than an archived one.
  const project = projects.find((item) => item.id === chosen) ?? projects.find((item) => !item.archived_at) ?? projects[0] ?? null;
  // It is remembered too: the next visit asks for its pages' data as the app starts (App.tsx).
  useEffect(() => {
    if (project && project.id !== chosen) setProjectId(project.id);
  }, [project, chosen, setProjectId]);

  const value = useMemo(
    () => ({ projectId: project?.id ?? null, project, projects, isLoading, setProjectId }),
    [project, projects, isLoading, setProjectId],
  );
  return <Context.Provider value={value}>{children}</Context.Provider>;
}

export function useCurrentProject(): CurrentProject {
  const value = useContext(Context);
  if (!value) throw new Error("useCurrentProject needs a CurrentProjectProvider above it");
  return value;
}
