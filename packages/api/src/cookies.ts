import { parse, serialize } from "cookie";
import {
  type AuthCookie,
  type CookiePolicyConfig,
  clearedCookieAttributes,
  cookieAttributes,
  cookieName,
} from "@tropical/auth";

/** Receives one serialized `Set-Cookie` value; each cookie is appended as its own header. */
export type SetCookie = (header: string) => void;

/**
 * A malformed Cookie header must not fail the request: it reads as "no cookies", and the
 * procedure then answers with the usual missing-token code.
 */
export function parseCookieHeader(header: string | undefined): Record<string, string | undefined> {
  if (!header) return {};
  try {
    return parse(header);
  } catch {
    return {};
  }
}

/** Reads and writes the auth cookies by their role; names and attributes come from the policy. */
export class AuthCookies {
  constructor(
    private readonly policy: CookiePolicyConfig,
    private readonly requestCookies: Record<string, string | undefined>,
    private readonly setCookie: SetCookie,
  ) {}

  get(cookie: AuthCookie): string | undefined {
    const value = this.requestCookies[cookieName(cookie, this.policy)];
    return value ? value : undefined;
  }

  set(cookie: AuthCookie, value: string, maxAgeSeconds?: number): void {
    const attributes = cookieAttributes(cookie, this.policy);
    this.setCookie(
      serialize(cookieName(cookie, this.policy), value, {
        ...attributes,
        maxAge: maxAgeSeconds ?? attributes.maxAge,
      }),
    );
  }

  clear(cookie: AuthCookie): void {
    this.setCookie(serialize(cookieName(cookie, this.policy), "", clearedCookieAttributes(cookie, this.policy)));
  }

  /** The session is over: the browser stops sending tokens that can never work again. */
  clearSession(): void {
    this.clear("access");
    this.clear("refresh");
  }
}
