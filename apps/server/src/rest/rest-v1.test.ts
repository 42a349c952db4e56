import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signToken } from "@tropical/auth";
import { authConfigFrom } from "../env.ts";
import { CookieJar, type TestServer, signInThroughStandin, startTestServer } from "../test/http.ts";

// A one-second reuse window keeps the "presented again later" test short.
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ REFRESH_REUSE_GRACE_SECONDS: "1" });
});
afterAll(() => server.close());

const JWT = "[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+";
const ACCESS_SET = new RegExp(`^ACCESS_TOKEN=${JWT}; Max-Age=900; Path=/; HttpOnly; SameSite=Lax$`);
const REFRESH_SET = /^REFRESH_TOKEN=([A-Za-z0-9_-]{43}); Max-Age=\d+; Path=\/api; HttpOnly; SameSite=Lax$/;
const CLEARED = ["ACCESS_TOKEN=; Max-Age=0; Path=/; HttpOnly; SameSite=Lax", "REFRESH_TOKEN=; Max-Age=0; Path=/api; HttpOnly; SameSite=Lax"];
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const UNKNOWN_TOKEN = "Q".repeat(42) + "w";

/** Signs in through the stand-in and returns the jar and the refresh token it was given. */
async function signIn() {
  const jar = new CookieJar();
  await signInThroughStandin(server, jar);
  const refreshToken = jar.values.get("REFRESH_TOKEN");
  if (!refreshToken) throw new Error("sign-in set no refresh cookie");
  return { jar, refreshToken };
}

interface Call {
  status: number;
  body: Record<string, unknown>;
  text: string;
  cookies: string[];
  cacheControl: string | null;
}

async function call(path: string, init: RequestInit = {}): Promise<Call> {
  const response = await server.request(path, init);
  const text = await response.text();
  // Never a stack trace or a source path, whatever happened.
  expect(text).not.toMatch(/stack|\.ts:\d|node_modules/i);
  expect(response.headers.get("content-type")).toMatch(/^application\/json/);
  return {
    status: response.status,
    body: JSON.parse(text) as Record<string, unknown>,
    text,
    cookies: response.headers.getSetCookie(),
    cacheControl: response.headers.get("cache-control"),
  };
}

const refresh = (opts: { cookie?: string; body?: string; contentType?: string } = {}) =>
  call("/api/v1/auth/token/refresh", {
    method: "POST",
    headers: {
      ...(opts.cookie ? { cookie: opts.cookie } : {}),
      ...(opts.body !== undefined ? { "content-type": opts.contentType ?? "application/json" } : {}),
    },
    ...(opts.body !== undefined ? { body: opts.body } : {}),
  });

const status = (cookie?: string) => call("/api/v1/auth/status", { headers: cookie ? { cookie } : {} });

/** The rotated refresh token a successful refresh sets. */
function newRefreshToken(cookies: string[]): string {
  const token = cookies.map((header) => REFRESH_SET.exec(header)?.[1]).find(Boolean);
  if (!token) throw new Error(`no refresh cookie in ${JSON.stringify(cookies)}`);
  return token;
}

function expectRefreshed(result: Call, oldToken: string) {
  expect(result.status).toBe(200);
  expect(result.body).toEqual({
    success: true,
    message: "Token refreshed",
    errorCode: null,
    data: { accessTokenExpiresAt: expect.stringMatching(ISO) },
  });
  expect(result.cacheControl).toBe("no-store");
  expect(result.cookies).toHaveLength(2);
  expect(result.cookies).toContainEqual(expect.stringMatching(ACCESS_SET));
  expect(result.cookies).toContainEqual(expect.stringMatching(REFRESH_SET));
  expect(newRefreshToken(result.cookies)).not.toBe(oldToken);
}

function expectFailure(result: Call, httpStatus: number, errorCode: unknown, message?: string) {
  expect(result.status).toBe(httpStatus);
  expect(result.body).toEqual({ success: false, message: message ?? expect.any(String), errorCode });
  expect(result.cacheControl).toBe("no-store");
}

