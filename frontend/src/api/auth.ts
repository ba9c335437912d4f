import { CSRF_COOKIE, http, readCookie } from "./client";

export interface User {
  id: number;
  username: string;
  email: string;
  is_staff: boolean;
  first_name?: string;
  last_name?: string;
}

export const AUTH_PATHS = {
  csrf: "/api/v1/auth/csrf/",
  login: "/api/v1/auth/login/",
  logout: "/api/v1/auth/logout/",
  me: "/api/v1/me",
} as const;

/** Sets the csrftoken cookie (and returns the token) so that the next unsafe request passes. */
export const getCsrf = () => http.get<{ csrfToken: string }>(AUTH_PATHS.csrf);

export async function login(username: string, password: string): Promise<User> {
  await getCsrf();
  return http.post<User>(AUTH_PATHS.login, { username, password });
}

export async function logout(): Promise<void> {
  if (!readCookie(CSRF_COOKIE)) await getCsrf();
  await http.post<void>(AUTH_PATHS.logout);
}

/** The logged-in user; rejects with ApiError 401/403 when nobody is. */
export const me = (signal?: AbortSignal) => http.get<User>(AUTH_PATHS.me, { signal });
