import { SignJWT, decodeProtectedHeader, errors, jwtVerify } from "jose";
import type { Keyring } from "./keyring.ts";
import { TOKEN_KINDS, type TokenKind } from "./token-kinds.ts";

/** HS256 only: pinned on verify, so `alg: none` or an RSA/HMAC confusion cannot get in. */
const ALGORITHM = "HS256";
const CLOCK_TOLERANCE_SECONDS = 30;

export interface TokenIssuer {
  keyring: Keyring;
  issuer: string;
}

export interface SignedToken {
  token: string;
  jti: string;
  expiresAt: Date;
}

export async function signToken(
  kind: TokenKind,
  subject: string,
  claims: Record<string, string>,
  ttlSeconds: number,
  { keyring, issuer }: TokenIssuer,
  now: Date,
): Promise<SignedToken> {
  const { typ, audience } = TOKEN_KINDS[kind];
  const issuedAt = Math.floor(now.getTime() / 1000);
  const expiresAtSeconds = issuedAt + ttlSeconds;
  const jti = crypto.randomUUID();
  const token = await new SignJWT(claims)
    .setProtectedHeader({ alg: ALGORITHM, typ, kid: keyring.current.kid })
    .setIssuer(issuer)
    .setAudience(audience)
    .setSubject(subject)
    .setJti(jti)
    .setIssuedAt(issuedAt)
    .setExpirationTime(expiresAtSeconds)
    .sign(keyring.current.secret);
  return { token, jti, expiresAt: new Date(expiresAtSeconds * 1000) };
}

export interface VerifiedClaims {
  sub: string;
  jti: string;
  exp: number;
  [claim: string]: unknown;
}

export type VerifyResult =
  | { status: "ok"; claims: VerifiedClaims }
  | { status: "expired" }
  | { status: "invalid" }
  | { status: "wrong-kind" };

/**
 * Verifies a token of the given kind. Never throws: every failure is a typed result, so a
 * forged or malformed token can never surface as a 500. The signature is checked before the
 * kind, so "wrong-kind" is only ever said of a token we really issued.
 */
export async function verifyToken(
  kind: TokenKind,
  token: string,
  { keyring, issuer }: TokenIssuer,
  now: Date,
): Promise<VerifyResult> {
  const { typ, audience } = TOKEN_KINDS[kind];
  let kid: unknown;
  try {
    kid = decodeProtectedHeader(token).kid;
  } catch {
    return { status: "invalid" };
  }
  const key = typeof kid === "string" ? keyring.byKid.get(kid) : undefined;
  if (!key) return { status: "invalid" };
  try {
    const { payload, protectedHeader } = await jwtVerify(token, key.secret, {
      algorithms: [ALGORITHM],
      issuer,
      clockTolerance: CLOCK_TOLERANCE_SECONDS,
      currentDate: now,
      requiredClaims: ["sub", "jti", "exp", "iat"],
    });
    if (protectedHeader.typ !== typ || payload.aud !== audience) {
      const ours = Object.values(TOKEN_KINDS).some((other) => other.typ === protectedHeader.typ);
      return { status: ours ? "wrong-kind" : "invalid" };
    }
    return { status: "ok", claims: payload as VerifiedClaims };
  } catch (error) {
    return { status: error instanceof errors.JWTExpired ? "expired" : "invalid" };
  }
}
