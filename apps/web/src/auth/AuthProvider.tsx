import { useQueryClient } from "@tanstack/react-query";
import { getAppErrorCode } from "@tropical/refresh-link";
import { useCallback, useEffect, useMemo, useSyncExternalStore, type ReactNode } from "react";
import type { AuthClient } from "../trpc/client.ts";
import { isAuthError } from "../trpc/errors.ts";
import { trpc } from "../trpc/react.tsx";
import { AuthContext, type AuthContextValue } from "./auth-context.ts";
import { deriveAuthState } from "./derive-auth-state.ts";
import type { SessionRefresh } from "./session-refresh.ts";
import type { SessionStore } from "./session-store.ts";

export interface AuthProviderProps {
  sessionStore: SessionStore;
  authClient: AuthClient;
  sessionRefresh: SessionRefresh;
  children: ReactNode;
}

/**
 * Asks `auth.status` before anything is routed. With an expired access token the refresh link
 * refreshes and retries status on its own, so a reload lands on the calendar, not on /login.
 */
export function AuthProvider({ sessionStore, authClient, sessionRefresh, children }: AuthProviderProps) {
  const queryClient = useQueryClient();
  const ended = useSyncExternalStore(sessionStore.subscribe, sessionStore.getSnapshot);
  const refreshing = useSyncExternalStore(sessionRefresh.refreshing.subscribe, sessionRefresh.refreshing.getSnapshot);

  const status = trpc.auth.status.useQuery(undefined, {
    // Once the session is over there is nothing to ask until the next sign-in (a new page).
    enabled: ended === null,
    // Failures are shown at once: auth errors are the link's business, others get "Try again".
    retry: false,
    staleTime: 60_000,
  });

  const state = deriveAuthState(ended, status);

  // UNAUTHORIZED without a terminal refresh (the retried call still failed) also ends the session.
  useEffect(() => {
    if (status.error && isAuthError(status.error)) {
      sessionStore.end(getAppErrorCode(status.error) ?? "SESSION_REVOKED");
    }
  }, [status.error, sessionStore]);

  // Nothing of the old session may linger in the cache (another user may sign in next).
  useEffect(() => {
    if (ended) queryClient.removeQueries();
  }, [ended, queryClient]);

  // Proactive refresh runs exactly while signed in, from the expiry `auth.status` reports;
  // refreshes re-arm it on their own (it listens to the coordinated refresh).
  const { scheduler } = sessionRefresh;
  const signedIn = state.status === "signed-in";
  const expiresAt = signedIn ? status.data?.accessTokenExpiresAt : undefined;
  useEffect(() => {
    if (expiresAt) scheduler.start(expiresAt);
  }, [expiresAt, scheduler]);
  useEffect(() => {
    if (!signedIn) return;
    return () => scheduler.stop();
  }, [signedIn, scheduler]);

  const { refetch } = status;
  const retry = useCallback(() => {
    void refetch();
  }, [refetch]);

  const signOut = useCallback(async () => {
    // Throws when the server cannot be reached: the cookies are still there, so we must not
    // pretend the user is signed out.
    await authClient.auth.logout.mutate();
    sessionStore.end("SIGNED_OUT");
  }, [authClient, sessionStore]);

  const value = useMemo<AuthContextValue>(
    () => ({ state, retry, signOut, refreshing }),
    [state, retry, signOut, refreshing],
  );
  return <AuthContext value={value}>{children}</AuthContext>;
}
