/**
 * What a refresh tells the client besides "new cookies are set": when the new access token
 * expires. The token itself stays unreadable (HttpOnly); the server states its expiry in the
 * answer of `auth.refresh` and `auth.status` as an ISO string.
 */
export interface RefreshResult {
  /** ISO time at which the access token the refresh just set expires, when the server said. */
  accessTokenExpiresAt?: string;
}

/** `accessTokenExpiresAt` of whatever a refresh function resolved with, as an ISO string. */
export function readExpiresAt(value: unknown): string | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const at = (value as { accessTokenExpiresAt?: unknown }).accessTokenExpiresAt;
  if (at instanceof Date) return Number.isNaN(at.getTime()) ? undefined : at.toISOString();
  if (typeof at === "string" && !Number.isNaN(Date.parse(at))) return at;
  return undefined;
}

/** An expiry given as an ISO string, a `Date` or epoch milliseconds, in epoch milliseconds. */
export type Expiry = string | number | Date;

export function expiryToMs(expiry: Expiry | null | undefined): number | undefined {
  if (expiry === null || expiry === undefined) return undefined;
  const ms = expiry instanceof Date ? expiry.getTime() : typeof expiry === "number" ? expiry : Date.parse(expiry);
  return Number.isFinite(ms) ? ms : undefined;
}

/** Timers, injectable so tests can drive time (defaults to the global ones, looked up per call). */
export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const globalTimers: Timers = {
  setTimeout: (callback, ms) => globalThis.setTimeout(callback, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>),
};
