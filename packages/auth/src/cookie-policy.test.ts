import { describe, expect, it } from "vitest";
import {
  REFRESH_COOKIE_PATH,
  clearedCookieAttributes,
  cookieAttributes,
  cookieName,
  type AuthCookie,
  type CookiePolicyConfig,
} from "./cookie-policy.ts";

const production: CookiePolicyConfig = { secure: true, accessTtlSeconds: 900, refreshTtlSeconds: 604_800 };
const localhost: CookiePolicyConfig = { ...production, secure: false };
const cookies: AuthCookie[] = ["access", "refresh", "device"];

describe("cookieAttributes", () => {
  it("gives the access cookie HttpOnly, SameSite=Lax, Secure, Path=/ and Max-Age 900 s", () => {
    expect(cookieAttributes("access", production)).toEqual({
      httpOnly: true,
      sameSite: "lax",
      secure: true,
      path: "/",
      maxAge: 900,
    });
  });

  it("gives the refresh cookie the auth path and Max-Age 604800 s", () => {
    expect(REFRESH_COOKIE_PATH).toBe("/api");
    expect(cookieAttributes("refresh", production)).toEqual({
      httpOnly: true,
      sameSite: "lax",
      secure: true,
      path: "/api",
      maxAge: 604_800,
    });
  });

  it("gives the device cookie Path=/ and the 400-day browser maximum", () => {
    expect(cookieAttributes("device", production)).toEqual({
      httpOnly: true,
      sameSite: "lax",
      secure: true,
      path: "/",
      maxAge: 400 * 24 * 60 * 60,
    });
  });

  it("takes Max-Age in seconds from the configuration, not milliseconds", () => {
    const config = { secure: true, accessTtlSeconds: 60, refreshTtlSeconds: 120 };

    expect(cookieAttributes("access", config).maxAge).toBe(60);
    expect(cookieAttributes("refresh", config).maxAge).toBe(120);
  });

  it.each(cookies)("leaves out Secure for the %s cookie only when secure is off", (cookie) => {
    expect(cookieAttributes(cookie, production).secure).toBe(true);
    expect(cookieAttributes(cookie, localhost).secure).toBe(false);
  });

  it.each(cookies)("keeps the %s cookie HttpOnly and SameSite=Lax with secure off", (cookie) => {
    expect(cookieAttributes(cookie, localhost)).toMatchObject({ httpOnly: true, sameSite: "lax" });
  });

  it.each(cookies)("sets no Domain on the %s cookie (required by __Host-)", (cookie) => {
    expect(cookieAttributes(cookie, production)).not.toHaveProperty("domain");
  });
});

describe("cookieName", () => {
  it("uses the __Host- prefix for the access cookie when secure", () => {
    expect(cookieName("access", production)).toBe("__Host-ACCESS_TOKEN");
  });

  it("uses the __Secure- prefix for the refresh cookie when secure (its path is not /)", () => {
    expect(cookieName("refresh", production)).toBe("__Secure-REFRESH_TOKEN");
  });

  it("uses the __Host- prefix for the device cookie when secure", () => {
    expect(cookieName("device", production)).toBe("__Host-DEVICE_ID");
  });

  it("uses plain names when secure is off (browsers drop prefixed cookies without Secure)", () => {
    expect(cookies.map((cookie) => cookieName(cookie, localhost))).toEqual([
      "ACCESS_TOKEN",
      "REFRESH_TOKEN",
      "DEVICE_ID",
    ]);
  });

  it.each(cookies)("pairs a __Host- name on the %s cookie only with Secure and Path=/", (cookie) => {
    if (!cookieName(cookie, production).startsWith("__Host-")) return;

    expect(cookieAttributes(cookie, production)).toMatchObject({ secure: true, path: "/" });
  });
});

describe("clearedCookieAttributes", () => {
  it.each(cookies.flatMap((cookie) => [[cookie, production] as const, [cookie, localhost] as const]))(
    "clears the %s cookie with the same attributes it was set with and Max-Age 0 (%o)",
    (cookie, config) => {
      expect(clearedCookieAttributes(cookie, config)).toEqual({ ...cookieAttributes(cookie, config), maxAge: 0 });
    },
  );

  it("clears the refresh cookie on its own path, not on /", () => {
    expect(clearedCookieAttributes("refresh", production)).toMatchObject({ path: "/api", maxAge: 0 });
  });

  it("clears the access cookie on / with Max-Age 0", () => {
    expect(clearedCookieAttributes("access", production)).toMatchObject({ path: "/", maxAge: 0, secure: true });
  });
});
