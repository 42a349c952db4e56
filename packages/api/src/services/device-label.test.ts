import { describe, expect, it } from "vitest";
import { deviceLabel, stableUserAgent } from "./device-label.ts";
import { fingerprintHash } from "./devices.ts";

const USER_AGENTS = {
  chromeMac130:
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36",
  chromeMac131:
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
  firefoxWindows: "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0",
  safariIphone:
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
  edgeWindows:
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36 Edg/130.0.0.0",
  chromeAndroid:
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Mobile Safari/537.36",
} as const;

describe("deviceLabel", () => {
  it.each([
    [USER_AGENTS.chromeMac130, "Chrome on macOS"],
    [USER_AGENTS.firefoxWindows, "Firefox on Windows"],
    [USER_AGENTS.safariIphone, "Safari on iOS"],
    [USER_AGENTS.edgeWindows, "Microsoft Edge on Windows"],
    [USER_AGENTS.chromeAndroid, "Chrome on Android"],
  ])("labels %s as %s", (userAgent, label) => {
    expect(deviceLabel(userAgent)).toBe(label);
  });

  it("falls back to 'Unknown device' without a user agent or anything recognisable", () => {
    expect(deviceLabel(null)).toBe("Unknown device");
    expect(deviceLabel("")).toBe("Unknown device");
    expect(deviceLabel("curl-ish/1.0 ???")).toMatch(/\S/);
  });
});

describe("stableUserAgent", () => {
  it("keeps names only, no versions", () => {
    expect(stableUserAgent(USER_AGENTS.chromeMac130)).toEqual({ browser: "Chrome", os: "macOS" });
    expect(stableUserAgent(USER_AGENTS.chromeMac131)).toEqual(stableUserAgent(USER_AGENTS.chromeMac130));
  });
});

describe("fingerprintHash", () => {
  const cookie = "a".repeat(32);

  it("is a SHA-256 hex digest that contains neither the cookie nor the user agent", () => {
    const hash = fingerprintHash(cookie, USER_AGENTS.chromeMac130);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hash).not.toContain(cookie);
  });

  it("survives a browser update (same cookie, same browser and OS, new version)", () => {
    expect(fingerprintHash(cookie, USER_AGENTS.chromeMac131)).toBe(fingerprintHash(cookie, USER_AGENTS.chromeMac130));
  });

  it("differs for another browser or OS with the same cookie, and for another cookie", () => {
    const chrome = fingerprintHash(cookie, USER_AGENTS.chromeMac130);
    expect(fingerprintHash(cookie, USER_AGENTS.firefoxWindows)).not.toBe(chrome);
    expect(fingerprintHash(cookie, USER_AGENTS.chromeAndroid)).not.toBe(chrome);
    expect(fingerprintHash("b".repeat(32), USER_AGENTS.chromeMac130)).not.toBe(chrome);
  });
});
