import { QueryCache, QueryClient } from "@tanstack/react-query";

import { ApiError } from "./api/client";
import { meKey } from "./queries/useMe";

/**
 * One QueryClient for the app. When any query other than "me" answers 401, the session has
 * probably expired: refetch "me", and RequireAuth sends the user to the login page if so.
 */
export function createQueryClient(): QueryClient {
  const client: QueryClient = new QueryClient({
    queryCache: new QueryCache({
      onError: (error, query) => {
        if (error instanceof ApiError && error.status === 401 && query.queryKey[0] !== meKey[0]) {
          void client.invalidateQueries({ queryKey: meKey });
        }
      },
    }),
    defaultOptions: {
      queries: {
        refetchOnWindowFocus: false,
        // Retrying a 4xx will not change the answer.
        retry: (failures, error) =>
          !(error instanceof ApiError && error.status >= 400 && error.status < 500) && failures < 2,
      },
    },
  });
  return client;
}
