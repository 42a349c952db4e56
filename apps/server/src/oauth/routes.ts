/**
 * `/oauth/kakao/start` and `/oauth/kakao/callback`. Every outcome of the callback is a
 * redirect: into the app on success, to the login page with a short error code otherwise.
 * The user never sees a 500 page or a stack trace from here.
 */
import { type Request, type Response, Router } from "express";
import { parse, serialize } from "cookie";
import { type createHttpContextFactory, completeSignIn } from "@tropical/api";
import { z } from "zod";
import type { ServerEnv } from "../env.ts";
import type { Logger } from "../logger.ts";
import { type FetchImpl, KakaoError, authorizationUrl, exchangeCode, fetchProfile } from "./kakao-client.ts";
import { randomToken, s256, safeEqual } from "./pkce.ts";

/** Holds `state` and the PKCE verifier between start and callback. */
export const OAUTH_COOKIE = "OAUTH_KAKAO";
const OAUTH_COOKIE_PATH = "/oauth/kakao";
const OAUTH_COOKIE_MAX_AGE_SECONDS = 600;

type LoginError = "access_denied" | "oauth_failed" | "oauth_state";

// Each parameter is a single short string; arrays (`?state=a&state=b`), objects and huge
// values fail the parse and end in the same clean redirect as any other failure.
const param = (max: number) => z.string().max(max).optional();
const callbackQuery = z.object({
  code: param(2048),
  state: param(256),
  error: param(256),
  error_description: param(2048),
});

const B64URL = /^[A-Za-z0-9_-]{43}$/;

export interface OAuthRouteDeps {
  env: ServerEnv;
  createContext: ReturnType<typeof createHttpContextFactory>;
  logger: Logger;
  fetchImpl?: FetchImpl | undefined;
}

export function oauthRoutes({ env, createContext, logger, fetchImpl }: OAuthRouteDeps): Router {
  const routes = Router();
  const log = logger.child({ component: "oauth-kakao" });

  const oauthCookie = (value: string, maxAge: number) =>
    serialize(OAUTH_COOKIE, value, {
      httpOnly: true,
      sameSite: "lax",
      secure: env.cookieSecure,
      path: OAUTH_COOKIE_PATH,
      maxAge,
    });

  const toLogin = (res: Response, error: LoginError) => {
    // Whatever happened, the state is spent: clear it so it cannot be replayed.
    res.appendHeader("Set-Cookie", oauthCookie("", 0));
    res.redirect(302, `${env.appOrigin}/login?error=${error}`);
  };

  routes.get("/kakao/start", (_req, res) => {
    const state = randomToken();
    const verifier = randomToken();
    res.appendHeader("Set-Cookie", oauthCookie(`${state}.${verifier}`, OAUTH_COOKIE_MAX_AGE_SECONDS));
    res.set("Cache-Control", "no-store");
    res.redirect(302, authorizationUrl(env.kakao, { state, codeChallenge: s256(verifier) }));
  });

  routes.get("/kakao/callback", async (req: Request, res: Response) => {
    res.set("Cache-Control", "no-store");
    const query = callbackQuery.safeParse(req.query);
    if (!query.success) return toLogin(res, "oauth_failed");
    const { code, state, error } = query.data;

    if (error) {
      log.info({ providerError: error.slice(0, 64) }, "provider returned an error");
      return toLogin(res, error === "access_denied" ? "access_denied" : "oauth_failed");
    }

    const stored = readOAuthCookie(req.headers.cookie);
    if (!stored || !state || !safeEqual(state, stored.state)) return toLogin(res, "oauth_state");
    if (!code) return toLogin(res, "oauth_failed");

    try {
      const accessToken = await exchangeCode(env.kakao, { code, codeVerifier: stored.verifier }, fetchImpl);
      const profile = await fetchProfile(env.kakao, accessToken, fetchImpl);
      const ctx = createContext({ req, res });
      const { nextStep } = await completeSignIn(ctx, {
        provider: "kakao",
        providerAccountId: profile.id,
        displayName: profile.nickname,
      });
      res.appendHeader("Set-Cookie", oauthCookie("", 0));
      res.redirect(302, nextStep === "onboarding" ? `${env.appOrigin}/onboarding` : `${env.appOrigin}/`);
    } catch (failure) {
      // Only the stage and a message we wrote (or the error's class) are logged: codes and
      // tokens never are.
      if (failure instanceof KakaoError) {
        log.warn({ stage: failure.stage, status: failure.status, reason: failure.message }, "kakao sign-in failed");
      } else {
        const name = failure instanceof Error ? failure.name : typeof failure;
        log.error({ stage: "sign-in", errorName: name, reason: describe(failure) }, "kakao sign-in failed");
      }
      if (!res.headersSent) {
        // Cookies a half-finished sign-in may have queued must not reach the browser.
        res.removeHeader("Set-Cookie");
        toLogin(res, "oauth_failed");
      }
    }
  });

  return routes;
}

/** `state.verifier` from the OAuth cookie, or null when absent or malformed. */
function readOAuthCookie(header: string | undefined): { state: string; verifier: string } | null {
  if (!header) return null;
  let value: string | undefined;
  try {
    value = parse(header)[OAUTH_COOKIE];
  } catch {
    return null;
  }
  const [state, verifier, extra] = (value ?? "").split(".");
  if (!state || !verifier || extra !== undefined || !B64URL.test(state) || !B64URL.test(verifier)) return null;
  return { state, verifier };
}

/** Network errors (fetch's TypeError) carry their reason in `cause`; neither holds secrets. */
function describe(error: unknown): string {
  if (!(error instanceof Error)) return "non-error thrown";
  const cause = error.cause instanceof Error ? ` (${error.cause.message})` : "";
  return `${error.message}${cause}`.slice(0, 500);
}
