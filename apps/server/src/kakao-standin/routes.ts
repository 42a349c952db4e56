/**
 * A local, Kakao-compatible OAuth provider for development and tests (mounted at
 * `/kakao-standin` only when KAKAO_CLIENT_ID is unset). It serves the same paths and payload
 * shapes as Kakao, so the real redirect flow — state, PKCE, code exchange, profile fetch over
 * HTTP — runs end to end without a Kakao account.
 */
import express, { type Response, Router } from "express";
import { z } from "zod";
import { randomToken, s256, safeEqual } from "../oauth/pkce.ts";
import { type AuthorizeParams, TEST_USERS, consentPage, errorPage } from "./pages.ts";
import {
  ACCESS_TOKEN_TTL_SECONDS,
  REFRESH_TOKEN_TTL_SECONDS,
  type StandinStore,
  type StandinUser,
  createStandinStore,
} from "./store.ts";

export interface StandinOptions {
  clientId: string;
  /** Exact redirect URIs the client registered (real Kakao checks them too). */
  redirectUris: readonly string[];
  store?: StandinStore;
}

const str = (max: number) => z.string().max(max);

const authorizeSchema = (options: StandinOptions) =>
  z.object({
    client_id: str(200).refine((value) => value === options.clientId, "unknown client_id"),
    redirect_uri: str(2048).refine((value) => options.redirectUris.includes(value), "redirect_uri is not registered"),
    response_type: z.literal("code", "response_type must be code"),
    state: str(512).default(""),
    code_challenge: z.string().regex(/^[A-Za-z0-9_-]{43,128}$/, "code_challenge must be a PKCE S256 challenge"),
    code_challenge_method: z.literal("S256", "code_challenge_method must be S256"),
  });

const choiceSchema = z.union([
  z.object({ action: z.literal("cancel") }),
  z.object({
    user_id: z.string().refine((id) => TEST_USERS.some((user) => String(user.id) === id), "unknown test user"),
  }),
  z.object({
    custom_nickname: z.string().trim().min(1, "nickname is required").max(50),
    custom_id: z.string().regex(/^[1-9][0-9]{0,14}$/, "id must be digits"),
  }),
]);

const tokenSchema = z.object({
  grant_type: z.string().max(100),
  client_id: str(200),
  redirect_uri: str(2048),
  code: str(200),
  code_verifier: z.string().regex(/^[A-Za-z0-9._~-]{43,128}$/),
});

function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  return issue ? `${issue.path.join(".") || "request"}: ${issue.message}` : "invalid request";
}

function sendPage(res: Response, status: number, html: string): void {
  res
    .status(status)
    .set({
      "Content-Type": "text/html; charset=utf-8",
      "Cache-Control": "no-store",
      "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
    })
    .send(html);
}

function redirectTo(redirectUri: string, params: Record<string, string>): string {
  const url = new URL(redirectUri);
  for (const [key, value] of Object.entries(params)) if (value) url.searchParams.set(key, value);
  return url.toString();
}

function grantError(res: Response, description: string): void {
  res.status(400).json({ error: "invalid_grant", error_description: description, error_code: "KOE320" });
}

export function kakaoStandin(options: StandinOptions): Router {
  const store = options.store ?? createStandinStore();
  const authorizeParams = authorizeSchema(options);
  const form = express.urlencoded({ extended: false, limit: "16kb", parameterLimit: 50 });
  const routes = Router();

  routes.get("/oauth/authorize", (req, res) => {
    const params = authorizeParams.safeParse(req.query);
    if (!params.success) return sendPage(res, 400, errorPage(firstIssue(params.error)));
    sendPage(res, 200, consentPage(params.data satisfies AuthorizeParams, `${req.baseUrl}/oauth/authorize/approve`));
  });

  routes.post("/oauth/authorize/approve", form, (req, res) => {
    const params = authorizeParams.safeParse(req.body ?? {});
    if (!params.success) return sendPage(res, 400, errorPage(firstIssue(params.error)));
    const choice = choiceSchema.safeParse(req.body);
    if (!choice.success) return sendPage(res, 400, errorPage(firstIssue(choice.error)));
    const { redirect_uri, state } = params.data;

    if ("action" in choice.data) {
      return res.redirect(
        302,
        redirectTo(redirect_uri, { error: "access_denied", error_description: "User denied access", state }),
      );
    }
    const picked = choice.data;
    const user: StandinUser =
      "user_id" in picked
        ? (TEST_USERS.find((candidate) => String(candidate.id) === picked.user_id) as StandinUser)
        : { id: Number(picked.custom_id), nickname: picked.custom_nickname };
    const code = store.issueCode({
      clientId: params.data.client_id,
      redirectUri: redirect_uri,
      codeChallenge: params.data.code_challenge,
      user,
    });
    res.redirect(302, redirectTo(redirect_uri, { code, state }));
  });

  routes.post("/oauth/token", form, (req, res) => {
    const body = tokenSchema.safeParse(req.body ?? {});
    if (!body.success) return grantError(res, `bad request: ${firstIssue(body.error)}`);
    if (body.data.grant_type !== "authorization_code") {
      return res.status(400).json({
        error: "unsupported_grant_type",
        error_description: "only authorization_code is supported",
        error_code: "KOE310",
      });
    }
    const grant = store.takeCode(body.data.code);
    if (!grant) return grantError(res, "authorization code not found");
    if (grant.clientId !== body.data.client_id) return grantError(res, "client_id mismatched");
    if (grant.redirectUri !== body.data.redirect_uri) return grantError(res, "redirect_uri mismatched");
    if (!safeEqual(s256(body.data.code_verifier), grant.codeChallenge)) return grantError(res, "code_verifier mismatched");

    res.set("Cache-Control", "no-store").json({
      token_type: "bearer",
      access_token: store.issueToken(grant.user),
      expires_in: ACCESS_TOKEN_TTL_SECONDS,
      // Never redeemed by this app; shaped like Kakao's so the client's parsing is honest.
      refresh_token: randomToken(),
      refresh_token_expires_in: REFRESH_TOKEN_TTL_SECONDS,
      scope: "profile_nickname",
    });
  });

  routes.get("/v2/user/me", (req, res) => {
    const match = /^Bearer ([A-Za-z0-9_-]{1,200})$/.exec(req.headers.authorization ?? "");
    const grant = match?.[1] ? store.findToken(match[1]) : null;
    if (!grant) return res.status(401).json({ msg: "this access token does not exist", code: -401 });
    const { user, connectedAt } = grant;
    res.json({
      id: user.id,
      connected_at: connectedAt.toISOString().replace(/\.\d{3}Z$/, "Z"),
      properties: { nickname: user.nickname },
      kakao_account: { profile_nickname_needs_agreement: false, profile: { nickname: user.nickname } },
    });
  });

  return routes;
}
