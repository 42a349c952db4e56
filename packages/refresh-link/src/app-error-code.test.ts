import { TRPCClientError } from "@trpc/client";
import { describe, expect, it } from "vitest";
import { getAppErrorCode, getTrpcCode } from "./app-error-code.ts";
import { bareUnauthorized, serverError, unauthorized } from "./test-support.ts";

describe("getAppErrorCode", () => {
  it("reads data.appCode from a TRPCClientError", () => {
    expect(getAppErrorCode(unauthorized("ACCESS_TOKEN_EXPIRED"))).toBe("ACCESS_TOKEN_EXPIRED");
    expect(getAppErrorCode(serverError("FORBIDDEN", "CSRF_REJECTED"))).toBe("CSRF_REJECTED");
  });

  it("reads it from a plain TRPCClientErrorLike object too (what React Query may hold)", () => {
    expect(getAppErrorCode({ data: { code: "UNAUTHORIZED", appCode: "SESSION_REVOKED" } })).toBe("SESSION_REVOKED");
  });

  it.each([
    ["no appCode", bareUnauthorized()],
    ["a code not in our table", unauthorized("SOMETHING_NEW")],
    ["a network error", TRPCClientError.from(new TypeError("fetch failed"))],
    ["a plain Error", new Error("x")],
    ["null", null],
    ["a string", "UNAUTHORIZED"],
  ])("is undefined for %s", (_, error) => {
    expect(getAppErrorCode(error)).toBeUndefined();
  });
});

describe("getTrpcCode", () => {
  it("reads data.code, or undefined when there is none", () => {
    expect(getTrpcCode(unauthorized())).toBe("UNAUTHORIZED");
    expect(getTrpcCode(new TypeError("fetch failed"))).toBeUndefined();
  });
});
