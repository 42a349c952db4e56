import type { IncomingMessage, ServerResponse } from "node:http";
import type { Db } from "@tropical/db";
import type { CookiePolicyConfig, RequestOrigin } from "@tropical/auth";
import type { AuthConfig } from "./config.ts";
import { AuthCookies, type SetCookie, parseCookieHeader } from "./cookies.ts";
import type { SessionRevocations } from "./session-revocations.ts";

export interface ClientInfo {
  ip: string | null;
  userAgent: string | null;
}

/** Plain values a context is built from; tests construct these directly. */
export interface InnerContextOptions {
  db: Db;
  config: AuthConfig;
  /** Shared by every request of a process: the per-request revoked-session check. */
  revocations: SessionRevocations;
  /** The request's raw `Cookie` header. */
  cookieHeader?: string | undefined;
  setCookie: SetCookie;
  client?: ClientInfo;
  /** Where the request says it comes from; absent for callers that are not HTTP requests. */
  request?: RequestOrigin;
  now?: () => Date;
}

export function cookiePolicy(config: AuthConfig): CookiePolicyConfig {
  return {
    secure: config.cookieSecure,
    accessTtlSeconds: config.accessTtlSeconds,
    refreshTtlSeconds: config.refreshTtlSeconds,
  };
}

export function createContextInner(opts: InnerContextOptions) {
  return {
    db: opts.db,
    config: opts.config,
    revocations: opts.revocations,
    cookies: new AuthCookies(cookiePolicy(opts.config), parseCookieHeader(opts.cookieHeader), opts.setCookie),
    client: opts.client ?? { ip: null, userAgent: null },
    request: opts.request ?? { method: "POST", origin: null, secFetchSite: null },
    now: opts.now ?? (() => new Date()),
  };
}

export type Context = ReturnType<typeof createContextInner>;

function singleHeader(value: string | string[] | undefined): string | null {
  return typeof value === "string" ? value : null;
}

export interface HttpContextDeps {
  db: Db;
  config: AuthConfig;
  revocations: SessionRevocations;
  now?: () => Date;
}

/**
 * Adapts a Node request/response pair (Express's included) to the inner context. Cookies are
 * appended to the response one header each; the non-streaming batch handler sends headers
 * only after every procedure in the batch has finished, so cookies set by any of them arrive.
 */
export function createHttpContextFactory(deps: HttpContextDeps) {
  return ({ req, res }: { req: IncomingMessage & { ip?: string }; res: ServerResponse }): Context =>
    createContextInner({
      ...deps,
      cookieHeader: req.headers.cookie,
      setCookie: (header) => res.appendHeader("Set-Cookie", header),
      client: {
        ip: req.ip ?? req.socket.remoteAddress ?? null,
        userAgent: req.headers["user-agent"]?.slice(0, 512) ?? null,
      },
      request: {
        method: req.method ?? "GET",
        origin: req.headers.origin ?? null,
        secFetchSite: singleHeader(req.headers["sec-fetch-site"]),
      },
    });
}
