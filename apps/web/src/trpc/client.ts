import { createTRPCClient, httpBatchLink, httpLink } from "@trpc/client";
import type { AppErrorCode } from "@tropical/auth/error-codes";
import { coordinateAcrossTabs, refreshLink, type CoordinatedRefresh } from "@tropical/refresh-link";
import type { AppRouter } from "@tropical/api";
import superjson from "superjson";

/**
 * The two tRPC clients. Both send cookies (same origin) and never see a token.
 *
 * - The auth client talks to `/api/auth/trpc`, under `/api`: the only path the refresh cookie
 *   is sent to.
 *   It uses `httpLink`: one request per call, so `Set-Cookie` arrives with the answer (a
 *   streaming or batched link is the wrong tool for calls that rotate cookies).
 * - The main client talks to `/trpc` through the refresh link, which refreshes once through
 *   the auth client (coordinated across tabs) and retries the failed call once.
 */

export function createAuthClient() {
  return createTRPCClient<AppRouter>({
    links: [httpLink({ url: "/api/auth/trpc", transformer: superjson })],
  });
}

export type AuthClient = ReturnType<typeof createAuthClient>;

export interface CoordinatedRefreshOptions {
  /** `true` while this tab refreshes or waits for another tab's refresh. */
  onRefreshStateChange?: (refreshing: boolean) => void;
}

/**
 * The one refresh of this page: `auth.refresh` through the auth client, coordinated with the
 * other tabs of this browser (Web Locks + BroadcastChannel), because every refresh rotates
 * the refresh token and two tabs rotating at once would look like token reuse. It resolves
 * with the new access token's expiry, which the proactive scheduler goes by.
 */
export function createCoordinatedRefresh(
  authClient: AuthClient,
  { onRefreshStateChange }: CoordinatedRefreshOptions = {},
): CoordinatedRefresh {
  return coordinateAcrossTabs(() => authClient.auth.refresh.mutate(), { onRefreshStateChange });
}

export interface MainLinkOptions {
  /** The coordinated refresh (see `createCoordinatedRefresh`). */
  refresh: () => Promise<unknown>;
  onSessionExpired: (code: AppErrorCode) => void;
}

export function createMainLinks({ refresh, onSessionExpired }: MainLinkOptions) {
  return [
    refreshLink<AppRouter>({ refresh, onSessionExpired }),
    httpBatchLink({ url: "/trpc", transformer: superjson }),
  ];
}
