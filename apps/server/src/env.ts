/**
 * The only place that reads the environment. Everything is validated once at start-up; a bad
 * value stops the server with one message that names every bad variable (never its value, so
 * a secret cannot end up in a log).
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import { type Keyring, parseKeyring } from "@tropical/auth";
import type { AuthConfig } from "@tropical/api";
import { z } from "zod";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");

/**
 * Development and test only: a fixed key so `npm run dev` works without setup. Its name says
 * what it is, so a token signed with it is recognisable; production refuses to start without
 * JWT_KEYS.
 */
const DEV_JWT_KEYS = "dev-insecure:tropical-development-only-key-never-use-in-production";

/** The client id the stand-in expects; it has no meaning outside this server. */
export const STANDIN_CLIENT_ID = "tropical-dev-standin";

const bool = z.enum(["true", "false"]).transform((value) => value === "true");
const positiveInt = z.coerce.number().int().positive();
const httpUrl = z.url({ protocol: /^https?$/ });

const schema = z.object({
  NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
  HOST: z.string().min(1).default("127.0.0.1"),
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  APP_ORIGIN: httpUrl.default("http://localhost:5173"),
  JWT_KEYS: z.string().min(1).optional(),
  AUTH_ISSUER: z.string().min(1).default("tropical-auth"),
  ACCESS_TOKEN_TTL_SECONDS: positiveInt.default(900),
  REFRESH_TOKEN_TTL_SECONDS: positiveInt.default(604800),
  SESSION_MAX_AGE_SECONDS: positiveInt.default(2592000),
  REFRESH_REUSE_GRACE_SECONDS: positiveInt.default(5),
  COOKIE_SECURE: bool.optional(),
  TRUST_PROXY: z.string().min(1).optional(),
  KAKAO_CLIENT_ID: z.string().min(1).optional(),
  KAKAO_CLIENT_SECRET: z.string().min(1).optional(),
  KAKAO_AUTHORIZE_URL: httpUrl.default("https://kauth.kakao.com/oauth/authorize"),
  KAKAO_TOKEN_URL: httpUrl.default("https://kauth.kakao.com/oauth/token"),
  KAKAO_USER_URL: httpUrl.default("https://kapi.kakao.com/v2/user/me"),
  KAKAO_STANDIN: bool.optional(),
  SERVE_WEB: bool.optional(),
  WEB_DIST_DIR: z.string().min(1).default("apps/web/dist"),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
});

export interface KakaoConfig {
  clientId: string;
  clientSecret: string | undefined;
  /** Browser-facing. */
  authorizeUrl: string;
  /** Server-to-server. */
  tokenUrl: string;
  userUrl: string;
  redirectUri: string;
  /** True when the local stand-in plays Kakao (no KAKAO_CLIENT_ID). */
  standin: boolean;
}

export interface ServerEnv {
  nodeEnv: "development" | "test" | "production";
  host: string;
  port: number;
  /** Origin without a trailing slash. */
  appOrigin: string;
  keyring: Keyring;
  /** The built-in development key is in use; main.ts warns about it once. */
  usingDevKeys: boolean;
  authIssuer: string;
  accessTtlSeconds: number;
  refreshTtlSeconds: number;
  sessionMaxAgeSeconds: number;
  refreshGraceSeconds: number;
  cookieSecure: boolean;
  /** Express's `trust proxy` value, or false when TRUST_PROXY is unset. */
  trustProxy: boolean | number | string;
  kakao: KakaoConfig;
  serveWeb: boolean;
  webDistDir: string;
  logLevel: z.infer<typeof schema>["LOG_LEVEL"];
}

export class EnvError extends Error {
  override name = "EnvError";
}

const LOCAL_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);

/** `true`/`false`, a hop count, or anything Express understands (`loopback`, CIDR lists). */
function parseTrustProxy(value: string | undefined): boolean | number | string {
  if (value === undefined || value === "false") return false;
  if (value === "true") return true;
  if (/^\d+$/.test(value)) return Number(value);
  return value;
}

