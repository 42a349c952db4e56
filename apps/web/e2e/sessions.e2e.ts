/**
 * Sessions across tabs and browsers, in real Chromium: two tabs never trip reuse detection,
 * proactive refresh keeps an idle page signed in without a single 401, and revoking a device
 * from another browser signs it out on its next request.
 */
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb } from "@tropical/db";
import { launchChromium, loginPageWasSeen, recordRequests, signInWithKakao, watchForLoginPage } from "./browser.ts";
import { type ServerUnderTest, createServer } from "./server-process.ts";

const REFRESH_PATH = "/api/auth/trpc/auth.refresh";

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

describe("two tabs of one browser", () => {
  let server: ServerUnderTest;
  beforeAll(async () => {
    server = await createServer();
    await server.start();
  });
  afterAll(() => server?.dispose());

  it("both stay signed in when they reload at once without an access cookie, and no reuse is recorded", async () => {
    const context = await browser.newContext();
    await watchForLoginPage(context);
    const first = await context.newPage();
    await signInWithKakao(first, server.origin);
    const second = await context.newPage();
    await second.goto(server.origin);
    await second.getByTestId("calendar-page").waitFor();

    await context.clearCookies({ name: "ACCESS_TOKEN" });
    const refreshes = [...[first, second].map((page) => recordRequests(page, REFRESH_PATH))];
    await Promise.all([first.reload(), second.reload()]);
    await Promise.all([first, second].map((page) => page.getByTestId("calendar-page").waitFor()));
    await Promise.all([first, second].map((page) => page.waitForLoadState("networkidle")));

    const statuses = refreshes.flat().map((request) => request.status);
    console.warn(`two-tab reload: refresh requests per tab ${JSON.stringify(refreshes.map((tab) => tab.map((r) => r.status)))}`);
    // Coordinated tabs make one refresh; a second (converging inside the grace window) is tolerated.
    expect(statuses.length).toBeGreaterThanOrEqual(1);
    expect(statuses.length).toBeLessThanOrEqual(2);
    expect(statuses.every((status) => status === 200)).toBe(true);
    for (const page of [first, second]) expect(await loginPageWasSeen(page)).toBe(false);

    const db = createDb(server.dbUrl);
    try {
      expect(await db.securityEvent.count({ where: { type: "refresh_token_reuse" } })).toBe(0);
      expect(await db.session.count({ where: { revokedAt: null } })).toBe(1);
    } finally {
      await db.$disconnect();
    }
    await context.close();
  });
});

describe("an idle page with a short access-token lifetime", () => {
  let server: ServerUnderTest;
  beforeAll(async () => {
    server = await createServer({ ACCESS_TOKEN_TTL_SECONDS: "6" });
    await server.start();
  });
  afterAll(() => server?.dispose());

  it("stays signed in through several expiries without any 401 in its network log", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await signInWithKakao(page, server.origin);
    // From here on: the anonymous status check on the login page (401 by design) is behind us.
    const unauthorized: string[] = [];
    page.on("response", (response) => {
      if (response.status() === 401) unauthorized.push(new URL(response.url()).pathname);
    });
    const refreshes = recordRequests(page, REFRESH_PATH);

    await page.waitForTimeout(20_000); // more than three access-token lifetimes, doing nothing
    await page.getByRole("button", { name: "Next month" }).click();
    await page.getByRole("button", { name: "Previous month" }).click();
    await page.waitForLoadState("networkidle");

    expect(refreshes.length).toBeGreaterThanOrEqual(3);
    expect(refreshes.every((request) => request.status === 200)).toBe(true);
    expect(unauthorized).toEqual([]);
    expect(await page.getByTestId("calendar-page").count()).toBe(1);
    await context.close();
  });
});

describe("the devices page", () => {
  let server: ServerUnderTest;
  beforeAll(async () => {
    server = await createServer();
    await server.start();
  });
  afterAll(() => server?.dispose());

  it("lists two browsers, and revoking one signs that one out on its next request", async () => {
    const laptop = await browser.newContext({ userAgent: chromeOnMac });
    const phone = await browser.newContext({ userAgent: firefoxOnWindows });
    const laptopPage = await laptop.newPage();
    const phonePage = await phone.newPage();
    await signInWithKakao(laptopPage, server.origin);
    await signInWithKakao(phonePage, server.origin);

    await laptopPage.getByRole("link", { name: "Devices" }).click();
    await laptopPage.getByTestId("devices-page").waitFor();
    const rows = laptopPage.getByTestId("device");
    await expect.poll(() => rows.count()).toBe(2);
    expect(await laptopPage.locator('[data-testid="device"][data-current="true"]').textContent()).toContain("Chrome");
    const other = laptopPage.locator('[data-testid="device"][data-current="false"]');
    expect(await other.textContent()).toContain("Firefox");

    await other.getByRole("button", { name: /sign out|revoke/i }).click();
    await expect.poll(() => rows.count()).toBe(1);

    // The phone's next request fails and it lands on the login page.
    await phonePage.getByRole("button", { name: "Next month" }).click();
    await phonePage.getByTestId("login-page").waitFor();
    // The laptop carries on.
    await laptopPage.getByRole("link", { name: "Calendar" }).click();
    await laptopPage.getByTestId("calendar-page").waitFor();
    await laptop.close();
    await phone.close();
  });
});

const chromeOnMac =
  "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36";
const firefoxOnWindows = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:132.0) Gecko/20100101 Firefox/132.0";
