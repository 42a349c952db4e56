import { isAuthError } from "../trpc/errors.ts";
import type { AuthState, SignedInUser } from "./auth-context.ts";
import type { SessionEnded } from "./session-store.ts";

interface StatusQuery {
  data: { user: SignedInUser } | undefined;
  error: unknown;
  isFetching: boolean;
}

/**
 * The auth state machine in one pure function; the order of the checks is the policy.
 *
 * 1. A session that ended (refresh link gave up terminally, or the user signed out) is over,
 *    whatever `auth.status` said earlier.
 * 2. UNAUTHORIZED from `auth.status` has already been through the refresh link: signed out.
 * 3. An answer we have stays valid through a failed background refetch (network blip).
 * 4. Any other failure (network, 5xx, TOKEN_REFRESH_ERROR) is not a logout: unreachable.
 * 5. Otherwise we are still asking.
 */
export function deriveAuthState(ended: SessionEnded | null, status: StatusQuery): AuthState {
  if (ended) return { status: "signed-out", reason: ended.reason };
  if (status.error && isAuthError(status.error)) return { status: "signed-out" };
  if (status.data) return { status: "signed-in", user: status.data.user };
  if (status.error) return { status: "unreachable", retrying: status.isFetching };
  return { status: "loading" };
}
