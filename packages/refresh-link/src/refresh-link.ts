import { TRPCClientError, type Operation, type TRPCLink } from "@trpc/client";
import type { AnyTRPCRouter } from "@trpc/server";
import { observable, type Unsubscribable } from "@trpc/server/observable";
import type { AppErrorCode } from "@tropical/auth/error-codes";
import { isRefreshable, refreshFailure, type RefreshOutcome } from "./refresh-policy.ts";
import { singleFlight } from "./single-flight.ts";

export interface RefreshLinkOptions {
  /**
   * Performs the refresh; resolves once new cookies are set. Pass a call through a separate
   * client without this link (e.g. `httpLink` → `auth.refresh`), so the refresh itself can
   * never be retried. Reject with the `TRPCClientError` (or any error on network failure).
   * What it resolves with is ignored here (the app may return `{ accessTokenExpiresAt }` for
   * the proactive scheduler); wrap it with `coordinateAcrossTabs` so tabs take turns.
   */
  refresh: () => Promise<unknown>;
  /**
   * Called once per failed refresh whose code ends the session (`endsSession`): the app
   * navigates to sign-in with a message for `code`. Operations that waited for that refresh
   * reject with their own original UNAUTHORIZED error.
   */
  onSessionExpired?: (code: AppErrorCode) => void;
  /**
   * Operations that pass straight through: never held, never retried, never trigger a refresh.
   * Default: `op.path === "auth.refresh"`.
   */
  isRefreshOperation?: (op: Operation) => boolean;
  /** `true` when a refresh starts, `false` when it settles (for a "refreshing…" UI state). */
  onRefreshStateChange?: (refreshing: boolean) => void;
}

/**
 * The flag a retried operation carries on its context, like axios' `_retry`: an operation
 * that has it is never retried again, so a server that keeps answering UNAUTHORIZED cannot
 * make us loop.
 */
const RETRIED = "refreshRetried";

const REFRESHED: RefreshOutcome = { kind: "refreshed" };

/**
 * On an UNAUTHORIZED result that a refresh may cure, refreshes once for all concurrent
 * failures and retries each failed operation once (DESIGN §6).
 *
 * When the refresh fails transiently (network, TOKEN_REFRESH_ERROR, any non-terminal code),
 * the waiting operations reject with the refresh's error (as a `TRPCClientError`), not their
 * own UNAUTHORIZED: its code says "retry", so the UI offers a retry instead of a sign-in.
 */
export function refreshLink<TRouter extends AnyTRPCRouter>(
  opts: RefreshLinkOptions,
): TRPCLink<TRouter> {
  const isRefreshOperation = opts.isRefreshOperation ?? ((op) => op.path === "auth.refresh");

  // The state below lives at config level, not per client: every client built from this link
  // shares one cookie jar, so they must share one refresh too.

  // Successful refreshes so far. An operation notes the count when it is sent; if the count
  // has grown by the time it fails, it went out with the old cookie and only needs its retry,
  // not another refresh (which would rotate the refresh token for nothing).
  let refreshes = 0;

  const refreshOnce = singleFlight(async (): Promise<RefreshOutcome> => {
    opts.onRefreshStateChange?.(true);
    try {
      await opts.refresh();
      refreshes += 1;
      return REFRESHED;
    } catch (error) {
      const outcome = refreshFailure(error);
      // Here, not in each waiting operation: this body runs once per flight, so ten waiting
      // operations still navigate to sign-in once.
      if (outcome.kind === "session-ended") opts.onSessionExpired?.(outcome.code);
      return outcome;
    } finally {
      opts.onRefreshStateChange?.(false);
    }
  });

  return () => {
    // initialised per client: nothing of our own here, the state above is shared on purpose
    return ({ op, next }) => {
      // Subscriptions have no single result to retry; the refresh call must never wait on itself.
      if (op.type === "subscription" || isRefreshOperation(op)) return next(op);

      // initialised per operation
      return observable((observer) => {
        let next$: Unsubscribable | undefined;
        let closed = false;

        function attempt(current: Operation) {
          const refreshesAtSend = refreshes;
          next$ = next(current).subscribe({
            next(envelope) {
              observer.next(envelope);
            },
            complete() {
              observer.complete();
            },
            error(error) {
              if (current.context[RETRIED] === true || !isRefreshable(error)) {
                observer.error(error);
                return;
              }
              const refreshed =
                refreshes === refreshesAtSend ? refreshOnce() : Promise.resolve(REFRESHED);
              void refreshed.then(
                (outcome) => {
                  // Unsubscribed while waiting: no retry, nobody to tell.
                  if (closed) return;
                  // Cancelled while waiting: a retry would only be thrown away.
                  if (current.signal?.aborted) {
                    observer.error(error);
                  } else if (outcome.kind === "refreshed") {
                    attempt({ ...current, context: { ...current.context, [RETRIED]: true } });
                  } else if (outcome.kind === "session-ended") {
                    observer.error(error);
                  } else {
                    // `from` keeps a TRPCClientError as it is and wraps anything else (TypeError…).
                    observer.error(TRPCClientError.from<TRouter>(outcome.error as Error));
                  }
                },
                // Only a throwing app callback (onSessionExpired…) gets here: never leave the call hanging.
                () => {
                  if (!closed) observer.error(error);
                },
              );
            },
          });
        }

        attempt(op);
        return () => {
          closed = true;
          next$?.unsubscribe();
        };
      });
    };
  };
}