describe("POST /api/v1/auth/token/refresh", () => {
  it("with the refresh cookie: 200, the exact shape, a new access cookie and a rotated refresh cookie", async () => {
    const { jar, refreshToken } = await signIn();
    const result = await refresh({ cookie: jar.header(["REFRESH_TOKEN"]) });
    expectRefreshed(result, refreshToken);

    // The new access cookie works, and the rotated refresh token refreshes again.
    const next = new CookieJar();
    next.store(new Response(null, { headers: result.cookies.map((header): [string, string] => ["set-cookie", header]) }));
    expect((await status(next.header(["ACCESS_TOKEN"]))).status).toBe(200);
    expectRefreshed(await refresh({ cookie: next.header(["REFRESH_TOKEN"]) }), newRefreshToken(result.cookies));
  });

  it("with only a JSON body token (old clients, no cookie): 200 and the same cookies", async () => {
    const { refreshToken } = await signIn();
    expectRefreshed(await refresh({ body: JSON.stringify({ refreshToken }) }), refreshToken);
  });

  it("the cookie wins over a body token", async () => {
    const { jar, refreshToken } = await signIn();
    const result = await refresh({ cookie: jar.header(["REFRESH_TOKEN"]), body: JSON.stringify({ refreshToken: "garbage" }) });
    expectRefreshed(result, refreshToken);
  });

  it("with nothing (no cookie; no body, {}, null or non-string tokens, arrays): 400 REFRESH_TOKEN_REQUIRED", async () => {
    const bodies = [undefined, "{}", '{"refreshToken":null}', '{"refreshToken":123}', '{"refreshToken":{"$ne":""}}', '{"refreshToken":["a"]}', "[]", ""];
    for (const body of bodies) {
      const result = await refresh(body === undefined ? {} : { body });
      expectFailure(result, 400, "REFRESH_TOKEN_REQUIRED", "No refresh token was sent");
      expect(result.cookies, String(body)).toEqual([]);
    }
  });

  it("a body that is not JSON by content type is ignored: no cookie → 400 REFRESH_TOKEN_REQUIRED, cookie → 200", async () => {
    const { jar, refreshToken } = await signIn();
    for (const contentType of ["text/plain", "application/x-www-form-urlencoded"]) {
      const result = await refresh({ body: JSON.stringify({ refreshToken }), contentType });
      expectFailure(result, 400, "REFRESH_TOKEN_REQUIRED", "No refresh token was sent");
    }
    // The token above was never used, so it still rotates.
    expectRefreshed(await refresh({ cookie: jar.header(["REFRESH_TOKEN"]), body: "refreshToken=x", contentType: "text/plain" }), refreshToken);
  });

  it("malformed JSON: a clean 400; a body over 4 KB: 413 — both in the REST shape", async () => {
    for (const body of ["{not json", '{"refreshToken":', "null", '"a-string"']) {
      expectFailure(await refresh({ body }), 400, "INVALID_INPUT", "Malformed JSON body");
    }
    const big = JSON.stringify({ refreshToken: "x".repeat(5000) });
    expectFailure(await refresh({ body: big }), 413, "INVALID_INPUT", "Request body too large");
  });

  it("a bad token (garbage, unknown 43-char) in the cookie or the body: 401 INVALID_REFRESH_TOKEN, both cookies cleared", async () => {
    const message = "Please sign in again for security reasons";
    for (const token of ["garbage", UNKNOWN_TOKEN]) {
      for (const result of [await refresh({ cookie: `REFRESH_TOKEN=${token}` }), await refresh({ body: JSON.stringify({ refreshToken: token }) })]) {
        expectFailure(result, 401, "INVALID_REFRESH_TOKEN", message);
        expect(result.cookies).toEqual(CLEARED);
      }
    }
    // A body token longer than any token fails input validation, plainly.
    expectFailure(await refresh({ body: JSON.stringify({ refreshToken: "x".repeat(600) }) }), 400, "INVALID_INPUT", "Invalid request");
  });

  it("rotation: a racing duplicate converges inside the grace window; the old token presented later is REFRESH_TOKEN_REUSED and ends the session", async () => {
    const { jar, refreshToken } = await signIn();
    const first = await refresh({ cookie: `REFRESH_TOKEN=${refreshToken}` });
    expectRefreshed(first, refreshToken);
    const successor = newRefreshToken(first.cookies);

    const racing = await refresh({ body: JSON.stringify({ refreshToken }) });
    expect(racing.status).toBe(200);
    expect(newRefreshToken(racing.cookies)).toBe(successor);

    await new Promise((resolve) => setTimeout(resolve, 1200));
    const reused = await refresh({ cookie: `REFRESH_TOKEN=${refreshToken}` });
    expectFailure(reused, 401, "REFRESH_TOKEN_REUSED");
    expect(reused.body.message).toMatch(/sign in again/);
    expect(reused.cookies).toEqual(CLEARED);

    // The whole session is over: its successor and its access token stop working.
    expect((await refresh({ cookie: `REFRESH_TOKEN=${successor}` })).status).toBe(401);
    expectFailure(await status(jar.header(["ACCESS_TOKEN"])), 401, "SESSION_REVOKED");
  });

  it("answers with the same codes and messages as the tRPC auth door", async () => {
    const trpc = async (cookie?: string) => {
      const response = await server.request("/api/auth/trpc/auth.refresh", {
        method: "POST",
        headers: { "content-type": "application/json", ...(cookie ? { cookie } : {}) },
        body: JSON.stringify({ json: null }),
      });
      const body = (await response.json()) as { error: { json: { message: string; data: { appCode: string } } } };
      return { status: response.status, message: body.error.json.message, errorCode: body.error.json.data.appCode };
    };
    for (const cookie of [undefined, "REFRESH_TOKEN=garbage", `REFRESH_TOKEN=${UNKNOWN_TOKEN}`]) {
      const rest = await refresh(cookie ? { cookie } : {});
      expect({ status: rest.status, message: rest.body.message, errorCode: rest.body.errorCode }).toEqual(await trpc(cookie));
    }
  });
});

