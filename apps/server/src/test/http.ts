/**
 * Test helpers that drive the real app over real HTTP: a server on a random port (the stand-in
 * calls back into it for the token exchange), a tiny cookie jar, and the sign-in walk through
 * the stand-in's pages.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { createApp } from "../app.ts";
import { type ServerEnv, loadEnv } from "../env.ts";
import type { FetchImpl } from "../oauth/kakao-client.ts";
import { createTempDb } from "./db.ts";
import { parseSetCookie } from "cookie";

export const TEST_JWT_KEYS = "test-1:http-test-secret-of-at-least-thirty-two-bytes";

export interface TestServer {
  origin: string;
  env: ServerEnv;
  /** fetch against the server, never following redirects. */
  request(path: string, init?: RequestInit): Promise<Response>;
  close(): Promise<void>;
}

export async function startTestServer(
  overrides: Record<string, string> = {},
  deps: { fetchImpl?: FetchImpl } = {},
): Promise<TestServer> {
  const temp = createTempDb();
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  // The env knows the port only now, which is why the app is attached after listen.
  const env = loadEnv({
    NODE_ENV: "test",
    LOG_LEVEL: "silent",
    JWT_KEYS: TEST_JWT_KEYS,
    PORT: String(port),
    APP_ORIGIN: origin,
    ...overrides,
  });
  server.on("request", createApp({ env, db: temp.db, ...deps }));
  return {
    origin,
    env,
    request: (path, init) => fetch(`${origin}${path}`, { redirect: "manual", ...init }),
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await temp.dispose();
    },
  };
}

/** A name → value cookie jar; paths are the tests' business (they pick cookies by name). */
export class CookieJar {
  readonly values = new Map<string, string>();

  store(response: Response): string[] {
    const headers = response.headers.getSetCookie();
    for (const header of headers) {
      const { name, value = "", maxAge } = parseSetCookie(header);
      if (maxAge === 0) this.values.delete(name);
      else this.values.set(name, value);
    }
    return headers;
  }

  header(names?: string[]): string {
    return [...this.values]
      .filter(([name]) => !names || names.includes(name))
      .map(([name, value]) => `${name}=${value}`)
      .join("; ");
  }
}

const ENTITIES: Record<string, string> = { "&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": '"', "&#39;": "'" };
const unescape = (value: string) => value.replace(/&(amp|lt|gt|quot|#39);/g, (entity) => ENTITIES[entity] ?? entity);

/** The hidden fields the stand-in's consent page carries through its forms. */
export function hiddenFields(html: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const match of html.matchAll(/<input type="hidden" name="([^"]*)" value="([^"]*)">/g)) {
    fields[unescape(match[1] ?? "")] = unescape(match[2] ?? "");
  }
  return fields;
}

export function location(response: Response): URL {
  const value = response.headers.get("location");
  if (!value) throw new Error(`expected a redirect, got ${response.status}`);
  return new URL(value);
}

/** Follows a same-server redirect: the path and query of the Location header. */
export const pathOf = (url: URL) => `${url.pathname}${url.search}`;

export interface SignInSteps {
  start: Response;
  page: Response;
  pageHtml: string;
  approve: Response;
  callback: Response;
  callbackCookies: string[];
}

/**
 * start → stand-in consent page → pick a user → callback, as a browser would, carrying cookies
 * in `jar`. `choice` is the form data of the button pressed (a test user by default).
 */
export async function signInThroughStandin(
  server: TestServer,
  jar: CookieJar,
  choice: Record<string, string> = { user_id: "1001" },
): Promise<SignInSteps> {
  const start = await server.request("/oauth/kakao/start");
  jar.store(start);
  const page = await server.request(pathOf(location(start)), { headers: { cookie: jar.header() } });
  const pageHtml = await page.text();
  const approve = await server.request("/kakao-standin/oauth/authorize/approve", {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ ...hiddenFields(pageHtml), ...choice }),
  });
  const callback = await server.request(pathOf(location(approve)), { headers: { cookie: jar.header() } });
  const callbackCookies = jar.store(callback);
  return { start, page, pageHtml, approve, callback, callbackCookies };
}

/** superjson-encoded tRPC query string for one input. */
export const queryInput = (value: unknown) => `input=${encodeURIComponent(JSON.stringify({ json: value }))}`;
