import type { RouterOutputs } from "@tropical/api";
import { createContext, useContext } from "react";
import type { SignedOutReason } from "./messages.ts";

export type SignedInUser = RouterOutputs["auth"]["status"]["user"];

/**
 * What the app knows about the session. Routing waits for anything but `loading`.
 *
 * - `loading`: `auth.status` has not answered yet (the refresh link may be refreshing).
 * - `signed-in`: status answered, possibly after a silent refresh.
 * - `signed-out`: UNAUTHORIZED after the link's refresh failed terminally, or the user signed out.
 * - `unreachable`: the network or the server failed (incl. TOKEN_REFRESH_ERROR): the session is
 *   kept, the user is offered a retry.
 */
export type AuthState =
  | { status: "loading" }
  | { status: "signed-in"; user: SignedInUser }
  | { status: "signed-out"; reason?: SignedOutReason }
  | { status: "unreachable"; retrying: boolean };

export interface AuthContextValue {
  state: AuthState;
  /** Asks `auth.status` again (the "Try again" button). */
  retry: () => void;
  /** Ends the session on the server, forgets every cached answer, and lands on /login. */
  signOut: () => Promise<void>;
  /** A token refresh (this tab's, or waiting for another tab's) is under way: "Refreshing…". */
  refreshing: boolean;
}

export const AuthContext = createContext<AuthContextValue | null>(null);

export function useAuth(): AuthContextValue {
  const value = useContext(AuthContext);
  if (!value) throw new Error("useAuth must be used inside <AuthProvider>");
  return value;
}
