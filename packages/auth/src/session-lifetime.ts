/**
 * Refresh-token lifetimes: each token lives `refreshTtlSeconds` (sliding), but never past the
 * session's absolute age, counted from sign-in.
 */
export interface SessionLifetimeConfig {
  refreshTtlSeconds: number;
  sessionMaxAgeSeconds: number;
}

export function sessionExpiry(signedInAt: Date, config: SessionLifetimeConfig): Date {
  return new Date(signedInAt.getTime() + config.sessionMaxAgeSeconds * 1000);
}

export function refreshTokenExpiry(now: Date, sessionExpiresAt: Date, config: SessionLifetimeConfig): Date {
  const sliding = now.getTime() + config.refreshTtlSeconds * 1000;
  return new Date(Math.min(sliding, sessionExpiresAt.getTime()));
}

/** Seconds until `expiresAt`, for a cookie's Max-Age (never negative). */
export function secondsUntil(expiresAt: Date, now: Date): number {
  return Math.max(0, Math.floor((expiresAt.getTime() - now.getTime()) / 1000));
}
