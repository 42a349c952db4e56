import { afterEach, describe, expect, it } from "vitest";
import type { FetchImpl } from "./kakao-client.ts";
import {
  CookieJar,
  type TestServer,
  hiddenFields,
  location,
  pathOf,
  signInThroughStandin,
  startTestServer,
} from "../test/http.ts";

let server: TestServer;
afterEach(() => server.close());

/** Runs start → consent → approve and stops before the callback. */
async function authorized(jar: CookieJar, choice: Record<string, string> = { user_id: "1002" }) {
  const start = await server.request("/oauth/kakao/start");
  jar.store(start);
  const authorize = location(start);
  const html = await (await server.request(pathOf(authorize))).text();
  const approve = await server.request("/kakao-standin/oauth/authorize/approve", {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ ...hiddenFields(html), ...choice }),
  });
  const callback = location(approve);
  return { authorize, callback, state: callback.searchParams.get("state") ?? "", code: callback.searchParams.get("code") ?? "" };
}

async function expectLoginError(response: Response, error: string) {
  expect(response.status).toBe(302);
  expect(location(response).toString()).toBe(`${server.origin}/login?error=${error}`);
  const cookies = response.headers.getSetCookie();
  expect(cookies.some((header) => /^(ACCESS|REFRESH)_TOKEN=[^;]/.test(header))).toBe(false);
}

const callbackPath = (params: Record<string, string>) => `/oauth/kakao/callback?${new URLSearchParams(params)}`;

describe("OAuth callback abuse ends in a clean redirect to the login page", () => {
  it("missing state → oauth_state", async () => {
    server = await startTestServer();
    const jar = new CookieJar();
    const { code } = await authorized(jar);
    await expectLoginError(await server.request(callbackPath({ code }), { headers: { cookie: jar.header() } }), "oauth_state");
  });

  it("wrong state → oauth_state", async () => {
    server = await startTestServer();
    const jar = new CookieJar();
    const { code } = await authorized(jar);
    const response = await server.request(callbackPath({ code, state: "A".repeat(43) }), { headers: { cookie: jar.header() } });
    await expectLoginError(response, "oauth_state");
  });

  it("missing OAuth cookie → oauth_state", async () => {
    server = await startTestServer();
    const { code, state } = await authorized(new CookieJar());
    await expectLoginError(await server.request(callbackPath({ code, state })), "oauth_state");
  });

  it("a garbled OAuth cookie → oauth_state", async () => {
    server = await startTestServer();
    const { code, state } = await authorized(new CookieJar());
    const response = await server.request(callbackPath({ code, state }), { headers: { cookie: `OAUTH_KAKAO=${state}.%%%.x` } });
    await expectLoginError(response, "oauth_state");
  });

  it("the user pressing Cancel at the provider → access_denied", async () => {
    server = await startTestServer();
    const jar = new CookieJar();
    const { callback } = await authorized(jar, { action: "cancel" });
    expect(callback.searchParams.get("error")).toBe("access_denied");
    expect(callback.searchParams.get("error_description")).toBeTruthy();
    expect(callback.searchParams.get("state")).toMatch(/^[A-Za-z0-9_-]{43}$/);
    await expectLoginError(await server.request(pathOf(callback), { headers: { cookie: jar.header() } }), "access_denied");
  });

  it("another provider error → oauth_failed", async () => {
    server = await startTestServer();
    await expectLoginError(await server.request(callbackPath({ error: "server_error" })), "oauth_failed");
  });

  it("an unknown code → oauth_failed", async () => {
    server = await startTestServer();
    const jar = new CookieJar();
    const { state } = await authorized(jar);
    const response = await server.request(callbackPath({ code: "not-a-code", state }), { headers: { cookie: jar.header() } });
    await expectLoginError(response, "oauth_failed");
  });

  it("a replayed callback (code already used) → oauth_failed", async () => {
    server = await startTestServer();
    const jar = new CookieJar();
    const { callback } = await authorized(jar);
    const cookie = jar.header(["OAUTH_KAKAO"]);
    const first = await server.request(pathOf(callback), { headers: { cookie } });
    expect(location(first).toString()).toBe(`${server.origin}/`);
    await expectLoginError(await server.request(pathOf(callback), { headers: { cookie } }), "oauth_failed");
  });

  it("repeated or huge query parameters → oauth_failed, never a 500", async () => {
    server = await startTestServer();
    const jar = new CookieJar();
    const { state, code } = await authorized(jar);
    const headers = { cookie: jar.header() };
    await expectLoginError(await server.request(`/oauth/kakao/callback?code=${code}&state=${state}&state=${state}`, { headers }), "oauth_failed");
    await expectLoginError(await server.request(callbackPath({ code: "x".repeat(6000), state }), { headers }), "oauth_failed");
    await expectLoginError(await server.request(`/oauth/kakao/callback?code[a]=1&state=${state}`, { headers }), "oauth_failed");
  });

  it("an unreachable token endpoint or a non-JSON answer → oauth_failed", async () => {
    const failures: FetchImpl[] = [
      () => Promise.reject(new TypeError("fetch failed")),
      () => Promise.resolve(new Response("<html>oops</html>", { status: 200, headers: { "content-type": "text/html" } })),
      () => Promise.resolve(Response.json({ unexpected: true })),
    ];
    for (const fetchImpl of failures) {
      server = await startTestServer({}, { fetchImpl });
      const jar = new CookieJar();
      const { callback } = await authorized(jar);
      await expectLoginError(await server.request(pathOf(callback), { headers: { cookie: jar.header() } }), "oauth_failed");
      await server.close();
    }
    server = await startTestServer();
  });

  it("a profile without a usable id → oauth_failed", async () => {
    const fetchImpl: FetchImpl = async (input, init) => {
      if (String(input).endsWith("/v2/user/me")) return Response.json({ id: "not-a-number" });
      return fetch(input, init);
    };
    server = await startTestServer({}, { fetchImpl });
    const jar = new CookieJar();
    const { callback } = await authorized(jar);
    await expectLoginError(await server.request(pathOf(callback), { headers: { cookie: jar.header() } }), "oauth_failed");
  });

  it("a full sign-in still works after all that (sanity)", async () => {
    server = await startTestServer();
    const { callback } = await signInThroughStandin(server, new CookieJar(), { user_id: "1003" });
    expect(location(callback).toString()).toBe(`${server.origin}/`);
  });
});
