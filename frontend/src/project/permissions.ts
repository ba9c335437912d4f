// What the caller may do in the current project, as the server sends it with the project
// (projects/permissions.py decides; the client keeps no matrix of its own). Pages disable what
// the caller may not do, with the reason, instead of failing with a 403; the server still checks.
import { useMemo } from "react";

import type { Schema } from "../api/client";
import i18n from "../i18n";
import { useCurrentProject, type Project } from "./current";

export type Permissions = Schema<"ProjectPermissions">;
export type Action = keyof Permissions;

/** An action in words (projects/permissions.py ACTION_WORDS), in the current language. */
const words = (action: Action): string => i18n.t(`common:permissions.${action}`);

export interface ProjectAccess {
  can: (action: Action) => boolean;
  /** "" when the caller may; otherwise a sentence for a tooltip, `doing` naming the action. */
  refusal: (action: Action, doing?: string) => string;
}

export function accessOf(project: Pick<Project, "role" | "permissions"> | null): ProjectAccess {
  const can = (action: Action) => project?.permissions?.[action] ?? false;
  return {
    can,
    refusal: (action, doing = words(action)) =>
      can(action)
        ? ""
        : i18n.t("common:permissions.refusal", {
            role: project?.role ? i18n.t(`settings:roles.${project.role}`, { defaultValue: project.role }) : i18n.t("common:permissions.noRole"),
            doing,
          }),

  };
}

/** What the caller may do in the project chosen in the header (nothing while there is none). */
export function usePermissions(): ProjectAccess {
  const { project } = useCurrentProject();
  return useMemo(() => accessOf(project), [project]);
}
