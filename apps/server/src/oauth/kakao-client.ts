/**
 * Talks to Kakao (or the stand-in, which has the same endpoints and payloads): builds the
 * authorization URL, exchanges a code for a token, fetches the profile. Every response is
 * validated; failures become a KakaoError whose message never contains a code or token.
 */
import { z } from "zod";
import type { KakaoConfig } from "../env.ts";

export type FetchImpl = typeof fetch;

export class KakaoError extends Error {
  override name = "KakaoError";
  constructor(
    readonly stage: "token" | "profile",
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

const REQUEST_TIMEOUT_MS = 10_000;

const tokenResponse = z.object({
  token_type: z.string(),
  access_token: z.string().min(1).max(4096),
});

/** Kakao's error body (`error`, `error_code` like KOE320); only logged, never shown. */
const errorResponse = z.object({ error: z.string().max(100), error_code: z.string().max(20).optional() });

const nickname = z.string().max(200).optional();
const profileResponse = z.object({
  // Kakao ids are 64-bit integers; JSON numbers are enough for the ranges Kakao issues.
  id: z.union([z.number().int().nonnegative(), z.string().regex(/^\d{1,20}$/)]),
  properties: z.object({ nickname }).partial().nullish(),
  kakao_account: z.object({ profile: z.object({ nickname }).partial().nullish() }).partial().nullish(),
});

export interface KakaoProfile {
  id: string;
  nickname: string;
}

export function authorizationUrl(config: KakaoConfig, params: { state: string; codeChallenge: string }): string {
  const url = new URL(config.authorizeUrl);
  url.searchParams.set("client_id", config.clientId);
  url.searchParams.set("redirect_uri", config.redirectUri);
  url.searchParams.set("response_type", "code");
  url.searchParams.set("state", params.state);
  url.searchParams.set("code_challenge", params.codeChallenge);
  url.searchParams.set("code_challenge_method", "S256");
  return url.toString();
}

async function readJson(response: Response, stage: KakaoError["stage"]): Promise<unknown> {
  try {
    return await response.json();
  } catch {
    throw new KakaoError(stage, "response is not JSON", response.status);
  }
}

export async function exchangeCode(
  config: KakaoConfig,
  params: { code: string; codeVerifier: string },
  fetchImpl: FetchImpl = fetch,
): Promise<string> {
  const body = new URLSearchParams({
    grant_type: "authorization_code",
    client_id: config.clientId,
    redirect_uri: config.redirectUri,
    code: params.code,
    code_verifier: params.codeVerifier,
  });
  if (config.clientSecret) body.set("client_secret", config.clientSecret);
  const response = await fetchImpl(config.tokenUrl, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded;charset=utf-8", accept: "application/json" },
    body,
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  });
  const json = await readJson(response, "token");
  if (!response.ok) {
    const error = errorResponse.safeParse(json);
    const detail = error.success ? `${error.data.error}${error.data.error_code ? ` (${error.data.error_code})` : ""}` : "unknown error";
    throw new KakaoError("token", `token endpoint answered ${response.status}: ${detail}`, response.status);
  }
  const parsed = tokenResponse.safeParse(json);
  if (!parsed.success) throw new KakaoError("token", "token response has an unexpected shape", response.status);
  return parsed.data.access_token;
}

export async function fetchProfile(config: KakaoConfig, accessToken: string, fetchImpl: FetchImpl = fetch): Promise<KakaoProfile> {
  const response = await fetchImpl(config.userUrl, {
    headers: { authorization: `Bearer ${accessToken}`, accept: "application/json" },
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  });
  const json = await readJson(response, "profile");
  if (!response.ok) throw new KakaoError("profile", `user endpoint answered ${response.status}`, response.status);
  const parsed = profileResponse.safeParse(json);
  if (!parsed.success) throw new KakaoError("profile", "profile response has an unexpected shape", response.status);
  const { id, properties, kakao_account } = parsed.data;
  const name = (kakao_account?.profile?.nickname ?? properties?.nickname ?? "").trim();
  return { id: String(id), nickname: name ? name.slice(0, 100) : `Kakao user ${id}` };
}
