/**
 * What a fresh-eyes attack on the running app found, each case now a specification:
 * cross-site writes are refused (CSRF), odd input is a 400 never a 500, library messages do not
 * leak, and per-user answers are never cached.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CookieJar, type TestServer, queryInput, signInThroughStandin, startTestServer } from "./test/http.ts";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

async function signedIn() {
  const jar = new CookieJar();
  await signInThroughStandin(server, jar);
  return jar;
}

const appCodeOf = async (response: Response) =>
  ((await response.json()) as { error?: { json?: { data?: { appCode?: string } } } }).error?.json?.data?.appCode;

describe("cross-site writes (CSRF)", () => {
  it("a form on another site cannot log the victim out, even as multipart/form-data", async () => {
    const response = await server.request("/api/auth/trpc/auth.logout", {
      method: "POST",
      headers: { "content-type": "multipart/form-data; boundary=x", origin: "http://127.0.0.1:8099", "sec-fetch-site": "cross-site" },
      body: "--x--\r\n",
    });
    expect(response.status).toBe(403);
    expect(await appCodeOf(response)).toBe("CSRF_REJECTED");
    expect(response.headers.getSetCookie()).toEqual([]);
  });

  it("a same-site page (another port, a sibling subdomain) cannot end the victim's sessions", async () => {
    const jar = await signedIn();
    const response = await server.request("/trpc/devices.logoutEverywhere", {
      method: "POST",
      headers: { "content-type": "application/json", cookie: jar.header(), origin: "http://localhost:8099", "sec-fetch-site": "same-site" },
      body: JSON.stringify({ json: null }),
    });
    expect(response.status).toBe(403);
    expect(await appCodeOf(response)).toBe("CSRF_REJECTED");
    const status = await server.request("/trpc/auth.status", { headers: { cookie: jar.header() } });
    expect(status.status).toBe(200);
  });

  it("an Origin that is not ours is refused when Sec-Fetch-Site is absent", async () => {
    const response = await server.request("/api/auth/trpc/auth.refresh", {
      method: "POST",
      headers: { "content-type": "application/json", origin: "http://evil.example" },
      body: JSON.stringify({ json: null }),
    });
    expect(response.status).toBe(403);
    expect(await appCodeOf(response)).toBe("CSRF_REJECTED");
  });

  it("the app's own pages may write", async () => {
    const jar = await signedIn();
    const response = await server.request("/api/auth/trpc/auth.refresh", {
      method: "POST",
      headers: { "content-type": "application/json", cookie: jar.header(), origin: server.env.appOrigin, "sec-fetch-site": "same-origin" },
      body: JSON.stringify({ json: null }),
    });
    expect(response.status).toBe(200);
  });
});

describe("odd input is a 400 with a field message, never a 500", () => {
  const createEvent = (jar: CookieJar, input: object, meta?: object) =>
    server.request("/trpc/calendar.create", {
      method: "POST",
      headers: { "content-type": "application/json", cookie: jar.header() },
      body: JSON.stringify({ json: input, ...(meta ? { meta } : {}) }),
    });
  const event = { startsAt: "2026-12-10T10:00:00Z", endsAt: "2026-12-10T11:00:00Z" };

  it("a lone UTF-16 surrogate in a title", async () => {
    const jar = await signedIn();
    const response = await server.request("/trpc/calendar.create", {
      method: "POST",
      headers: { "content-type": "application/json", cookie: jar.header() },
      // Written by hand: JSON.stringify would escape it the same way a careless client does.
      body: `{"json":{"title":"a\\ud800b","startsAt":"${event.startsAt}","endsAt":"${event.endsAt}"}}`,
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { json: { message: string; data: { zodError: { fieldErrors: Record<string, string[]> } } } } };
    expect(body.error.json.data.zodError.fieldErrors["title"]).toEqual(["Contains an invalid character"]);
  });

  it.each([
    ["year 10000", { from: "+010000-01-01T00:00:00Z", to: "+010000-01-02T00:00:00Z" }],
    ["a negative year", { from: "-000001-01-01T00:00:00Z", to: "-000001-01-02T00:00:00Z" }],
    ["numbers", { from: -8.64e15, to: 0 }],
  ])("a list range in %s", async (_name, range) => {
    const jar = await signedIn();
    const response = await server.request(`/trpc/calendar.list?${queryInput(range)}`, { headers: { cookie: jar.header() } });
    expect(response.status).toBe(400);
  });

  it("a superjson Date far outside the calendar", async () => {
    const jar = await signedIn();
    const response = await createEvent(
      jar,
      { title: "x", startsAt: "-271821-04-20T00:00:00.000Z", endsAt: "-271821-04-20T00:00:00.000Z" },
      { values: { startsAt: ["Date"], endsAt: ["Date"] } },
    );
    expect(response.status).toBe(400);
  });

  it("validation failures name their fields instead of dumping the validator's output", async () => {
    const jar = await signedIn();
    const response = await createEvent(jar, { ...event, title: "   " });
    const body = (await response.json()) as { error: { json: { message: string; data: { zodError: unknown } } } };
    expect(response.status).toBe(400);
    expect(body.error.json.message).toBe("Invalid input");
    expect(body.error.json.data.zodError).toEqual({ formErrors: [], fieldErrors: { title: ["A title is required"] } });
  });

  it("malformed percent-encoding in the procedure path", async () => {
    for (const path of ["/trpc/%E0%A4%A", "/api/auth/trpc/%E0%A4%A", "/trpc/auth.status%2C%E0?batch=1"]) {
      const response = await server.request(path);
      expect(response.status).toBe(400);
      expect(await appCodeOf(response)).toBe("INVALID_INPUT");
    }
  });

  it("crafted superjson meta gets a plain message, never the library's", async () => {
    for (const meta of [{ values: "x" }, { values: { title: ["custom", "nope"] } }, { values: [["class", "X"]] }, { v: 99 }]) {
      const response = await server.request("/api/auth/trpc/auth.refresh", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ json: null, meta }),
      });
      expect(response.status).toBe(400);
      const text = await response.text();
      // Either the meta is ignored (our own answer) or refused plainly.
      expect(text).toMatch(/"message":"(Invalid request|No refresh token was sent)"/);
      expect(text).not.toMatch(/stack|github|Maximum call|superjson/i);
    }
  });
});

describe("per-user answers", () => {
  it("are never cached", async () => {
    const jar = await signedIn();
    for (const path of ["/trpc/auth.status", `/trpc/devices.list`]) {
      const response = await server.request(path, { headers: { cookie: jar.header() } });
      expect(response.status).toBe(200);
      expect(response.headers.get("cache-control")).toBe("no-store");
    }
  });
});