describe("GET /api/v1/auth/status", () => {
  it("with a valid access cookie: 200 and the exact shape", async () => {
    const { jar } = await signIn();
    const result = await status(jar.header(["ACCESS_TOKEN"]));
    expect(result.status).toBe(200);
    expect(result.body).toEqual({
      success: true,
      message: "Authenticated",
      errorCode: null,
      data: {
        authenticated: true,
        nextStep: "dashboard",
        user: { id: expect.any(String), displayName: "Minji Kim", email: null, emailVerifiedAt: null },
        accessTokenExpiresAt: expect.stringMatching(ISO),
      },
    });
    expect(result.cacheControl).toBe("no-store");
    expect(result.cookies).toEqual([]);
  });

  it("without an access cookie (even with the refresh cookie): 401 ACCESS_TOKEN_MISSING", async () => {
    const { jar } = await signIn();
    expectFailure(await status(), 401, "ACCESS_TOKEN_MISSING", "Sign-in required");
    expectFailure(await status(jar.header(["REFRESH_TOKEN"])), 401, "ACCESS_TOKEN_MISSING", "Sign-in required");
  });

  it("with a garbage access cookie: 401 ACCESS_TOKEN_INVALID; with an expired one: 401 ACCESS_TOKEN_EXPIRED", async () => {
    expectFailure(await status("ACCESS_TOKEN=garbage"), 401, "ACCESS_TOKEN_INVALID", "Access token invalid");
    expectFailure(await status(`ACCESS_TOKEN=${"%".repeat(50)}`), 401, expect.stringMatching(/^ACCESS_TOKEN_(INVALID|MISSING)$/));
    const { token } = await signToken("access", "user-1", { sid: "session-1" }, 900, authConfigFrom(server.env), new Date(Date.now() - 3_600_000));
    expectFailure(await status(`ACCESS_TOKEN=${token}`), 401, "ACCESS_TOKEN_EXPIRED", "Access token expired");
  });
});

describe("the /api/v1 door", () => {
  it("unknown paths and wrong methods get the app's JSON 404", async () => {
    for (const [method, path] of [
      ["GET", "/api/v1/nope"],
      ["GET", "/api/v1/auth/token/refresh"],
      ["POST", "/api/v1/auth/status"],
      ["POST", "/api/v1/auth/trpc/auth.refresh"],
    ] as const) {
      const result = await call(path, { method });
      expect(result.status, `${method} ${path}`).toBe(404);
      expect(result.body).toEqual({ error: "Not found" });
    }
  });
});
