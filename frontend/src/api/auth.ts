import { api } from "./client";

export interface User {
  id: number;
  username: string;
  email: string;
  first_name: string;
  last_name: string;
  is_staff: boolean;
}

export const getCsrf = () => api<{ csrfToken: string }>("/api/v1/auth/csrf/");

export async function login(username: string, password: string): Promise<User> {
  await getCsrf();
  return api<User>("/api/v1/auth/login/", { method: "POST", body: { username, password } });
}

export const logout = () => api<void>("/api/v1/auth/logout/", { method: "POST" });

export const me = () => api<User>("/api/v1/me");
