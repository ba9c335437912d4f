import { CSRF_COOKIE, ok, readCookie, server, type Schema } from "./client";

export type User = Schema<"UserOutput">;

export const AUTH_PATHS = {
  csrf: "/api/v1/auth/csrf/",
  login: "/api/v1/auth/login/",
  logout: "/api/v1/auth/logout/",
  me: "/api/v1/me",
} as const;

/** Sets the csrftoken cookie (and returns the token) so that the next unsafe request passes. */
export const getCsrf = () => ok(server.GET(AUTH_PATHS.csrf));

export async function login(username: string, password: string): Promise<User> {
  await getCsrf();
  return ok(server.POST(AUTH_PATHS.login, { body: { username, password } }));
}

export async function logout(): Promise<void> {
  if (!readCookie(CSRF_COOKIE)) await getCsrf();
  await ok(server.POST(AUTH_PATHS.logout));
}

/** Save the logged-in user's preferences (the language, in the server's spelling). */
export const saveMyPreferences = (body: Schema<"PatchedMeInputRequest">) => ok(server.PATCH(AUTH_PATHS.me, { body }));

/** The logged-in user; rejects with ApiError 401/403 when nobody is. */
export const me = (signal?: AbortSignal) => ok(server.GET(AUTH_PATHS.me, { signal }));
