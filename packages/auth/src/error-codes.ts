/**
 * The one table of application error codes (DESIGN §5), shared by the server, the refresh
 * link and the web app. Each code carries the tRPC code it travels with and what the client
 * should do about it; the web app maps codes to text.
 */
export const APP_ERRORS = {
  ACCESS_TOKEN_MISSING: { trpcCode: "UNAUTHORIZED", client: "refresh" },
  ACCESS_TOKEN_EXPIRED: { trpcCode: "UNAUTHORIZED", client: "refresh" },
  ACCESS_TOKEN_INVALID: { trpcCode: "UNAUTHORIZED", client: "refresh" },
  SESSION_REVOKED: { trpcCode: "UNAUTHORIZED", client: "refresh" },
  REFRESH_TOKEN_REQUIRED: { trpcCode: "BAD_REQUEST", client: "sign-in" },
  INVALID_REFRESH_TOKEN: { trpcCode: "UNAUTHORIZED", client: "sign-in" },
  REFRESH_TOKEN_EXPIRED: { trpcCode: "UNAUTHORIZED", client: "sign-in" },
  REFRESH_TOKEN_REUSED: { trpcCode: "UNAUTHORIZED", client: "sign-in" },
  TOKEN_REFRESH_ERROR: { trpcCode: "INTERNAL_SERVER_ERROR", client: "retry" },
  RATE_LIMITED: { trpcCode: "TOO_MANY_REQUESTS", client: "back-off" },
  CSRF_REJECTED: { trpcCode: "FORBIDDEN", client: "none" },
  NOT_FOUND: { trpcCode: "NOT_FOUND", client: "none" },
  INVALID_INPUT: { trpcCode: "BAD_REQUEST", client: "none" },
  INTERNAL_ERROR: { trpcCode: "INTERNAL_SERVER_ERROR", client: "retry" },
} as const satisfies Record<string, { trpcCode: string; client: ClientAction }>;

/** What the client does on seeing a code. */
export type ClientAction = "refresh" | "sign-in" | "retry" | "back-off" | "none";

export type AppErrorCode = keyof typeof APP_ERRORS;

export function isAppErrorCode(value: unknown): value is AppErrorCode {
  return typeof value === "string" && Object.hasOwn(APP_ERRORS, value);
}

/** Codes after which a refresh may recover the call (the server decides). */
export function shouldRefresh(code: AppErrorCode): boolean {
  return APP_ERRORS[code].client === "refresh";
}

/** Codes on which the refresh call means the session is over. */
export function endsSession(code: AppErrorCode): boolean {
  return APP_ERRORS[code].client === "sign-in";
}
