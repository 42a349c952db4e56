import { createHash, createHmac, hkdfSync } from "node:crypto";
import type { Keyring, SigningKey } from "./keyring.ts";

/** 256 bits, base64url: 43 characters. */
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/**
 * Refresh tokens are MACs of (session, generation) under a key derived from the key ring, so
 * the server can hand out a session's current token again — to a tab that lost a refresh race,
 * or a browser that never stored the answer — while the database holds only hashes and a
 * generation counter. Without the secret a token is 256 bits of noise.
 */
function refreshKey(key: SigningKey): Buffer {
  return Buffer.from(hkdfSync("sha256", key.secret, new Uint8Array(0), "tropical/refresh-token", 32));
}

function mac(key: SigningKey, sessionId: string, generation: number): string {
  return createHmac("sha256", refreshKey(key)).update(`${sessionId}:${generation}`).digest("base64url");
}

/** The refresh token of a session's generation, under the current key. */
export function deriveRefreshToken(keyring: Keyring, sessionId: string, generation: number): string {
  return mac(keyring.current, sessionId, generation);
}

/**
 * Re-derives a token that was issued earlier, under whichever key of the ring produced the
 * stored hash (keys rotate); undefined when none does.
 */
export function rederiveRefreshToken(
  keyring: Keyring,
  sessionId: string,
  generation: number,
  storedHash: string,
): string | undefined {
  for (const key of keyring.byKid.values()) {
    const token = mac(key, sessionId, generation);
    if (hashRefreshToken(token) === storedHash) return token;
  }
  return undefined;
}

/** Cheap shape check before any database lookup. */
export function isWellFormedRefreshToken(value: string): boolean {
  return TOKEN_PATTERN.test(value);
}

/**
 * Only this hash is stored. The token has 256 bits of entropy, so a fast hash suffices and a
 * lookup by hash is a constant-time comparison in effect: nothing leaks about near misses.
 */
export function hashRefreshToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}
