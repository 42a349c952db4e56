import { describe, expect, it } from "vitest";
import { APP_ERRORS, endsSession, isAppErrorCode, shouldRefresh, type AppErrorCode } from "./error-codes.ts";

/**
 * The tRPC error code names (`TRPC_ERROR_CODES_BY_KEY` in @trpc/server 11). Listed here because
 * this package does not depend on tRPC.
 */
const TRPC_CODES = new Set([
  "PARSE_ERROR",
  "BAD_REQUEST",
  "INTERNAL_SERVER_ERROR",
  "NOT_IMPLEMENTED",
  "BAD_GATEWAY",
  "SERVICE_UNAVAILABLE",
  "GATEWAY_TIMEOUT",
  "UNAUTHORIZED",
  "PAYMENT_REQUIRED",
  "FORBIDDEN",
  "NOT_FOUND",
  "METHOD_NOT_SUPPORTED",
  "TIMEOUT",
  "CONFLICT",
  "PRECONDITION_FAILED",
  "PAYLOAD_TOO_LARGE",
  "UNSUPPORTED_MEDIA_TYPE",
  "UNPROCESSABLE_CONTENT",
  "PRECONDITION_REQUIRED",
  "TOO_MANY_REQUESTS",
  "CLIENT_CLOSED_REQUEST",
]);

const ALL_CODES = Object.keys(APP_ERRORS) as AppErrorCode[];

describe("APP_ERRORS", () => {
  it.each(ALL_CODES)("gives %s a valid tRPC code name", (code) => {
    expect(TRPC_CODES.has(APP_ERRORS[code].trpcCode)).toBe(true);
  });

  it("contains every code of DESIGN §5", () => {
    expect(ALL_CODES).toEqual(
      expect.arrayContaining([
        "ACCESS_TOKEN_MISSING",
        "ACCESS_TOKEN_EXPIRED",
        "ACCESS_TOKEN_INVALID",
        "SESSION_REVOKED",
        "REFRESH_TOKEN_REQUIRED",
        "INVALID_REFRESH_TOKEN",
        "REFRESH_TOKEN_EXPIRED",
        "REFRESH_TOKEN_REUSED",
        "TOKEN_REFRESH_ERROR",
        "RATE_LIMITED",
        "CSRF_REJECTED",
      ]),
    );
  });

  it.each([
    ["ACCESS_TOKEN_MISSING", "UNAUTHORIZED"],
    ["ACCESS_TOKEN_EXPIRED", "UNAUTHORIZED"],
    ["ACCESS_TOKEN_INVALID", "UNAUTHORIZED"],
    ["SESSION_REVOKED", "UNAUTHORIZED"],
    ["REFRESH_TOKEN_REQUIRED", "BAD_REQUEST"],
    ["REFRESH_TOKEN_EXPIRED", "UNAUTHORIZED"],
    ["REFRESH_TOKEN_REUSED", "UNAUTHORIZED"],
    ["TOKEN_REFRESH_ERROR", "INTERNAL_SERVER_ERROR"],
    ["RATE_LIMITED", "TOO_MANY_REQUESTS"],
    ["CSRF_REJECTED", "FORBIDDEN"],
  ] as const)("sends %s with the tRPC code %s", (code, trpcCode) => {
    expect(APP_ERRORS[code].trpcCode).toBe(trpcCode);
  });

  it("sends INVALID_REFRESH_TOKEN as UNAUTHORIZED or BAD_REQUEST", () => {
    expect(["UNAUTHORIZED", "BAD_REQUEST"]).toContain(APP_ERRORS.INVALID_REFRESH_TOKEN.trpcCode);
  });
});

describe("shouldRefresh", () => {
  const refreshable: AppErrorCode[] = ["ACCESS_TOKEN_MISSING", "ACCESS_TOKEN_EXPIRED", "ACCESS_TOKEN_INVALID", "SESSION_REVOKED"];

  it.each(refreshable)("tells the client to refresh once on %s", (code) => {
    expect(shouldRefresh(code)).toBe(true);
  });

  it.each(ALL_CODES.filter((code) => !refreshable.includes(code)))("does not refresh on %s", (code) => {
    expect(shouldRefresh(code)).toBe(false);
  });

  it("refreshes only on UNAUTHORIZED codes", () => {
    for (const code of ALL_CODES.filter(shouldRefresh)) expect(APP_ERRORS[code].trpcCode).toBe("UNAUTHORIZED");
  });
});

describe("endsSession", () => {
  const terminal: AppErrorCode[] = [
    "REFRESH_TOKEN_REQUIRED",
    "INVALID_REFRESH_TOKEN",
    "REFRESH_TOKEN_EXPIRED",
    "REFRESH_TOKEN_REUSED",
  ];

  it.each(terminal)("sends the user to sign in on %s", (code) => {
    expect(endsSession(code)).toBe(true);
  });

  it.each(ALL_CODES.filter((code) => !terminal.includes(code)))("keeps the session on %s", (code) => {
    expect(endsSession(code)).toBe(false);
  });

  it("keeps the session on a server hiccup during refresh (TOKEN_REFRESH_ERROR), offering a retry", () => {
    expect(endsSession("TOKEN_REFRESH_ERROR")).toBe(false);
    expect(APP_ERRORS.TOKEN_REFRESH_ERROR.client).toBe("retry");
  });

  it("never both refreshes and ends the session for one code", () => {
    for (const code of ALL_CODES) expect(shouldRefresh(code) && endsSession(code)).toBe(false);
  });
});

describe("isAppErrorCode", () => {
  it.each(ALL_CODES)("recognises %s", (code) => {
    expect(isAppErrorCode(code)).toBe(true);
  });

  it.each([undefined, null, 42, {}, "", "UNAUTHORIZED", "toString", "__proto__", "hasOwnProperty", "access_token_expired"])(
    "rejects %o",
    (value) => {
      expect(isAppErrorCode(value)).toBe(false);
    },
  );
});
