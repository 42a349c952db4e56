import { createTRPCClient, httpBatchLink, httpLink } from "@trpc/client";
import type { AppErrorCode } from "@tropical/auth/error-codes";
import { refreshLink } from "@tropical/refresh-link";
import type { AppRouter } from "@tropical/api";
import superjson from "superjson";

/**
 * The two tRPC clients. Both send cookies (same origin) and never see a token.
 *
 * - The auth client talks to `/api/auth/trpc`, the only path the refresh cookie is sent to.
 *   It uses `httpLink`: one request per call, so `Set-Cookie` arrives with the answer (a
 *   streaming or batched link is the wrong tool for calls that rotate cookies).
 * - The main client talks to `/trpc` through the refresh link, which refreshes once through
 *   the auth client and retries the failed call once.
 */

export function createAuthClient() {
  return createTRPCClient<AppRouter>({
    links: [httpLink({ url: "/api/auth/trpc", transformer: superjson })],
  });
}

export type AuthClient = ReturnType<typeof createAuthClient>;

export interface MainLinkOptions {
  authClient: AuthClient;
  onSessionExpired: (code: AppErrorCode) => void;
}

export function createMainLinks({ authClient, onSessionExpired }: MainLinkOptions) {
  return [
    refreshLink<AppRouter>({
      refresh: async () => {
        await authClient.auth.refresh.mutate();
      },
      onSessionExpired,
    }),
    httpBatchLink({ url: "/trpc", transformer: superjson }),
  ];
}
