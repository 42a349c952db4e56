import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createContextInner } from "../context.ts";
import { createCaller } from "../root.ts";
import { SessionRevocations } from "../session-revocations.ts";
import { failure } from "../test/failure.ts";
import { type TestApi, createTestApi } from "../test/harness.ts";

let api: TestApi;
beforeEach(async () => {
  api = await createTestApi();
});
afterEach(() => api.dispose());

const CHROME_MAC =
  "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36";
const CHROME_MAC_UPDATED =
  "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";
const FIREFOX_WINDOWS = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0";
const SAFARI_IPHONE =
  "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1";

const MINJI = { providerAccountId: "1001", displayName: "Minji Kim" };
const JUNHO = { providerAccountId: "2002", displayName: "Junho Park" };

type Browser = ReturnType<TestApi["browser"]>;

const REVOKED = { code: "UNAUTHORIZED", appCode: "SESSION_REVOKED" };

async function signedIn(userAgent: string, profile = MINJI): Promise<Browser> {
  const browser = api.browser(userAgent);
  await browser.signIn(profile);
  return browser;
}

/** The browser's access token as a raw Cookie header, to replay after its cookies were cleared. */
function accessHeader(browser: Browser): string {
  return `ACCESS_TOKEN=${browser.cookie("ACCESS_TOKEN") ?? ""}`;
}

function clearedAuthCookies(browser: Browser) {
  return browser.setCookies
    .filter((c) => c.name === "ACCESS_TOKEN" || c.name === "REFRESH_TOKEN")
    .map((c) => [c.name, c.maxAge]);
}

/** Everything the devices procedures could change, to prove a refused call changed nothing. */
async function snapshot() {
  return {
    devices: await api.db.device.findMany({ orderBy: { id: "asc" } }),
    sessions: await api.db.session.findMany({ orderBy: { id: "asc" } }),
    refreshTokens: await api.db.refreshToken.findMany({ orderBy: { id: "asc" } }),
    securityEvents: await api.db.securityEvent.findMany({ orderBy: { id: "asc" } }),
  };
}

/**
 * A caller on another server process: same database, its own revocation cache, the browser's
 * cookies. What this process marks revoked, that one learns only from the database.
 */
function otherProcess(browser: Browser) {
  const revocations = new SessionRevocations();
  return () =>
    createCaller(
      createContextInner({
        db: api.db,
        config: api.config,
        revocations,
        cookieHeader: [...browser.jar].map(([name, value]) => `${name}=${value}`).join("; "),
        setCookie: () => undefined,
        client: { ip: "198.51.100.4", userAgent: FIREFOX_WINDOWS },
        now: api.clock.now,
      }),
    );
}

describe("devices: fingerprint", () => {
  it("records one device when the same browser signs in twice", async () => {
    const chrome = await signedIn(CHROME_MAC);
    api.clock.advance(60);
    await chrome.signIn(MINJI);

    expect(await api.db.device.count()).toBe(1);
    const list = await chrome.caller().devices.list();
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ label: "Chrome on macOS", ip: "203.0.113.7", isCurrent: true, activeSessions: 2 });
    expect(list[0]?.lastUsedAt.getTime()).toBe(api.clock.now().getTime());
    expect(list[0]?.firstSeenAt.getTime()).toBe(api.clock.now().getTime() - 60_000);
  });

  it("keeps the device across a browser update, but not for another browser holding the same cookie", async () => {
    const before = await signedIn(CHROME_MAC);
    const deviceCookie = before.cookie("DEVICE_ID");
    expect(deviceCookie).toBeTruthy();

    const updated = api.browser(CHROME_MAC_UPDATED);
    updated.jar.set("DEVICE_ID", deviceCookie ?? "");
    await updated.signIn(MINJI);
    expect(await api.db.device.count()).toBe(1);

    const copied = api.browser(FIREFOX_WINDOWS);
    copied.jar.set("DEVICE_ID", deviceCookie ?? "");
    await copied.signIn(MINJI);
    expect(await api.db.device.count()).toBe(2);
  });

  it("records another browser (its own cookie jar) as another device, with labels and 'this device' right from each side", async () => {
    const chrome = await signedIn(CHROME_MAC);
    api.clock.advance(60);
    const firefox = await signedIn(FIREFOX_WINDOWS);

    const fromChrome = await chrome.caller().devices.list();
    expect(fromChrome.map((d) => [d.label, d.isCurrent])).toEqual([
      ["Firefox on Windows", false],
      ["Chrome on macOS", true],
    ]);
    const fromFirefox = await firefox.caller().devices.list();
    expect(fromFirefox.map((d) => [d.label, d.isCurrent])).toEqual([
      ["Firefox on Windows", true],
      ["Chrome on macOS", false],
    ]);
    expect(await api.db.device.count()).toBe(2);
  });

  it("keeps one user's devices apart from another's, even in the same browser", async () => {
    const shared = await signedIn(CHROME_MAC, MINJI);
    await shared.signIn(JUNHO);
    expect(await api.db.device.count()).toBe(2);
    const junhoDevices = await shared.caller().devices.list();
    expect(junhoDevices).toHaveLength(1);
    expect(junhoDevices[0]).toMatchObject({ isCurrent: true, activeSessions: 1 });
  });
});

