/**
 * The core promise, in real Chromium through the real sign-in redirect flow: a reload with an
 * expired access token keeps you in the calendar; a reload without any session shows the login
 * page once; a server outage is a retryable error, not a logout. Page scripts never see a token.
 */
import { SignJWT } from "jose";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  launchChromium,
  loginPageWasSeen,
  recordRequests,
  scriptReadableState,
  signInWithKakao,
  watchForLoginPage,
} from "./browser.ts";
import { E2E_JWT_SECRET, type ServerUnderTest, createServer } from "./server-process.ts";

const REFRESH_PATH = "/api/auth/trpc/auth.refresh";

let server: ServerUnderTest;
let browser: Browser;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  server = await createServer();
  await server.start();
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await server?.dispose();
});

beforeEach(async () => {
  context = await browser.newContext();
  await watchForLoginPage(context);
  page = await context.newPage();
  await signInWithKakao(page, server.origin);
});
afterEach(async () => {
  expect(await scriptReadableState(page)).toEqual({ cookie: "", localStorage: [], sessionStorage: [] });
  await context.close();
});

/** The built app's HTML and assets, fetched while the server is up. */
async function snapshotAppShell(origin: string) {
  const files = new Map<string, { body: Buffer; contentType: string }>();
  const html = await (await fetch(`${origin}/`)).text();
  files.set("/", { body: Buffer.from(html), contentType: "text/html" });
  for (const [, asset] of html.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)) {
    const response = await fetch(`${origin}${asset}`);
    files.set(asset!, { body: Buffer.from(await response.arrayBuffer()), contentType: response.headers.get("content-type") ?? "" });
  }
  return files;
}

async function cookieNames(): Promise<string[]> {
  return (await context.cookies()).map((cookie) => cookie.name).sort();
}

describe("a signed-in person reloading the calendar", () => {
  it("stays in the calendar", async () => {
    expect(await cookieNames()).toEqual(["ACCESS_TOKEN", "DEVICE_ID", "REFRESH_TOKEN"]);
    await page.reload();
    await page.getByTestId("calendar-page").waitFor();
    expect(await page.getByTestId("user-name").textContent()).toBe("Minji Kim");
    expect(await loginPageWasSeen(page)).toBe(false);
  });

  it("whose access cookie is gone refreshes exactly once, silently, and stays in the calendar", async () => {
    await context.clearCookies({ name: "ACCESS_TOKEN" });
    const refreshes = recordRequests(page, REFRESH_PATH);
    await page.reload();
    await page.getByTestId("calendar-page").waitFor();
    await page.waitForLoadState("networkidle");

    expect(refreshes.map((request) => request.status)).toEqual([200]);
    expect(await loginPageWasSeen(page)).toBe(false);
    expect(await cookieNames()).toContain("ACCESS_TOKEN");
  });

  it("whose access token has expired (still sent) refreshes exactly once and stays in the calendar", async () => {
    const [access] = (await context.cookies()).filter((cookie) => cookie.name === "ACCESS_TOKEN");
    const claims = JSON.parse(Buffer.from(access!.value.split(".")[1]!, "base64url").toString()) as Record<string, unknown>;
    const longAgo = Math.floor(Date.now() / 1000) - 3600;
    const expired = await new SignJWT({ sid: claims.sid as string })
      .setProtectedHeader({ alg: "HS256", typ: "at+jwt", kid: "e2e" })
      .setIssuer(claims.iss as string)
      .setAudience(claims.aud as string)
      .setSubject(claims.sub as string)
      .setJti("expired-in-test")
      .setIssuedAt(longAgo - 900)
      .setExpirationTime(longAgo)
      .sign(new TextEncoder().encode(E2E_JWT_SECRET));
    await context.addCookies([{ ...access!, value: expired }]);

    const refreshes = recordRequests(page, REFRESH_PATH);
    const statusAnswers: number[] = [];
    page.on("response", (response) => {
      if (new URL(response.url()).pathname.includes("auth.status")) statusAnswers.push(response.status());
    });
    await page.reload();
    await page.getByTestId("calendar-page").waitFor();
    await page.waitForLoadState("networkidle");

    expect(refreshes.map((request) => request.status)).toEqual([200]);
    expect(statusAnswers).toEqual([401, 200]);
    expect(await loginPageWasSeen(page)).toBe(false);
  });
});

describe("a person whose session is gone", () => {
  it("sees the login page after at most one refresh request, with no loop", async () => {
    await context.clearCookies();
    const refreshes = recordRequests(page, REFRESH_PATH);
    await page.reload();
    await page.getByTestId("login-page").waitFor();
    await page.waitForLoadState("networkidle");
    // Give a loop the chance to show itself.
    await page.waitForTimeout(1500);

    expect(refreshes.length).toBeLessThanOrEqual(1);
    expect(new URL(page.url()).pathname).toBe("/login");
    expect(await page.getByTestId("calendar-page").count()).toBe(0);
  });

  it("after signing out, reloading stays on the login page", async () => {
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.getByTestId("login-page").waitFor();
    expect(await cookieNames()).toEqual(["DEVICE_ID"]);
    await page.reload();
    await page.getByTestId("login-page").waitFor();
  });
});

describe("a signed-in person when the server goes away", () => {
  it("sees a retryable error, stays signed in, and carries on once the server is back", async () => {
    await page.getByLabel("Title").fill("Dentist");
    await page.getByRole("button", { name: "Add event" }).click();
    await page.getByTestId("event").filter({ hasText: "Dentist" }).waitFor();

    await server.stop();
    await page.getByRole("button", { name: "Next month" }).click();
    const error = page.getByTestId("calendar-error");
    await error.waitFor();
    expect(await page.getByTestId("login-page").count()).toBe(0);
    expect(await cookieNames()).toEqual(["ACCESS_TOKEN", "DEVICE_ID", "REFRESH_TOKEN"]);

    await server.start();
    await error.getByRole("button", { name: "Try again" }).click();
    await page.getByTestId("calendar-error").waitFor({ state: "detached" });
    await page.getByRole("button", { name: "Previous month" }).click();
    await page.getByTestId("event").filter({ hasText: "Dentist" }).waitFor();
    expect(await page.getByTestId("calendar-error").count()).toBe(0);
    expect(await loginPageWasSeen(page)).toBe(false);
  });

  it("reloading while the API is down shows the retryable error screen, and Try again recovers", async () => {
    // The app's files come from a cache (here: the test) while every API call fails, as when a
    // CDN serves the app and the API is down.
    const shell = await snapshotAppShell(server.origin);
    await server.stop();
    await page.route(
      (url) => shell.has(url.pathname),
      (route) => route.fulfill(shell.get(new URL(route.request().url()).pathname)!),
    );
    await page.reload().catch(() => undefined);
    await page.getByTestId("app-unreachable").waitFor();
    expect(await page.getByTestId("login-page").count()).toBe(0);

    await server.start();
    await page.getByRole("button", { name: "Try again" }).click();
    await page.getByTestId("calendar-page").waitFor();
    expect(await loginPageWasSeen(page)).toBe(false);
  });
});
