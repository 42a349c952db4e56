import { SignJWT } from "jose";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { signToken } from "@tropical/auth";
import { failure } from "../test/failure.ts";
import { TEST_SECRET, type TestApi, createTestApi } from "../test/harness.ts";

let api: TestApi;
beforeEach(async () => {
  api = await createTestApi();
});
afterEach(() => api.dispose());

describe("sign-in", () => {
  it("sets an access cookie (15 min) and a refresh cookie (7 days) and stores only the refresh token's hash", async () => {
    const browser = api.browser();
    await browser.signIn();
    const access = browser.setCookies.find((c) => c.name === "ACCESS_TOKEN");
    const refresh = browser.setCookies.find((c) => c.name === "REFRESH_TOKEN");
    expect(access).toMatchObject({ maxAge: 900, path: "/", httpOnly: true, sameSite: "lax", secure: false });
    expect(refresh).toMatchObject({ maxAge: 604_800, path: "/api", httpOnly: true, sameSite: "lax" });

    const rows = await api.db.refreshToken.findMany();
    expect(rows).toHaveLength(1);
    expect(rows[0]?.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(rows[0]?.tokenHash).not.toContain(refresh?.value);
  });

  it("finds the same user on the next sign-in with the same Kakao account", async () => {
    await api.browser().signIn();
    await api.browser().signIn();
    expect(await api.db.user.count()).toBe(1);
    expect(await api.db.session.count()).toBe(2);
  });
});

describe("auth.status", () => {
  it("answers the signed-in user and when the access token expires, for a valid access token", async () => {
    const browser = api.browser();
    await browser.signIn();
    const status = await browser.caller().auth.status();
    expect(status).toMatchObject({ authenticated: true, nextStep: "dashboard", user: { displayName: "Minji Kim" } });
    expect(new Date(status.accessTokenExpiresAt).getTime()).toBe(api.clock.now().getTime() + 900_000);
  });

  it("answers ACCESS_TOKEN_EXPIRED once the access token is past its lifetime and the clock tolerance", async () => {
    const browser = api.browser();
    await browser.signIn();
    api.clock.advance(900 + 31);
    expect(await failure(browser.caller().auth.status())).toEqual({ code: "UNAUTHORIZED", appCode: "ACCESS_TOKEN_EXPIRED" });
  });

  it("answers ACCESS_TOKEN_MISSING without an access cookie", async () => {
    expect(await failure(api.browser().caller().auth.status())).toEqual({ code: "UNAUTHORIZED", appCode: "ACCESS_TOKEN_MISSING" });
  });

  it.each([
    ["garbage", "ACCESS_TOKEN=not-a-jwt"],
    ["a broken cookie header", "ACCESS_TOKEN=%E0%A4%A; ;;=; x"],
    ["a three-part junk token", "ACCESS_TOKEN=a.b.c"],
  ])("answers ACCESS_TOKEN_INVALID (or MISSING) for %s, never a 500", async (_name, header) => {
    const result = await failure(api.browser().caller(header).auth.status());
    expect(result.code).toBe("UNAUTHORIZED");
    expect(["ACCESS_TOKEN_INVALID", "ACCESS_TOKEN_MISSING"]).toContain(result.appCode);
  });

  it("answers ACCESS_TOKEN_INVALID for a token signed with another key", async () => {
    const forged = await new SignJWT({ sid: "s" })
      .setProtectedHeader({ alg: "HS256", typ: "at+jwt", kid: "test" })
      .setIssuer(api.config.issuer)
      .setAudience("tropical:api")
      .setSubject("someone")
      .setJti("j")
      .setIssuedAt()
      .setExpirationTime("10m")
      .sign(new TextEncoder().encode(`${TEST_SECRET}-but-not-quite`));
    expect(await failure(api.browser().caller(`ACCESS_TOKEN=${forged}`).auth.status())).toEqual({
      code: "UNAUTHORIZED",
      appCode: "ACCESS_TOKEN_INVALID",
    });
  });

  it("answers ACCESS_TOKEN_INVALID for a token of another kind (an onboarding token)", async () => {
    const { token } = await signToken("onboarding", "user-1", { sid: "s" }, 1800, api.config, api.clock.now());
    expect(await failure(api.browser().caller(`ACCESS_TOKEN=${token}`).auth.status())).toEqual({
      code: "UNAUTHORIZED",
      appCode: "ACCESS_TOKEN_INVALID",
    });
  });
});

describe("auth.refresh", () => {
  it("issues a new access cookie from the refresh cookie alone", async () => {
    const browser = api.browser();
    await browser.signIn();
    api.clock.advance(1000);
    browser.jar.delete("ACCESS_TOKEN");

    const result = await browser.caller().auth.refresh();
    const access = browser.setCookies.find((c) => c.name === "ACCESS_TOKEN");
    expect(access).toMatchObject({ maxAge: 900, path: "/", httpOnly: true });
    expect(new Date(result.accessTokenExpiresAt).getTime()).toBe(api.clock.now().getTime() + 900_000);
    await expect(browser.caller().auth.status()).resolves.toMatchObject({ authenticated: true });
  });

  it("accepts the token in the body when no cookie is sent (old clients)", async () => {
    const browser = api.browser();
    await browser.signIn();
    const refreshToken = browser.cookie("REFRESH_TOKEN");
    const oldClient = api.browser();
    await expect(oldClient.caller().auth.refresh({ refreshToken })).resolves.toHaveProperty("accessTokenExpiresAt");
    expect(oldClient.cookie("ACCESS_TOKEN")).toBeTruthy();
  });

  it("prefers the cookie over the body", async () => {
    const browser = api.browser();
    await browser.signIn();
    await expect(browser.caller().auth.refresh({ refreshToken: "x".repeat(43) })).resolves.toBeTruthy();
  });

  it("answers REFRESH_TOKEN_REQUIRED (BAD_REQUEST) with neither cookie nor body", async () => {
    expect(await failure(api.browser().caller().auth.refresh())).toEqual({ code: "BAD_REQUEST", appCode: "REFRESH_TOKEN_REQUIRED" });
    expect(await failure(api.browser().caller().auth.refresh({ refreshToken: null }))).toEqual({
      code: "BAD_REQUEST",
      appCode: "REFRESH_TOKEN_REQUIRED",
    });
  });

  it("answers INVALID_REFRESH_TOKEN for an unknown or malformed token and clears both cookies", async () => {
    const browser = api.browser();
    for (const token of ["A".repeat(43), "short", "💥".repeat(10)]) {
      expect(await failure(browser.caller(`REFRESH_TOKEN=${encodeURIComponent(token)}`).auth.refresh())).toEqual({
        code: "UNAUTHORIZED",
        appCode: "INVALID_REFRESH_TOKEN",
      });
      expect(browser.setCookies.map((c) => [c.name, c.maxAge])).toEqual([
        ["ACCESS_TOKEN", 0],
        ["REFRESH_TOKEN", 0],
      ]);
      expect(browser.setCookies.find((c) => c.name === "REFRESH_TOKEN")?.path).toBe("/api");
    }
  });

  it("answers REFRESH_TOKEN_EXPIRED after seven days", async () => {
    const browser = api.browser();
    await browser.signIn();
    api.clock.advance(604_800 + 1);
    expect(await failure(browser.caller().auth.refresh())).toEqual({ code: "UNAUTHORIZED", appCode: "REFRESH_TOKEN_EXPIRED" });
  });

  it("answers INVALID_REFRESH_TOKEN for the token of a revoked session", async () => {
    const browser = api.browser();
    await browser.signIn();
    const refreshToken = browser.cookie("REFRESH_TOKEN");
    await browser.caller().auth.logout();
    expect(await failure(api.browser().caller().auth.refresh({ refreshToken }))).toEqual({
      code: "UNAUTHORIZED",
      appCode: "INVALID_REFRESH_TOKEN",
    });
  });

  it("answers TOKEN_REFRESH_ERROR (not a sign-out code) when the database fails", async () => {
    const browser = api.browser();
    await browser.signIn();
    await api.db.$disconnect();
    await api.db.$executeRawUnsafe("DROP TABLE RefreshToken");
    expect(await failure(browser.caller().auth.refresh())).toEqual({ code: "INTERNAL_SERVER_ERROR", appCode: "TOKEN_REFRESH_ERROR" });
    // A hiccup is not a logout: the cookies stay.
    expect(browser.setCookies).toEqual([]);
  });
});

describe("auth.logout", () => {
  it("revokes the session and clears both cookies with the paths they were set with", async () => {
    const browser = api.browser();
    await browser.signIn();
    await expect(browser.caller().auth.logout()).resolves.toEqual({ signedOut: true });
    expect(browser.setCookies.map((c) => [c.name, c.maxAge, c.path])).toEqual([
      ["ACCESS_TOKEN", 0, "/"],
      ["REFRESH_TOKEN", 0, "/api"],
    ]);
    const session = await api.db.session.findFirstOrThrow();
    expect(session.revokedAt).not.toBeNull();
    expect(session.revokedReason).toBe("logout");
    expect(await api.db.refreshToken.count({ where: { revokedAt: null } })).toBe(0);
  });

  it("ends the session when only the refresh cookie reaches it (access token already gone)", async () => {
    const browser = api.browser();
    await browser.signIn();
    browser.jar.delete("ACCESS_TOKEN");
    await browser.caller().auth.logout();
    expect((await api.db.session.findFirstOrThrow()).revokedAt).not.toBeNull();
  });

  it("is harmless without any cookie", async () => {
    await expect(api.browser().caller().auth.logout()).resolves.toEqual({ signedOut: true });
  });
});
