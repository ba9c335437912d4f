import { queryOptions, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";

import { useEffect } from "react";

import { login, logout, me, saveMyPreferences, type User } from "../api/auth";
import { ApiError } from "../api/client";
import { fromServerLanguage, type Language, serverLanguage, setLanguage } from "../i18n";
import { keys } from "./keys";

/** 401 and 403 from /api/v1/me both mean "nobody is logged in". */
export function isLoggedOutError(error: unknown): boolean {
  return error instanceof ApiError && (error.status === 401 || error.status === 403);
}

/** The logged-in user, or null when nobody is; errors only for other failures (server down...). */
export const meQuery = queryOptions<User | null>({
  queryKey: keys.me,
  queryFn: async ({ signal }) => {
    try {
      return await me(signal);
    } catch (error) {
      if (isLoggedOutError(error)) return null;
      throw error;
    }
  },
  // The session, not server data: logging in or out sets it, a 401 anywhere invalidates it
  // (queryClient.ts); asking again after a logout would race the logout itself.
  staleTime: 60_000,
  retry: (failures, error) => !isLoggedOutError(error) && failures < 2,
});

export function useMe() {
  return useQuery(meQuery);
}

export function useLogin() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ username, password }: { username: string; password: string }) => login(username, password),
    onSuccess: (user) => {
      // Whatever was cached belonged to nobody (or somebody else).
      client.removeQueries({ predicate: (query) => query.queryKey[0] !== keys.me[0] });
      client.setQueryData(keys.me, user);
      applySavedLanguage(user);
    },
  });
}

/** Switch to the language the user saved on the server, if they saved one. */
function applySavedLanguage(user: User | null | undefined) {
  const saved = fromServerLanguage(user?.language);
  if (saved) void setLanguage(saved);
}

/** Applies the user's saved language when it is loaded or changes (chosen in another browser). */
export function useSavedLanguage(user: User | null | undefined) {
  const saved = user?.language;
  useEffect(() => {
    const language = fromServerLanguage(saved);
    if (language) void setLanguage(language);
  }, [saved]);
}

/** Switch the language here and save it for every browser the user logs in from. */
export function useSaveLanguage() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (language: Language) => {
      await setLanguage(language);
      return saveMyPreferences({ language: serverLanguage(language) });
    },
    onSuccess: (user) => client.setQueryData(keys.me, user),
  });
}

export function useLogout() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: logout,
    onSuccess: () => {
      client.clear();
      client.setQueryData(keys.me, null);
    },
  });
}