describe("devices.list", () => {
  it("returns exactly the documented fields and never a hash, a token or the raw user agent", async () => {
    const chrome = await signedIn(CHROME_MAC);
    await signedIn(FIREFOX_WINDOWS);

    const list = await chrome.caller().devices.list();
    for (const device of list) {
      expect(Object.keys(device).sort()).toEqual(["activeSessions", "firstSeenAt", "id", "ip", "isCurrent", "label", "lastUsedAt"]);
    }
    const json = JSON.stringify(list);
    const secrets = [
      ...(await api.db.device.findMany()).flatMap((d) => [d.fingerprintHash, d.userAgent]),
      ...(await api.db.refreshToken.findMany()).map((t) => t.tokenHash),
      ...[...chrome.jar.values()],
    ];
    for (const secret of secrets) expect(json).not.toContain(secret);
  });

  it("refuses a caller without an access token", async () => {
    expect(await failure(api.browser().caller().devices.list())).toEqual({ code: "UNAUTHORIZED", appCode: "ACCESS_TOKEN_MISSING" });
  });

  it("leaves out a device whose sessions have all ended, until it signs in again", async () => {
    const chrome = await signedIn(CHROME_MAC);
    const firefox = await signedIn(FIREFOX_WINDOWS);
    await firefox.caller().auth.logout();
    expect((await chrome.caller().devices.list()).map((d) => d.label)).toEqual(["Chrome on macOS"]);

    api.clock.advance(60);
    await firefox.signIn(MINJI);
    expect((await chrome.caller().devices.list()).map((d) => d.label)).toEqual(["Firefox on Windows", "Chrome on macOS"]);
  });
});

