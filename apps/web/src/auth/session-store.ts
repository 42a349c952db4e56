import type { SignedOutReason } from "./messages.ts";

/**
 * Remembers that this page's session ended, and why. It is an external store (not React
 * state) because the refresh link reports expiry from outside React, possibly before any
 * component listens; `useSyncExternalStore` reads it without a race.
 *
 * Nothing here is a token: the tokens stay in HttpOnly cookies. Signing in again is a full
 * page navigation, which starts a fresh store.
 */
export interface SessionEnded {
  reason: SignedOutReason;
}

export interface SessionStore {
  subscribe(listener: () => void): () => void;
  getSnapshot(): SessionEnded | null;
  /** Marks the session over. The first reason wins, so a later echo cannot replace the message. */
  end(reason: SignedOutReason): void;
}

export function createSessionStore(): SessionStore {
  let ended: SessionEnded | null = null;
  const listeners = new Set<() => void>();
  return {
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    getSnapshot: () => ended,
    end(reason) {
      if (ended) return;
      ended = { reason };
      for (const listener of listeners) listener();
    },
  };
}
