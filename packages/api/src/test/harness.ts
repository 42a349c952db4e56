/**
 * Test harness for procedure tests: a private database, a controllable clock, and "browsers"
 * that send a real Cookie header and keep what the server sets through Set-Cookie, exactly as
 * the HTTP adapter would.
 */
import { parseSetCookie } from "cookie";
import { parseKeyring } from "@tropical/auth";
import { createTempDb } from "../../../../scripts/test/temp-db.ts";
import type { AuthConfig } from "../config.ts";
import { createContextInner } from "../context.ts";
import { SessionRevocations } from "../session-revocations.ts";
import { createCaller } from "../root.ts";
import { type OAuthProfile, completeSignIn } from "../services/sign-in.ts";

export const TEST_SECRET = "test-secret-that-is-long-enough-for-hs256!";

export function testConfig(overrides: Partial<AuthConfig> = {}): AuthConfig {
  return {
    issuer: "tropical-auth-test",
    keyring: parseKeyring(`test:${TEST_SECRET}`),
    accessTtlSeconds: 900,
    refreshTtlSeconds: 604_800,
    sessionMaxAgeSeconds: 2_592_000,
    refreshGraceSeconds: 5,
    allowedOrigins: ["http://localhost:5173"],
    cookieSecure: false,
    ...overrides,
  };
}

export interface RecordedCookie {
  name: string;
  value: string;
  maxAge: number | undefined;
  path: string | undefined;
  httpOnly: boolean;
  sameSite: string | undefined;
  secure: boolean;
  raw: string;
}

export async function createTestApi(configOverrides: Partial<AuthConfig> = {}) {
  const { db, dispose } = createTempDb();
  const config = testConfig(configOverrides);
  const revocations = new SessionRevocations();
  let now = new Date("2026-12-01T09:00:00Z");
  const clock = {
    now: () => new Date(now),
    advance(seconds: number) {
      now = new Date(now.getTime() + seconds * 1000);
    },
  };

  function browser(userAgent = "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_0) AppleWebKit/537.36 Chrome/130.0 Safari/537.36") {
    const jar = new Map<string, string>();
    /** Set-Cookie headers of the most recent call. */
    let lastSetCookies: RecordedCookie[] = [];

    const context = (cookieHeader?: string) => {
      lastSetCookies = [];
      return createContextInner({
        db,
        config,
        revocations,
        cookieHeader: cookieHeader ?? [...jar].map(([name, value]) => `${name}=${value}`).join("; "),
        setCookie: (raw) => {
          const parsed = parseSetCookie(raw);
          lastSetCookies.push({
            name: parsed.name,
            value: parsed.value ?? "",
            maxAge: parsed.maxAge,
            path: parsed.path,
            httpOnly: parsed.httpOnly ?? false,
            sameSite: typeof parsed.sameSite === "string" ? parsed.sameSite : undefined,
            secure: parsed.secure ?? false,
            raw,
          });
          if (parsed.maxAge === 0) jar.delete(parsed.name);
          else jar.set(parsed.name, parsed.value ?? "");
        },
        client: { ip: "203.0.113.7", userAgent },
        now: clock.now,
      });
    };

    return {
      jar,
      get setCookies() {
        return lastSetCookies;
      },
      cookie: (name: string) => jar.get(name),
      /** A caller whose request carries this browser's cookies (or the given raw header). */
      caller: (cookieHeader?: string) => createCaller(context(cookieHeader)),
      signIn: (profile: Partial<OAuthProfile> = {}) =>
        completeSignIn(context(), {
          provider: "kakao",
          providerAccountId: "1001",
          displayName: "Minji Kim",
          ...profile,
        }),
    };
  }

  return { db, config, clock, revocations, browser, dispose };
}

export type TestApi = Awaited<ReturnType<typeof createTestApi>>;
