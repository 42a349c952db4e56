import { TRPCError } from "@trpc/server";
import { describe, expect, it } from "vitest";
import { AppError } from "@tropical/api";
import type { AppErrorCode } from "@tropical/auth/error-codes";
import { restFailure } from "./routes.ts";

const appError = (appCode: AppErrorCode, message: string) =>
  new AppError(appCode, message, new Error("db is down at /srv/app.ts:12"));

describe("restFailure (the error paths HTTP tests cannot provoke)", () => {
  it("TOKEN_REFRESH_ERROR keeps 500, its message and its code, and is logged", () => {
    expect(restFailure(appError("TOKEN_REFRESH_ERROR", "Could not refresh the session; try again"))).toEqual({
      status: 500,
      body: { success: false, message: "Could not refresh the session; try again", errorCode: "TOKEN_REFRESH_ERROR" },
      unexpected: true,
    });
  });

  it("an unexpected error (tRPC-wrapped or not, or an unknown appCode) is a bare 500 INTERNAL_ERROR", () => {
    const internal = { status: 500, body: { success: false, message: "Internal server error", errorCode: "INTERNAL_ERROR" }, unexpected: true };
    expect(restFailure(new TRPCError({ code: "INTERNAL_SERVER_ERROR", message: "secret detail" }))).toEqual(internal);
    expect(restFailure(new Error("boom"))).toEqual(internal);
    expect(restFailure("thrown string")).toEqual(internal);
    const foreign = Object.assign(new TRPCError({ code: "UNAUTHORIZED", message: "x" }), { appCode: "NOT_A_CODE" });
    expect(restFailure(foreign)).toEqual(internal);
  });

  it("a tRPC error without an appCode (input validation) gets a plain message, not the validator's dump", () => {
    expect(restFailure(new TRPCError({ code: "BAD_REQUEST", message: '[{"path":["refreshToken"]}]' }))).toEqual({
      status: 400,
      body: { success: false, message: "Invalid request", errorCode: "INVALID_INPUT" },
      unexpected: false,
    });
  });

  it("application errors map their tRPC code to the HTTP status", () => {
    expect(restFailure(appError("REFRESH_TOKEN_EXPIRED", "Your session expired; please sign in again"))).toEqual({
      status: 401,
      body: { success: false, message: "Your session expired; please sign in again", errorCode: "REFRESH_TOKEN_EXPIRED" },
      unexpected: false,
    });
    expect(restFailure(appError("REFRESH_TOKEN_REQUIRED", "No refresh token was sent")).status).toBe(400);
    expect(restFailure(appError("RATE_LIMITED", "Slow down")).status).toBe(429);
  });
});
