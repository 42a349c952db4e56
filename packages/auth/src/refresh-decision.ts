/** What the store knows about a presented refresh token (found by its hash). */
export interface RefreshTokenRecord {
  sessionId: string;
  userId: string;
  expiresAt: Date;
  revokedAt: Date | null;
  session: { revokedAt: Date | null; absoluteExpiresAt: Date };
}

export type RefreshDecision =
  | { ok: true; sessionId: string; userId: string }
  | { ok: false; code: "INVALID_REFRESH_TOKEN" | "REFRESH_TOKEN_EXPIRED" };

/**
 * Whether a stored refresh token may be exchanged now. Revocation wins over expiry: a revoked
 * session is a security matter ("sign in again for security reasons"), an expired one is not.
 */
export function decideRefresh(record: RefreshTokenRecord | null, now: Date): RefreshDecision {
  if (!record) return { ok: false, code: "INVALID_REFRESH_TOKEN" };
  if (record.revokedAt || record.session.revokedAt) return { ok: false, code: "INVALID_REFRESH_TOKEN" };
  const t = now.getTime();
  if (record.expiresAt.getTime() <= t || record.session.absoluteExpiresAt.getTime() <= t) {
    return { ok: false, code: "REFRESH_TOKEN_EXPIRED" };
  }
  return { ok: true, sessionId: record.sessionId, userId: record.userId };
}
