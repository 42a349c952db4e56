import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { type TestServer, startTestServer } from "./test/http.ts";

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe("app basics", () => {
  it("GET /healthz answers ok, without x-powered-by", async () => {
    server = await startTestServer();
    const response = await server.request("/healthz");
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true });
    expect(response.headers.get("x-powered-by")).toBeNull();
  });

  it("unknown paths get a JSON 404", async () => {
    server = await startTestServer();
    for (const p of ["/nope", "/api/nothing", "/oauth/other"]) {
      const response = await server.request(p);
      expect(response.status, p).toBe(404);
      expect(await response.json()).toEqual({ error: "Not found" });
    }
  });

  it("a malformed form body at the stand-in answers 4xx JSON, never a stack", async () => {
    server = await startTestServer();
    const response = await server.request("/kakao-standin/oauth/token", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "a=".padEnd(40_000, "x"),
    });
    expect(response.status).toBe(413);
    expect(await response.text()).not.toMatch(/stack|at /i);
  });
});

describe("serving the built web app", () => {
  it("serves files and falls back to index.html for app routes, but not for API paths", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tropical-web-"));
    fs.writeFileSync(path.join(dir, "index.html"), "<!doctype html><title>Tropical</title>");
    fs.mkdirSync(path.join(dir, "assets"));
    fs.writeFileSync(path.join(dir, "assets", "app-abc123.js"), "console.log(1)");
    try {
      server = await startTestServer({ SERVE_WEB: "true", WEB_DIST_DIR: dir });
      const html = { accept: "text/html" };
      const index = await server.request("/calendar/2026-01", { headers: html });
      expect(index.status).toBe(200);
      expect(await index.text()).toContain("<title>Tropical</title>");
      expect(index.headers.get("cache-control")).toBe("no-cache");
      const asset = await server.request("/assets/app-abc123.js");
      expect(asset.status).toBe(200);
      expect(asset.headers.get("cache-control")).toContain("immutable");
      for (const p of ["/api/unknown", "/trpc", "/oauth/unknown", "/kakao-standin/unknown"]) {
        expect((await server.request(p, { headers: html })).status, p).toBe(404);
      }
      expect((await server.request("/somewhere", { headers: { accept: "application/json" } })).status).toBe(404);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("a missing web build is skipped, not fatal", async () => {
    server = await startTestServer({ SERVE_WEB: "true", WEB_DIST_DIR: "/nonexistent/tropical-web" });
    expect((await server.request("/healthz")).status).toBe(200);
    expect((await server.request("/", { headers: { accept: "text/html" } })).status).toBe(404);
  });
});
