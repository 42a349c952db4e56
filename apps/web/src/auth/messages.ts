import type { AppErrorCode } from "@tropical/auth/error-codes";

/** Why the user is looking at the sign-in page: a session-ending code, or their own sign-out. */
export type SignedOutReason = AppErrorCode | "SIGNED_OUT";

export interface LoginMessage {
  tone: "info" | "warning";
  text: string;
}

/** Session-expiry reasons (from the refresh link) as text; `undefined` means say nothing. */
const REASON_MESSAGES: Partial<Record<SignedOutReason, LoginMessage>> = {
  REFRESH_TOKEN_EXPIRED: { tone: "info", text: "Your session expired. Please sign in again." },
  INVALID_REFRESH_TOKEN: { tone: "warning", text: "Please sign in again for security reasons." },
  REFRESH_TOKEN_REUSED: {
    tone: "warning",
    text:
      "For your security we signed you out everywhere: your session was used from somewhere else. " +
      "Please sign in again.",
  },
  SESSION_REVOKED: { tone: "info", text: "This session was ended. Please sign in again." },
  SIGNED_OUT: { tone: "info", text: "You signed out." },
  // REFRESH_TOKEN_REQUIRED is simply "not signed in" (a first visit): no message.
};

/** `?error=` values the server's OAuth routes redirect with. */
const OAUTH_MESSAGES: Record<string, LoginMessage> = {
  access_denied: { tone: "info", text: "Sign-in was cancelled. You can try again whenever you like." },
  oauth_failed: { tone: "warning", text: "Kakao sign-in didn't work this time. Please try again." },
  oauth_state: {
    tone: "warning",
    text: "That sign-in link expired or was opened in another browser. Please start again.",
  },
};

export function messageForReason(reason: SignedOutReason | undefined): LoginMessage | undefined {
  return reason === undefined ? undefined : REASON_MESSAGES[reason];
}

export function messageForOAuthError(error: string | null): LoginMessage | undefined {
  if (!error) return undefined;
  return OAUTH_MESSAGES[error] ?? { tone: "warning", text: "Sign-in didn't work. Please try again." };
}
