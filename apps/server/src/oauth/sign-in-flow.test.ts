import { afterEach, describe, expect, it } from "vitest";
import { CookieJar, type TestServer, location, queryInput, signInThroughStandin, startTestServer } from "../test/http.ts";

let server: TestServer;
afterEach(() => server.close());

const JWT = "[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+";
const OPAQUE = "[A-Za-z0-9_-]+";

describe("sign-in through the Kakao stand-in (development cookies)", () => {
  it("start redirects to the stand-in with state and an S256 challenge, in a short-lived OAuth cookie", async () => {
    server = await startTestServer();
    const start = await server.request("/oauth/kakao/start");
    expect(start.status).toBe(302);
    const to = location(start);
    expect(`${to.origin}${to.pathname}`).toBe(`${server.origin}/kakao-standin/oauth/authorize`);
    expect(Object.fromEntries(to.searchParams)).toMatchObject({
      client_id: server.env.kakao.clientId,
      redirect_uri: `${server.origin}/oauth/kakao/callback`,
      response_type: "code",
      code_challenge_method: "S256",
    });
    expect(to.searchParams.get("state")).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(to.searchParams.get("code_challenge")).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(start.headers.getSetCookie()).toEqual([
      expect.stringMatching(/^OAUTH_KAKAO=[A-Za-z0-9_-]{43}\.[A-Za-z0-9_-]{43}; Max-Age=600; Path=\/oauth\/kakao; HttpOnly; SameSite=Lax$/),
    ]);
  });

  it("the callback sets exact access and refresh cookies (Max-Age in seconds) as separate headers and redirects home", async () => {
    server = await startTestServer();
    const jar = new CookieJar();
    const { page, callback, callbackCookies } = await signInThroughStandin(server, jar);
    expect(page.status).toBe(200);
    expect(callback.status).toBe(302);
    expect(location(callback).toString()).toBe(`${server.origin}/`);

    const byName = (name: string) => callbackCookies.filter((header) => header.startsWith(`${name}=`));
    expect(byName("ACCESS_TOKEN")).toEqual([
      expect.stringMatching(new RegExp(`^ACCESS_TOKEN=${JWT}; Max-Age=900; Path=/; HttpOnly; SameSite=Lax$`)),
    ]);
    expect(byName("REFRESH_TOKEN")).toEqual([
      expect.stringMatching(new RegExp(`^REFRESH_TOKEN=${OPAQUE}; Max-Age=604800; Path=/api; HttpOnly; SameSite=Lax$`)),
    ]);
    expect(byName("OAUTH_KAKAO")).toEqual(["OAUTH_KAKAO=; Max-Age=0; Path=/oauth/kakao; HttpOnly; SameSite=Lax"]);
    // Seconds, never Express-style milliseconds, and never a folded multi-cookie header.
    for (const header of callbackCookies) {
      expect(header).not.toMatch(/Max-Age=(900000|604800000)/);
      expect(header.match(/HttpOnly/g)).toHaveLength(1);
    }
  });

  it("auth.status answers the signed-in user with the cookies", async () => {
    server = await startTestServer();
    const jar = new CookieJar();
    await signInThroughStandin(server, jar);
    const status = await server.request("/trpc/auth.status", { headers: { cookie: jar.header() } });
    expect(status.status).toBe(200);
    const body = (await status.json()) as { result: { data: { json: Record<string, unknown> } } };
    expect(body.result.data.json).toMatchObject({
      authenticated: true,
      nextStep: "dashboard",
      user: { displayName: "Minji Kim" },
    });
  });

  it("auth.refresh at /api/auth/trpc with only the refresh cookie sets a new 15-minute access cookie", async () => {
    server = await startTestServer();
    const jar = new CookieJar();
    await signInThroughStandin(server, jar);
    const refresh = await server.request("/api/auth/trpc/auth.refresh", {
      method: "POST",
      headers: { cookie: jar.header(["REFRESH_TOKEN"]), "content-type": "application/json" },
      body: JSON.stringify({ json: null }),
    });
    expect(refresh.status).toBe(200);
    expect(refresh.headers.getSetCookie()).toContainEqual(
      expect.stringMatching(new RegExp(`^ACCESS_TOKEN=${JWT}; Max-Age=900; Path=/; HttpOnly; SameSite=Lax$`)),
    );
    jar.store(refresh);
    const status = await server.request("/trpc/auth.status", { headers: { cookie: jar.header(["ACCESS_TOKEN"]) } });
    expect(status.status).toBe(200);
  });

  it("a batched /trpc call (auth.status, calendar.list) answers both", async () => {
    server = await startTestServer();
    const jar = new CookieJar();
    await signInThroughStandin(server, jar);
    const input = encodeURIComponent(
      JSON.stringify({ 0: {}, 1: { json: { from: "2026-01-01T00:00:00.000Z", to: "2026-01-31T00:00:00.000Z" } } }),
    );
    const response = await server.request(`/trpc/auth.status,calendar.list?batch=1&input=${input}`, {
      headers: { cookie: jar.header() },
    });
    expect([200, 207]).toContain(response.status);
    const body = (await response.json()) as Array<{ result?: { data: { json: unknown } } }>;
    expect(body).toHaveLength(2);
    expect(body[0]?.result?.data.json).toMatchObject({ authenticated: true });
    expect(body[1]?.result?.data.json).toEqual([]);
  });

  it("a batched auth-door refresh carries its Set-Cookie", async () => {
    server = await startTestServer();
    const jar = new CookieJar();
    await signInThroughStandin(server, jar);
    const response = await server.request("/api/auth/trpc/auth.refresh?batch=1", {
      method: "POST",
      headers: { cookie: jar.header(["REFRESH_TOKEN"]), "content-type": "application/json" },
      body: JSON.stringify({ 0: { json: null } }),
    });
    expect(response.status).toBe(200);
    expect(response.headers.getSetCookie()).toContainEqual(expect.stringMatching(/^ACCESS_TOKEN=[^;]+; Max-Age=900; Path=\/;/));
  });

  it("auth.logout clears both cookies with the paths they were set with, and the refresh token stops working", async () => {
    server = await startTestServer();
    const jar = new CookieJar();
    await signInThroughStandin(server, jar);
    const refreshCookie = jar.header(["REFRESH_TOKEN"]);
    const logout = await server.request("/api/auth/trpc/auth.logout", {
      method: "POST",
      headers: { cookie: jar.header(), "content-type": "application/json" },
      body: JSON.stringify({ json: null }),
    });
    expect(logout.status).toBe(200);
    const cleared = logout.headers.getSetCookie();
    expect(cleared).toContain("ACCESS_TOKEN=; Max-Age=0; Path=/; HttpOnly; SameSite=Lax");
    expect(cleared).toContain("REFRESH_TOKEN=; Max-Age=0; Path=/api; HttpOnly; SameSite=Lax");

    const again = await server.request("/api/auth/trpc/auth.refresh", {
      method: "POST",
      headers: { cookie: refreshCookie, "content-type": "application/json" },
      body: JSON.stringify({ json: null }),
    });
    expect(again.status).toBe(401);
    expect(again.headers.getSetCookie().filter((header) => header.startsWith("ACCESS_TOKEN=ey"))).toEqual([]);
  });

  it("calendar procedures are not reachable under the auth door", async () => {
    server = await startTestServer();
    const response = await server.request(`/api/auth/trpc/calendar.list?${queryInput({ from: "2026-01-01T00:00:00Z", to: "2026-01-02T00:00:00Z" })}`);
    expect(response.status).toBe(404);
  });
});

