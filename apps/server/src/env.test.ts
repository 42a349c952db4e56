import { describe, expect, it } from "vitest";
import { EnvError, authConfigFrom, loadEnv } from "./env.ts";

const PROD = { NODE_ENV: "production", JWT_KEYS: "k1:a-production-secret-of-enough-length", KAKAO_CLIENT_ID: "client" };

function failure(source: Record<string, string>): string {
  try {
    loadEnv(source);
  } catch (error) {
    expect(error).toBeInstanceOf(EnvError);
    return (error as Error).message;
  }
  throw new Error("expected loadEnv to fail");
}

describe("loadEnv", () => {
  it("has working development defaults with the stand-in and the dev key", () => {
    const env = loadEnv({});
    expect(env).toMatchObject({
      nodeEnv: "development",
      host: "127.0.0.1",
      port: 4000,
      appOrigin: "http://localhost:5173",
      usingDevKeys: true,
      cookieSecure: false,
      serveWeb: false,
      trustProxy: false,
      accessTtlSeconds: 900,
      refreshTtlSeconds: 604800,
      sessionMaxAgeSeconds: 2592000,
      logLevel: "info",
    });
    expect(env.kakao).toMatchObject({
      standin: true,
      authorizeUrl: "http://localhost:5173/kakao-standin/oauth/authorize",
      tokenUrl: "http://127.0.0.1:4000/kakao-standin/oauth/token",
      userUrl: "http://127.0.0.1:4000/kakao-standin/v2/user/me",
      redirectUri: "http://localhost:5173/oauth/kakao/callback",
    });
    expect(env.webDistDir).toMatch(/apps\/web\/dist$/);
    expect(authConfigFrom(env)).toMatchObject({ issuer: "tropical-auth", cookieSecure: false, accessTtlSeconds: 900 });
  });

  it("uses Kakao's endpoints and secure cookies in production", () => {
    const env = loadEnv({ ...PROD, APP_ORIGIN: "https://tropical.example/" });
    expect(env.appOrigin).toBe("https://tropical.example");
    expect(env.cookieSecure).toBe(true);
    expect(env.serveWeb).toBe(true);
    expect(env.kakao).toMatchObject({ standin: false, tokenUrl: "https://kauth.kakao.com/oauth/token", redirectUri: "https://tropical.example/oauth/kakao/callback" });
  });

  it("requires JWT_KEYS in production and lists every bad variable at once", () => {
    const message = failure({ NODE_ENV: "production", PORT: "abc", KAKAO_CLIENT_ID: "client" });
    expect(message).toContain("PORT");
    const second = failure({ NODE_ENV: "production", KAKAO_CLIENT_ID: "client", COOKIE_SECURE: "false", APP_ORIGIN: "https://x.example" });
    expect(second).toContain("JWT_KEYS");
    expect(second).toContain("COOKIE_SECURE");
  });

  it("never prints a secret value", () => {
    const message = failure({ ...PROD, JWT_KEYS: "k1:tooshort-secret" });
    expect(message).toContain("JWT_KEYS");
    expect(message).not.toContain("tooshort-secret");
  });

  it("refuses COOKIE_SECURE=false in production except for a localhost origin", () => {
    expect(failure({ ...PROD, COOKIE_SECURE: "false", APP_ORIGIN: "https://tropical.example" })).toContain("COOKIE_SECURE");
    expect(loadEnv({ ...PROD, COOKIE_SECURE: "false", APP_ORIGIN: "http://localhost:4000" }).cookieSecure).toBe(false);
    expect(loadEnv({ ...PROD, COOKIE_SECURE: "false", APP_ORIGIN: "http://127.0.0.1:4000" }).cookieSecure).toBe(false);
  });

  it("refuses the stand-in in production unless KAKAO_STANDIN=true", () => {
    const { KAKAO_CLIENT_ID: _omit, ...noKakao } = PROD;
    expect(failure(noKakao)).toContain("KAKAO_CLIENT_ID");
    expect(loadEnv({ ...noKakao, KAKAO_STANDIN: "true" }).kakao.standin).toBe(true);
  });

  it("validates booleans, numbers, URLs and log levels", () => {
    expect(failure({ COOKIE_SECURE: "yes" })).toContain("COOKIE_SECURE");
    expect(failure({ ACCESS_TOKEN_TTL_SECONDS: "-5" })).toContain("ACCESS_TOKEN_TTL_SECONDS");
    expect(failure({ APP_ORIGIN: "javascript:alert(1)" })).toContain("APP_ORIGIN");
    expect(failure({ LOG_LEVEL: "loud" })).toContain("LOG_LEVEL");
    expect(loadEnv({ LOG_LEVEL: "silent", TRUST_PROXY: "1" })).toMatchObject({ logLevel: "silent", trustProxy: 1 });
  });
});
