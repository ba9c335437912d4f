import { QueryCache, QueryClient } from "@tanstack/react-query";

import { ApiError } from "./api/client";
import { keys } from "./queries/keys";

/**
 * One freshness policy for every query: an answer is never taken as fresh by its age. What is
 * cached shows at once, and is asked again whenever a page shows it anew, since the scheduler
 * and other people change things without telling us; our own writes invalidate what they
 * change (queries/invalidate.ts); what moves by itself (runs, deliveries) is polled or pushed.
 */
export const STALE_TIME_MS = 0;

/**
 * One QueryClient for the app. When any query other than "me" answers 401, the session has
 * probably expired: refetch "me", and RequireAuth sends the user to the login page if so.
 */
export function createQueryClient(): QueryClient {
  const client: QueryClient = new QueryClient({
    queryCache: new QueryCache({
      onError: (error, query) => {
        if (error instanceof ApiError && error.status === 401 && query.queryKey[0] !== keys.me[0]) {
          void client.invalidateQueries({ queryKey: keys.me });
        }
      },
    }),
    defaultOptions: {
      queries: {
        staleTime: STALE_TIME_MS,
        refetchOnWindowFocus: false,
        // Retrying a 4xx will not change the answer.
        retry: (failures, error) =>
          !(error instanceof ApiError && error.status >= 400 && error.status < 500) && failures < 2,
      },
    },
  });
  return client;
}