describe("sign-in with production-like cookie settings", () => {
  it("uses Secure and the __Host-/__Secure- names, and the prefixed cookies work", async () => {
    server = await startTestServer({ NODE_ENV: "production", COOKIE_SECURE: "true", KAKAO_STANDIN: "true", SERVE_WEB: "false" });
    const jar = new CookieJar();
    const { start, callbackCookies } = await signInThroughStandin(server, jar);
    expect(start.headers.getSetCookie()[0]).toMatch(/; Max-Age=600; Path=\/oauth\/kakao; HttpOnly; Secure; SameSite=Lax$/);
    expect(callbackCookies).toContainEqual(
      expect.stringMatching(new RegExp(`^__Host-ACCESS_TOKEN=${JWT}; Max-Age=900; Path=/; HttpOnly; Secure; SameSite=Lax$`)),
    );
    expect(callbackCookies).toContainEqual(
      expect.stringMatching(
        new RegExp(`^__Secure-REFRESH_TOKEN=${OPAQUE}; Max-Age=604800; Path=/api; HttpOnly; Secure; SameSite=Lax$`),
      ),
    );
    expect(callbackCookies.some((header) => /^(ACCESS|REFRESH)_TOKEN=/.test(header))).toBe(false);

    const status = await server.request("/trpc/auth.status", { headers: { cookie: jar.header(["__Host-ACCESS_TOKEN"]) } });
    expect(status.status).toBe(200);
    const refresh = await server.request("/api/auth/trpc/auth.refresh", {
      method: "POST",
      headers: { cookie: jar.header(["__Secure-REFRESH_TOKEN"]), "content-type": "application/json" },
      body: JSON.stringify({ json: null }),
    });
    expect(refresh.status).toBe(200);
    expect(refresh.headers.getSetCookie()).toContainEqual(expect.stringMatching(/^__Host-ACCESS_TOKEN=[^;]+; Max-Age=900; Path=\/; HttpOnly; Secure; SameSite=Lax$/));
  });
});
