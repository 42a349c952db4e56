import { describe, expect, it } from "vitest";
import { refreshTokenExpiry, secondsUntil, sessionExpiry, type SessionLifetimeConfig } from "./session-lifetime.ts";

const DAY = 24 * 60 * 60;
const config: SessionLifetimeConfig = { refreshTtlSeconds: 7 * DAY, sessionMaxAgeSeconds: 30 * DAY };
const SIGNED_IN = new Date("2025-03-01T12:00:00.000Z");

function daysAfter(date: Date, days: number): Date {
  return new Date(date.getTime() + days * DAY * 1000);
}

describe("sessionExpiry", () => {
  it("is the absolute session age after sign-in", () => {
    expect(sessionExpiry(SIGNED_IN, config)).toEqual(daysAfter(SIGNED_IN, 30));
  });
});

describe("refreshTokenExpiry", () => {
  const sessionEnd = sessionExpiry(SIGNED_IN, config);

  it("slides the refresh TTL forward from now, early in the session", () => {
    const now = daysAfter(SIGNED_IN, 1);

    expect(refreshTokenExpiry(now, sessionEnd, config)).toEqual(daysAfter(now, 7));
  });

  it("is capped by the absolute expiry near the end of the session", () => {
    const now = daysAfter(SIGNED_IN, 27);

    expect(refreshTokenExpiry(now, sessionEnd, config)).toEqual(sessionEnd);
  });

  it("equals the absolute expiry when the sliding expiry would land exactly on it", () => {
    expect(refreshTokenExpiry(daysAfter(SIGNED_IN, 23), sessionEnd, config)).toEqual(sessionEnd);
  });

  it("never extends past the absolute expiry, however often the token is refreshed", () => {
    for (let day = 0; day <= 40; day++) {
      const expiry = refreshTokenExpiry(daysAfter(SIGNED_IN, day), sessionEnd, config);

      expect(expiry.getTime()).toBeLessThanOrEqual(sessionEnd.getTime());
    }
  });

  it("does not move the expiry later than the cap once the session is over", () => {
    expect(refreshTokenExpiry(daysAfter(SIGNED_IN, 31), sessionEnd, config)).toEqual(sessionEnd);
  });
});

describe("secondsUntil", () => {
  const now = new Date("2025-03-01T12:00:00.000Z");

  it("counts whole seconds until the expiry", () => {
    expect(secondsUntil(new Date(now.getTime() + 900_000), now)).toBe(900);
  });

  it("rounds a partial second down (a cookie never outlives its token)", () => {
    expect(secondsUntil(new Date(now.getTime() + 1_999), now)).toBe(1);
  });

  it("is 0 at the expiry", () => {
    expect(secondsUntil(now, now)).toBe(0);
  });

  it("is 0, never negative, after the expiry", () => {
    expect(secondsUntil(new Date(now.getTime() - 1), now)).toBe(0);
    expect(secondsUntil(new Date(now.getTime() - 3_600_000), now)).toBe(0);
  });
});