export function loadEnv(source: Record<string, string | undefined> = process.env): ServerEnv {
  // Empty strings count as unset: `FOO= npm start` should not mean "FOO is the empty string".
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, value]) => value !== ""));
  const parsed = schema.safeParse(cleaned);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  - ${issue.path.join(".")}: ${issue.message}`);
    throw new EnvError(`Invalid environment:\n${lines.join("\n")}`);
  }
  const raw = parsed.data;
  const problems: string[] = [];
  const production = raw.NODE_ENV === "production";
  const appOrigin = new URL(raw.APP_ORIGIN).origin;

  let keyring: Keyring | undefined;
  if (!raw.JWT_KEYS && production) problems.push("JWT_KEYS: required in production (kid:secret,kid:secret)");
  try {
    keyring = parseKeyring(raw.JWT_KEYS ?? DEV_JWT_KEYS);
  } catch (error) {
    // parseKeyring's messages name kids and lengths, never secrets.
    problems.push(`JWT_KEYS: ${error instanceof Error ? error.message : "invalid"}`);
  }

  const cookieSecure = raw.COOKIE_SECURE ?? production;
  if (production && !cookieSecure && !LOCAL_HOSTS.has(new URL(appOrigin).hostname)) {
    problems.push("COOKIE_SECURE: false is only allowed in production when APP_ORIGIN is localhost or 127.0.0.1");
  }

  const standin = !raw.KAKAO_CLIENT_ID;
  if (production && standin && raw.KAKAO_STANDIN !== true) {
    problems.push("KAKAO_CLIENT_ID: required in production (or set KAKAO_STANDIN=true to use the local stand-in)");
  }

  if (problems.length > 0 || !keyring) {
    throw new EnvError(`Invalid environment:\n${problems.map((line) => `  - ${line}`).join("\n")}`);
  }

  // The stand-in's token and user endpoints are called by this server itself, over real HTTP,
  // so the exchange is exercised exactly as it is against Kakao.
  const selfBase = `http://127.0.0.1:${raw.PORT}/kakao-standin`;
  const kakao: KakaoConfig = standin
    ? {
        clientId: STANDIN_CLIENT_ID,
        clientSecret: undefined,
        authorizeUrl: `${appOrigin}/kakao-standin/oauth/authorize`,
        tokenUrl: `${selfBase}/oauth/token`,
        userUrl: `${selfBase}/v2/user/me`,
        redirectUri: `${appOrigin}/oauth/kakao/callback`,
        standin: true,
      }
    : {
        clientId: raw.KAKAO_CLIENT_ID ?? "",
        clientSecret: raw.KAKAO_CLIENT_SECRET,
        authorizeUrl: raw.KAKAO_AUTHORIZE_URL,
        tokenUrl: raw.KAKAO_TOKEN_URL,
        userUrl: raw.KAKAO_USER_URL,
        redirectUri: `${appOrigin}/oauth/kakao/callback`,
        standin: false,
      };

  return {
    nodeEnv: raw.NODE_ENV,
    host: raw.HOST,
    port: raw.PORT,
    appOrigin,
    keyring,
    usingDevKeys: !raw.JWT_KEYS,
    authIssuer: raw.AUTH_ISSUER,
    accessTtlSeconds: raw.ACCESS_TOKEN_TTL_SECONDS,
    refreshTtlSeconds: raw.REFRESH_TOKEN_TTL_SECONDS,
    sessionMaxAgeSeconds: raw.SESSION_MAX_AGE_SECONDS,
    refreshGraceSeconds: raw.REFRESH_REUSE_GRACE_SECONDS,
    cookieSecure,
    trustProxy: parseTrustProxy(raw.TRUST_PROXY),
    kakao,
    serveWeb: raw.SERVE_WEB ?? production,
    webDistDir: path.resolve(repoRoot, raw.WEB_DIST_DIR),
    logLevel: raw.LOG_LEVEL,
  };
}

/** The slice of the environment the API package needs. */
export function authConfigFrom(env: ServerEnv): AuthConfig {
  return {
    issuer: env.authIssuer,
    keyring: env.keyring,
    accessTtlSeconds: env.accessTtlSeconds,
    refreshTtlSeconds: env.refreshTtlSeconds,
    sessionMaxAgeSeconds: env.sessionMaxAgeSeconds,
    refreshGraceSeconds: env.refreshGraceSeconds,
    allowedOrigins: [env.appOrigin],
    cookieSecure: env.cookieSecure,
  };
}