describe("devices.revoke", () => {
  it("signs the other browser out at once: its access token fails SESSION_REVOKED, its refresh fails, the device is gone", async () => {
    const chrome = await signedIn(CHROME_MAC);
    const firefox = await signedIn(FIREFOX_WINDOWS);
    await firefox.signIn(MINJI); // two sessions on the Firefox device
    await expect(firefox.caller().auth.status()).resolves.toMatchObject({ authenticated: true });
    const firefoxDevice = (await chrome.caller().devices.list()).find((d) => !d.isCurrent);
    expect(firefoxDevice).toMatchObject({ label: "Firefox on Windows", activeSessions: 2 });

    const result = await chrome.caller().devices.revoke({ deviceId: firefoxDevice?.id ?? "" });
    expect(result).toEqual({ revokedSessions: 2, signedOut: false });
    expect(clearedAuthCookies(chrome)).toEqual([]);

    // Same instant, no clock advance: the access token is refused now, not when it expires.
    expect(await failure(firefox.caller().auth.status())).toEqual(REVOKED);
    expect(await failure(firefox.caller().calendar.list({ from: new Date("2026-12-01"), to: new Date("2026-12-31") }))).toEqual(REVOKED);
    expect(await failure(firefox.caller().auth.refresh())).toEqual({ code: "UNAUTHORIZED", appCode: "INVALID_REFRESH_TOKEN" });

    // The revoker is unaffected; the device is marked inactive and no longer listed.
    await expect(chrome.caller().auth.status()).resolves.toMatchObject({ authenticated: true });
    expect((await chrome.caller().devices.list()).map((d) => d.label)).toEqual(["Chrome on macOS"]);
    const stored = await api.db.device.findUniqueOrThrow({ where: { id: firefoxDevice?.id ?? "" } });
    expect(stored.active).toBe(false);
    const sessions = await api.db.session.findMany({ where: { deviceId: stored.id } });
    expect(sessions.map((s) => s.revokedReason)).toEqual(["device-revoked", "device-revoked"]);
    expect(await api.db.refreshToken.count({ where: { session: { deviceId: stored.id }, revokedAt: null } })).toBe(0);

    const events = await api.db.securityEvent.findMany({ where: { type: "device_revoked" } });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ deviceId: stored.id, ip: "203.0.113.7" });
  });

  it("revoking one's own device ends this session and clears the auth cookies", async () => {
    const chrome = await signedIn(CHROME_MAC);
    const firefox = await signedIn(FIREFOX_WINDOWS);
    const own = (await chrome.caller().devices.list()).find((d) => d.isCurrent);
    const oldAccess = accessHeader(chrome);

    expect(await chrome.caller().devices.revoke({ deviceId: own?.id ?? "" })).toEqual({ revokedSessions: 1, signedOut: true });
    expect(clearedAuthCookies(chrome)).toEqual([
      ["ACCESS_TOKEN", 0],
      ["REFRESH_TOKEN", 0],
    ]);
    expect(chrome.cookie("ACCESS_TOKEN")).toBeUndefined();
    expect(chrome.cookie("DEVICE_ID")).toBeTruthy();
    expect(await failure(chrome.caller(oldAccess).auth.status())).toEqual(REVOKED);
    await expect(firefox.caller().auth.status()).resolves.toMatchObject({ authenticated: true });
  });

  it("answers NOT_FOUND for another user's device, and for an unknown id, and changes nothing", async () => {
    const minji = await signedIn(CHROME_MAC, MINJI);
    const junho = await signedIn(FIREFOX_WINDOWS, JUNHO);
    const junhoDevice = (await junho.caller().devices.list())[0];
    const before = await snapshot();

    expect(await failure(minji.caller().devices.revoke({ deviceId: junhoDevice?.id ?? "" }))).toEqual({
      code: "NOT_FOUND",
      appCode: "NOT_FOUND",
    });
    expect(await failure(minji.caller().devices.revoke({ deviceId: "c-no-such-device" }))).toEqual({
      code: "NOT_FOUND",
      appCode: "NOT_FOUND",
    });

    expect(await snapshot()).toEqual(before);
    await expect(junho.caller().auth.status()).resolves.toMatchObject({ user: { displayName: "Junho Park" } });
    await expect(minji.caller().auth.status()).resolves.toMatchObject({ user: { displayName: "Minji Kim" } });
  });

  it("rejects a malformed device id as BAD_REQUEST", async () => {
    const chrome = await signedIn(CHROME_MAC);
    expect((await failure(chrome.caller().devices.revoke({ deviceId: "" }))).code).toBe("BAD_REQUEST");
    expect((await failure(chrome.caller().devices.revoke({ deviceId: "x".repeat(65) }))).code).toBe("BAD_REQUEST");
  });

  it("reaches another server process within one second (its own revocation cache)", async () => {
    const chrome = await signedIn(CHROME_MAC);
    const firefox = await signedIn(FIREFOX_WINDOWS);
    const elsewhere = otherProcess(firefox);
    // The other process has seen Firefox's session alive and cached that.
    await expect(elsewhere().auth.status()).resolves.toMatchObject({ authenticated: true });

    const firefoxDevice = (await chrome.caller().devices.list()).find((d) => !d.isCurrent);
    await chrome.caller().devices.revoke({ deviceId: firefoxDevice?.id ?? "" });
    expect(await failure(firefox.caller().auth.status())).toEqual(REVOKED);

    api.clock.advance(1);
    expect(await failure(elsewhere().auth.status())).toEqual(REVOKED);
  });
});

