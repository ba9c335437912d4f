// What the caller may do in the current project, as the server sends it with the project
// (projects/permissions.py decides; the client keeps no matrix of its own). Pages disable what
// the caller may not do, with the reason, instead of failing with a 403; the server still checks.
import { useMemo } from "react";

import type { Schema } from "../api/client";
import { useCurrentProject, type Project } from "./current";

export type Permissions = Schema<"ProjectPermissions">;
export type Action = keyof Permissions;

/** The server's words for each action (projects/permissions.py ACTION_WORDS). */
const WORDS: Record<Action, string> = {
  read: "read",
  edit: "edit",
  test_run: "test-run nodes",
  operate: "operate instances",
  manage: "manage",
  deploy: "deploy",
  request_deploy: "request deploys",
  delete_project: "delete the project",
};

export interface ProjectAccess {
  can: (action: Action) => boolean;
  /** "" when the caller may; otherwise a sentence for a tooltip, `doing` naming the action. */
  refusal: (action: Action, doing?: string) => string;
}

export function accessOf(project: Pick<Project, "role" | "permissions"> | null): ProjectAccess {
  const can = (action: Action) => project?.permissions?.[action] ?? false;
  return {
    can,
    refusal: (action, doing = WORDS[action]) =>
      can(action) ? "" : `Your role (${project?.role ?? "none"}) cannot ${doing} in this project.`,
  };
}

/** What the caller may do in the project chosen in the header (nothing while there is none). */
export function usePermissions(): ProjectAccess {
  const { project } = useCurrentProject();
  return useMemo(() => accessOf(project), [project]);
}
