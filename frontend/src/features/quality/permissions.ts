// What the user's role in the project lets them do, mirroring projects/permissions.py, so that
// buttons they cannot use are disabled with the reason instead of failing with a 403. The server
// still decides. Pure.

export type Action = "edit" | "test_run" | "operate" | "manage" | "deploy";

const DEVELOPER: Action[] = ["edit", "test_run"];
const OPERATOR: Action[] = ["operate"];
const ADMIN: Action[] = [...DEVELOPER, ...OPERATOR, "manage", "deploy"];

const MATRIX: Record<string, Action[]> = {
  viewer: [],
  developer: DEVELOPER,
  operator: OPERATOR,
  admin: ADMIN,
  owner: ADMIN,
};

const WORDS: Record<Action, string> = {
  edit: "edit",
  test_run: "run checks",
  operate: "operate instances",
  manage: "manage alerts",
  deploy: "deploy",
};

export function roleCan(role: string | null | undefined, action: Action): boolean {
  return !!role && (MATRIX[role] ?? []).includes(action);
}

/** "" when the role may; otherwise a sentence for a tooltip. */
export function refusal(role: string | null | undefined, action: Action): string {
  if (roleCan(role, action)) return "";
  const needs = Object.entries(MATRIX)
    .filter(([, actions]) => actions.includes(action))
    .map(([name]) => name);
  return `Your role (${role ?? "none"}) cannot ${WORDS[action]}; ask for ${needs.join(" or ")}.`;
}
