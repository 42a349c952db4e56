/**
 * Every cookie attribute comes from here; setting and clearing a cookie use the same function,
 * so a cookie is always cleared with the name, path and domain it was set with.
 */
export interface CookiePolicyConfig {
  /** `Secure` attribute and `__Host-`/`__Secure-` name prefixes; off only for http://localhost. */
  secure: boolean;
  accessTtlSeconds: number;
  refreshTtlSeconds: number;
}

export interface CookieAttributes {
  httpOnly: true;
  sameSite: "lax";
  secure: boolean;
  path: string;
  /** Seconds, as in the `Max-Age` header attribute (not Express's milliseconds). */
  maxAge: number;
}

export type AuthCookie = "access" | "refresh" | "device";

/**
 * The refresh cookie reaches only this path. Nothing but the auth endpoints lives under it:
 * the tRPC auth door (/api/auth/trpc) and the REST door for old clients (/api/v1/auth).
 * All other calls go to /trpc and never carry the refresh token.
 */
export const REFRESH_COOKIE_PATH = "/api";

const DEVICE_COOKIE_TTL_SECONDS = 400 * 24 * 60 * 60; // the longest lifetime browsers allow

const BASE_NAMES: Record<AuthCookie, string> = {
  access: "ACCESS_TOKEN",
  refresh: "REFRESH_TOKEN",
  device: "DEVICE_ID",
};

export function cookieName(cookie: AuthCookie, config: CookiePolicyConfig): string {
  const name = BASE_NAMES[cookie];
  if (!config.secure) return name;
  // __Host- pins the cookie to this host and Path=/; __Secure- just demands Secure.
  return cookie === "refresh" ? `__Secure-${name}` : `__Host-${name}`;
}

export function cookieAttributes(cookie: AuthCookie, config: CookiePolicyConfig): CookieAttributes {
  const maxAge = {
    access: config.accessTtlSeconds,
    refresh: config.refreshTtlSeconds,
    device: DEVICE_COOKIE_TTL_SECONDS,
  }[cookie];
  return {
    httpOnly: true,
    sameSite: "lax",
    secure: config.secure,
    path: cookie === "refresh" ? REFRESH_COOKIE_PATH : "/",
    maxAge,
  };
}

/** The attributes that clear a cookie: the same name and path, expired now. */
export function clearedCookieAttributes(cookie: AuthCookie, config: CookiePolicyConfig): CookieAttributes {
  return { ...cookieAttributes(cookie, config), maxAge: 0 };
}