describe("devices.logoutOthers", () => {
  it("ends every other session (other devices and older sessions of this one) and keeps this one working", async () => {
    const chromeOld = await signedIn(CHROME_MAC);
    const chrome = api.browser(CHROME_MAC);
    chrome.jar.set("DEVICE_ID", chromeOld.cookie("DEVICE_ID") ?? "");
    await chrome.signIn(MINJI); // a second session on the same device
    const firefox = await signedIn(FIREFOX_WINDOWS);
    const safari = await signedIn(SAFARI_IPHONE);
    const junho = await signedIn(FIREFOX_WINDOWS, JUNHO);

    expect(await chrome.caller().devices.logoutOthers()).toEqual({ revokedSessions: 3 });
    expect(clearedAuthCookies(chrome)).toEqual([]);

    await expect(chrome.caller().auth.status()).resolves.toMatchObject({ authenticated: true });
    for (const other of [chromeOld, firefox, safari]) {
      expect(await failure(other.caller().auth.status())).toEqual(REVOKED);
      expect((await failure(other.caller().auth.refresh())).appCode).toBe("INVALID_REFRESH_TOKEN");
    }
    await expect(junho.caller().auth.status()).resolves.toMatchObject({ authenticated: true });

    const list = await chrome.caller().devices.list();
    expect(list).toEqual([expect.objectContaining({ label: "Chrome on macOS", isCurrent: true, activeSessions: 1 })]);
    // This session can still refresh.
    await expect(chrome.caller().auth.refresh()).resolves.toHaveProperty("accessTokenExpiresAt");
    expect(await api.db.securityEvent.count({ where: { type: "logout_others" } })).toBe(1);
  });

  it("answers 0 when there is nothing else to end", async () => {
    const chrome = await signedIn(CHROME_MAC);
    expect(await chrome.caller().devices.logoutOthers()).toEqual({ revokedSessions: 0 });
    await expect(chrome.caller().auth.status()).resolves.toMatchObject({ authenticated: true });
  });
});

describe("devices.logoutEverywhere", () => {
  it("ends every session of the user, this one included, and clears this browser's auth cookies", async () => {
    const chrome = await signedIn(CHROME_MAC);
    const firefox = await signedIn(FIREFOX_WINDOWS);
    const junho = await signedIn(SAFARI_IPHONE, JUNHO);
    const oldAccess = accessHeader(chrome);
    const oldRefresh = chrome.cookie("REFRESH_TOKEN") ?? "";

    expect(await chrome.caller().devices.logoutEverywhere()).toEqual({ revokedSessions: 2, signedOut: true });
    expect(clearedAuthCookies(chrome)).toEqual([
      ["ACCESS_TOKEN", 0],
      ["REFRESH_TOKEN", 0],
    ]);
    expect(chrome.cookie("ACCESS_TOKEN")).toBeUndefined();
    expect(chrome.cookie("REFRESH_TOKEN")).toBeUndefined();

    expect(await failure(chrome.caller(oldAccess).auth.status())).toEqual(REVOKED);
    expect((await failure(chrome.caller(`REFRESH_TOKEN=${oldRefresh}`).auth.refresh())).appCode).toBe("INVALID_REFRESH_TOKEN");
    expect(await failure(firefox.caller().auth.status())).toEqual(REVOKED);
    expect((await failure(firefox.caller().auth.refresh())).appCode).toBe("INVALID_REFRESH_TOKEN");
    await expect(junho.caller().auth.status()).resolves.toMatchObject({ authenticated: true });

    const minjiDevices = await api.db.device.findMany({ where: { user: { displayName: "Minji Kim" } } });
    expect(minjiDevices.map((d) => d.active)).toEqual([false, false]);
    expect(await api.db.securityEvent.count({ where: { type: "logout_everywhere" } })).toBe(1);
  });
});
