import { DEFAULT_PATH } from "../../routes.constants";

/** Where RequireAuth keeps the page the user wanted, in the login route's location state. */
export interface LoginState {
  from?: string;
}

/**
 * Where to go after logging in: the `from` that RequireAuth left in the location state, else a
 * `?next=` parameter, else the studio. Only same-site paths are accepted ("/x", not "//evil" or
 * "https://evil"), and never the login page itself.
 */
export function redirectTarget(state: unknown, search = ""): string {
  const from = (state as LoginState | null)?.from;
  const next = new URLSearchParams(search).get("next");
  for (const candidate of [from, next]) {
    if (typeof candidate !== "string") continue;
    if (!candidate.startsWith("/") || candidate.startsWith("//") || candidate.startsWith("/\\")) continue;
    if (candidate === "/login" || candidate.startsWith("/login?") || candidate.startsWith("/login/")) continue;
    return candidate;
  }
  return DEFAULT_PATH;
}
