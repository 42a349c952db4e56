import {
  createProactiveRefresh,
  getAppErrorCode,
  type CoordinatedRefresh,
  type ProactiveRefresh,
} from "@tropical/refresh-link";
import { createCoordinatedRefresh, type AuthClient } from "../trpc/client.ts";
import type { SessionStore } from "./session-store.ts";

/**
 * Everything about keeping the access token fresh, built once per page next to the session
 * store (outside React, like the links that use it):
 *
 * - `refresh`: the cross-tab coordinated `auth.refresh`, for the refresh link (the 401 path);
 * - `scheduler`: refreshes shortly before the access token expires, and when the tab comes
 *   back or the network returns near the expiry. The auth provider starts it with the expiry
 *   from `auth.status` while signed in and stops it otherwise; every refresh (this tab's link,
 *   another tab) re-arms it;
 * - `refreshing`: a tiny external store, `true` while a refresh (or waiting for another
 *   tab's) is under way, for a "Refreshing…" hint.
 *
 * A refresh that ends the session — proactive here, or in another tab while this one is
 * signed in — ends it in this tab too, so every tab goes to sign-in with the same message.
 */
export interface SessionRefresh {
  refresh: CoordinatedRefresh;
  scheduler: ProactiveRefresh;
  refreshing: {
    subscribe(listener: () => void): () => void;
    getSnapshot(): boolean;
  };
}

export function createSessionRefresh(authClient: AuthClient, sessionStore: SessionStore): SessionRefresh {
  let refreshing = false;
  const listeners = new Set<() => void>();

  const refresh = createCoordinatedRefresh(authClient, {
    onRefreshStateChange(value) {
      if (value === refreshing) return;
      refreshing = value;
      for (const listener of [...listeners]) listener();
    },
  });

  const scheduler = createProactiveRefresh({
    refresh,
    subscribe: refresh.subscribe,
    onSessionExpired: (code) => sessionStore.end(code),
    // Transient failures back off inside the scheduler; the 401 path stays the safety net.
  });

  refresh.subscribe((event) => {
    if (event.type !== "refresh-failed" || event.by !== "other-tab" || !event.terminal) return;
    // The scheduler runs exactly while this tab is signed in.
    if (scheduler.running) sessionStore.end(getAppErrorCode(event.error) ?? "SESSION_REVOKED");
  });

  // However the session ends (the link, the scheduler, signing out), nothing is scheduled after it.
  sessionStore.subscribe(() => {
    if (sessionStore.getSnapshot()) scheduler.stop();
  });

  return {
    refresh,
    scheduler,
    refreshing: {
      subscribe(listener) {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
      getSnapshot: () => refreshing,
    },
  };
}
