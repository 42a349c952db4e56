import { endsSession, shouldRefresh, type AppErrorCode } from "@tropical/auth/error-codes";
import { getAppErrorCode, getTrpcCode } from "./app-error-code.ts";

/**
 * The two decisions of the refresh link, kept apart from its plumbing: which failures a
 * refresh may cure, and what a failed refresh means for the session (DESIGN §5).
 */

/** May a refresh recover an operation that failed with this error? */
export function isRefreshable(error: unknown): boolean {
  if (getTrpcCode(error) !== "UNAUTHORIZED") return false;
  const appCode = getAppErrorCode(error);
  // A bare UNAUTHORIZED (a guard that did not say why, or a code this client does not know yet)
  // gets the benefit of the doubt: one refresh and one retry are bounded, and the server decides.
  return appCode === undefined || shouldRefresh(appCode);
}

/** What one refresh attempt came to; shared by every operation that waited for it. */
export type RefreshOutcome =
  | { kind: "refreshed" }
  /** The refresh token is gone, expired, invalid or reused: only signing in again helps. */
  | { kind: "session-ended"; code: AppErrorCode }
  /** Anything else (network, TOKEN_REFRESH_ERROR, rate limit…): keep the session, let the UI retry. */
  | { kind: "failed"; error: unknown };

export function refreshFailure(error: unknown): Exclude<RefreshOutcome, { kind: "refreshed" }> {
  const code = getAppErrorCode(error);
  // Only an explicit terminal code logs the user out; a server hiccup or a lost connection must not.
  return code !== undefined && endsSession(code)
    ? { kind: "session-ended", code }
    : { kind: "failed", error };
}
