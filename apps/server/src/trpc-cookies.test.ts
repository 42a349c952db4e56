import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseKeyring, signToken } from "@tropical/auth";
import { authConfigFrom } from "./env.ts";
import { type TestServer, startTestServer } from "./test/http.ts";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

async function statusWith(cookie: string) {
  const response = await server.request("/trpc/auth.status", { headers: { cookie } });
  const text = await response.text();
  return { status: response.status, text, body: JSON.parse(text) as { error?: { json?: { data?: { appCode?: string } } } } };
}

/** A token that looks right but is signed by a key this server does not have. */
async function foreignToken(kid: string) {
  const config = { ...authConfigFrom(server.env), keyring: parseKeyring(`${kid}:an-attacker-chosen-secret-of-enough-length`) };
  const { token } = await signToken("access", "user-1", { sid: "session-1" }, 900, config, new Date());
  return token;
}

const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");

describe("garbage in the Cookie header never breaks /trpc", () => {
  const cases: Array<[string, () => Promise<string> | string, string[]]> = [
    ["percent garbage and empty pairs", () => "ACCESS_TOKEN=%%%; =;;; ", ["ACCESS_TOKEN_INVALID", "ACCESS_TOKEN_MISSING"]],
    ["broken percent-encoding", () => "ACCESS_TOKEN=%E0%A4%A", ["ACCESS_TOKEN_INVALID", "ACCESS_TOKEN_MISSING"]],
    ["a 4 KB junk cookie", () => `JUNK=${"x".repeat(4096)}`, ["ACCESS_TOKEN_MISSING"]],
    ["a 4 KB junk access token", () => `ACCESS_TOKEN=${"y".repeat(4096)}`, ["ACCESS_TOKEN_INVALID"]],
    ["an HS256 token signed by another key with our kid", () => foreignToken("test-1").then((t) => `ACCESS_TOKEN=${t}`), ["ACCESS_TOKEN_INVALID"]],
    ["an HS256 token with an unknown kid", () => foreignToken("other").then((t) => `ACCESS_TOKEN=${t}`), ["ACCESS_TOKEN_INVALID"]],
    [
      "an unsigned alg:none token",
      () => `ACCESS_TOKEN=${b64({ alg: "none", typ: "at+jwt" })}.${b64({ sub: "u", sid: "s", exp: 9999999999 })}.`,
      ["ACCESS_TOKEN_INVALID"],
    ],
    ["only separators", () => ";;;;", ["ACCESS_TOKEN_MISSING"]],
  ];

  for (const [name, cookie, codes] of cases) {
    it(`${name} → 401 with a clean JSON error`, async () => {
      const { status, text, body } = await statusWith(await cookie());
      expect(status).toBe(401);
      expect(codes).toContain(body.error?.json?.data?.appCode);
      expect(text).not.toMatch(/stack/i);
    });
  }

  it("a NUL byte in the Cookie header is refused by the HTTP parser with 400, not a 500", async () => {
    const { hostname: host, port } = new URL(server.origin);
    const raw = await new Promise<string>((resolve, reject) => {
      const socket = net.connect(Number(port), host, () => {
        socket.write(`GET /trpc/auth.status HTTP/1.1\r\nHost: ${host}\r\nCookie: ACCESS_TOKEN=a\u0000b\r\nConnection: close\r\n\r\n`);
      });
      let data = "";
      socket.on("data", (chunk) => (data += chunk.toString()));
      socket.on("end", () => resolve(data));
      socket.on("error", reject);
    });
    expect(raw).toMatch(/^HTTP\/1\.1 400 /);
    expect(raw).not.toMatch(/stack/i);
  });

  it("an unknown procedure and a malformed batch input answer 4xx JSON without a stack", async () => {
    for (const path of ["/trpc/nope.nothing", "/trpc/auth.status,calendar.list?batch=1&input=%7Bnot-json", "/trpc/calendar.list?input=%5B%5D"]) {
      const response = await server.request(path);
      expect(response.status, path).toBeGreaterThanOrEqual(400);
      expect(response.status, path).toBeLessThan(500);
      expect(await response.text()).not.toMatch(/stack/i);
    }
  });

  it("refresh without any cookie answers REFRESH_TOKEN_REQUIRED; with a garbage one, 4xx and no stack", async () => {
    const post = (cookie?: string) =>
      server.request("/api/auth/trpc/auth.refresh", {
        method: "POST",
        headers: { "content-type": "application/json", ...(cookie ? { cookie } : {}) },
        body: JSON.stringify({ json: null }),
      });
    const none = await post();
    expect(none.status).toBe(400);
    expect(await none.text()).toContain("REFRESH_TOKEN_REQUIRED");
    const garbage = await post(`REFRESH_TOKEN=${"%".repeat(100)}`);
    expect(garbage.status).toBeLessThan(500);
    expect(await garbage.text()).not.toMatch(/stack/i);
  });
});
