// Which projects the header's switcher lists: archived ones only when asked for (or when it is the
// project being worked in), after the active ones.
import type { Project } from "../project/current";

export function switcherProjects<P extends Pick<Project, "id" | "archived_at">>(
  projects: P[],
  { showArchived, current }: { showArchived: boolean; current: number | null },
): P[] {
  const shown = projects.filter((project) => !project.archived_at || showArchived || project.id === current);
  return [...shown.filter((project) => !project.archived_at), ...shown.filter((project) => project.archived_at)];
}
