import { createHash, randomBytes } from "node:crypto";

/** 256 bits of randomness, base64url: 43 characters. */
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export function generateRefreshToken(): string {
  return randomBytes(32).toString("base64url");
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
