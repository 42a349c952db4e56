import { QueryClient } from "@tanstack/react-query";
import { shouldRetry } from "./errors.ts";

export function createQueryClient() {
  return new QueryClient({
    defaultOptions: {
      queries: {
        // The refresh link owns the one retry after an auth failure; retrying UNAUTHORIZED here
        // would start refreshes of our own. Network failures go to the "try again" UI instead.
        retry: shouldRetry,
        refetchOnWindowFocus: true,
        staleTime: 30_000,
      },
      mutations: { retry: false },
    },
  });
}
