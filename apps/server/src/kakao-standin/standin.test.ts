import { afterEach, describe, expect, it } from "vitest";
import { s256 } from "../oauth/pkce.ts";
import { CookieJar, type TestServer, hiddenFields, location, pathOf, signInThroughStandin, startTestServer } from "../test/http.ts";

let server: TestServer;
afterEach(() => server.close());

const VERIFIER = "v".repeat(43);

function authorizeQuery(overrides: Record<string, string | null> = {}): string {
  const params: Record<string, string | null> = {
    client_id: server.env.kakao.clientId,
    redirect_uri: server.env.kakao.redirectUri,
    response_type: "code",
    state: "s1",
    code_challenge: s256(VERIFIER),
    code_challenge_method: "S256",
    ...overrides,
  };
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== null) search.set(key, value);
  return `/kakao-standin/oauth/authorize?${search}`;
}

/** Approves as `choice` and returns the issued code. */
async function codeFor(choice: Record<string, string>, overrides: Record<string, string | null> = {}): Promise<string> {
  const html = await (await server.request(authorizeQuery(overrides))).text();
  const approve = await server.request("/kakao-standin/oauth/authorize/approve", {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ ...hiddenFields(html), ...choice }),
  });
  return location(approve).searchParams.get("code") ?? "";
}

const token = (fields: Record<string, string>) =>
  server.request("/kakao-standin/oauth/token", {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(fields),
  });

describe("Kakao stand-in", () => {
  it("renders a consent page with one button per test user, named by the user", async () => {
    server = await startTestServer();
    const page = await server.request(authorizeQuery());
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toMatch(/^text\/html/);
    const html = await page.text();
    expect(html).toContain("Kakao (development stand-in)");
    for (const [id, name] of [["1001", "Minji Kim"], ["1002", "Jisoo Park"], ["1003", "Test User"]]) {
      expect(html).toContain(`<button type="submit" name="user_id" value="${id}">${name}</button>`);
    }
    expect(html).toContain(">Cancel</button>");
  });

  it("rejects bad authorization requests with a 400 HTML page", async () => {
    server = await startTestServer();
    const bad: Array<Record<string, string | null>> = [
      { client_id: null },
      { client_id: "someone-else" },
      { redirect_uri: "https://evil.example/callback" },
      { response_type: "token" },
      { code_challenge: null },
      { code_challenge_method: "plain" },
    ];
    for (const overrides of bad) {
      const response = await server.request(authorizeQuery(overrides));
      expect(response.status, JSON.stringify(overrides)).toBe(400);
      expect(response.headers.get("content-type")).toMatch(/^text\/html/);
      expect(await response.text()).toContain("Bad authorization request");
    }
  });

  it("escapes HTML in a custom nickname and in the carried parameters", async () => {
    server = await startTestServer();
    const evil = `<script>alert("x")</script>&'`;
    const page = await (await server.request(authorizeQuery({ state: `"><img src=x onerror=alert(1)>` }))).text();
    expect(page).not.toContain("<img src=x");
    expect(page).toContain("&quot;&gt;&lt;img src=x onerror=alert(1)&gt;");

    const jar = new CookieJar();
    await signInThroughStandin(server, jar, { custom_nickname: evil, custom_id: "424242" });
    const status = await server.request("/trpc/auth.status", { headers: { cookie: jar.header() } });
    const body = (await status.json()) as { result: { data: { json: { user: { displayName: string } } } } };
    // Stored as typed; escaping is the renderer's job (and JSON is not HTML).
    expect(body.result.data.json.user.displayName).toBe(evil);
  });

  it("the token endpoint rejects a PKCE mismatch with 400 invalid_grant and spends the code", async () => {
    server = await startTestServer();
    const code = await codeFor({ user_id: "1001" });
    const fields = {
      grant_type: "authorization_code",
      client_id: server.env.kakao.clientId,
      redirect_uri: server.env.kakao.redirectUri,
      code,
    };
    const mismatch = await token({ ...fields, code_verifier: "w".repeat(43) });
    expect(mismatch.status).toBe(400);
    expect(await mismatch.json()).toEqual({ error: "invalid_grant", error_description: expect.any(String), error_code: "KOE320" });
    const retry = await token({ ...fields, code_verifier: VERIFIER });
    expect(retry.status).toBe(400);
  });

  it("the token endpoint answers Kakao's shape and the code works once", async () => {
    server = await startTestServer();
    const code = await codeFor({ user_id: "1002" });
    const fields = {
      grant_type: "authorization_code",
      client_id: server.env.kakao.clientId,
      redirect_uri: server.env.kakao.redirectUri,
      code,
      code_verifier: VERIFIER,
    };
    const ok = await token(fields);
    expect(ok.status).toBe(200);
    const body = (await ok.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ token_type: "bearer", expires_in: expect.any(Number), refresh_token_expires_in: expect.any(Number) });
    const me = await server.request("/kakao-standin/v2/user/me", { headers: { authorization: `Bearer ${String(body.access_token)}` } });
    expect(await me.json()).toMatchObject({
      id: 1002,
      properties: { nickname: "Jisoo Park" },
      kakao_account: { profile_nickname_needs_agreement: false, profile: { nickname: "Jisoo Park" } },
    });
    const reused = await token(fields);
    expect(reused.status).toBe(400);
    expect(await reused.json()).toMatchObject({ error: "invalid_grant", error_code: "KOE320" });
  });

  it("the token endpoint checks redirect_uri and client_id against the code", async () => {
    server = await startTestServer();
    const base = { grant_type: "authorization_code", code_verifier: VERIFIER };
    const wrongRedirect = await token({
      ...base,
      code: await codeFor({ user_id: "1001" }),
      client_id: server.env.kakao.clientId,
      redirect_uri: `${server.origin}/elsewhere`,
    });
    expect(wrongRedirect.status).toBe(400);
    const wrongClient = await token({
      ...base,
      code: await codeFor({ user_id: "1001" }),
      client_id: "other",
      redirect_uri: server.env.kakao.redirectUri,
    });
    expect(wrongClient.status).toBe(400);
  });

  it("the user endpoint answers 401 in Kakao's shape without a valid token", async () => {
    server = await startTestServer();
    for (const headers of [{}, { authorization: "Bearer nope" }, { authorization: "Basic abc" }] as Array<Record<string, string>>) {
      const response = await server.request("/kakao-standin/v2/user/me", { headers });
      expect(response.status).toBe(401);
      expect(await response.json()).toEqual({ msg: expect.any(String), code: -401 });
    }
  });

  it("cancel redirects back with access_denied and the state", async () => {
    server = await startTestServer();
    const html = await (await server.request(authorizeQuery({ state: "keep me" }))).text();
    const cancel = await server.request("/kakao-standin/oauth/authorize/approve", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ ...hiddenFields(html), action: "cancel" }),
    });
    const to = location(cancel);
    expect(pathOf(to).startsWith("/oauth/kakao/callback?")).toBe(true);
    expect(to.searchParams.get("error")).toBe("access_denied");
    expect(to.searchParams.get("state")).toBe("keep me");
  });

  it("is not mounted when a real Kakao client id is configured", async () => {
    server = await startTestServer({ KAKAO_CLIENT_ID: "real-client" });
    expect((await server.request(authorizeQuery())).status).toBe(404);
    const start = await server.request("/oauth/kakao/start");
    expect(location(start).origin).toBe("https://kauth.kakao.com");
  });
});
