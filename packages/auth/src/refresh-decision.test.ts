import { describe, expect, it } from "vitest";
import { decideRefresh, type RefreshTokenRecord } from "./refresh-decision.ts";

const NOW = new Date("2025-03-01T12:00:00.000Z");
const HOUR = 60 * 60 * 1000;

function at(offsetMs: number): Date {
  return new Date(NOW.getTime() + offsetMs);
}

function record(overrides: Partial<RefreshTokenRecord> = {}, session: Partial<RefreshTokenRecord["session"]> = {}) {
  return {
    sessionId: "session-1",
    userId: "user-1",
    expiresAt: at(24 * HOUR),
    revokedAt: null,
    ...overrides,
    session: { revokedAt: null, absoluteExpiresAt: at(10 * 24 * HOUR), ...session },
  } satisfies RefreshTokenRecord;
}

describe("decideRefresh", () => {
  it("allows a live token of a live session, with the session and user ids", () => {
    expect(decideRefresh(record(), NOW)).toEqual({ ok: true, sessionId: "session-1", userId: "user-1" });
  });

  it("answers INVALID_REFRESH_TOKEN when no token was found", () => {
    expect(decideRefresh(null, NOW)).toEqual({ ok: false, code: "INVALID_REFRESH_TOKEN" });
  });

  it("answers INVALID_REFRESH_TOKEN for a revoked token", () => {
    expect(decideRefresh(record({ revokedAt: at(-HOUR) }), NOW)).toEqual({ ok: false, code: "INVALID_REFRESH_TOKEN" });
  });

  it("answers INVALID_REFRESH_TOKEN for a token of a revoked session", () => {
    expect(decideRefresh(record({}, { revokedAt: at(-HOUR) }), NOW)).toEqual({
      ok: false,
      code: "INVALID_REFRESH_TOKEN",
    });
  });

  it("answers INVALID_REFRESH_TOKEN for a revoked token that has also expired (revocation wins)", () => {
    const revokedAndExpired = record({ revokedAt: at(-2 * HOUR), expiresAt: at(-HOUR) });

    expect(decideRefresh(revokedAndExpired, NOW)).toEqual({ ok: false, code: "INVALID_REFRESH_TOKEN" });
  });

  it("answers INVALID_REFRESH_TOKEN for a revoked session past its absolute age (revocation wins)", () => {
    const revokedAndOver = record({}, { revokedAt: at(-2 * HOUR), absoluteExpiresAt: at(-HOUR) });

    expect(decideRefresh(revokedAndOver, NOW)).toEqual({ ok: false, code: "INVALID_REFRESH_TOKEN" });
  });

  it("answers REFRESH_TOKEN_EXPIRED for an expired token", () => {
    expect(decideRefresh(record({ expiresAt: at(-1) }), NOW)).toEqual({ ok: false, code: "REFRESH_TOKEN_EXPIRED" });
  });

  it("answers REFRESH_TOKEN_EXPIRED at the exact moment the token expires", () => {
    expect(decideRefresh(record({ expiresAt: NOW }), NOW)).toEqual({ ok: false, code: "REFRESH_TOKEN_EXPIRED" });
  });

  it("answers REFRESH_TOKEN_EXPIRED for a live token of a session past its absolute age", () => {
    expect(decideRefresh(record({}, { absoluteExpiresAt: at(-1) }), NOW)).toEqual({
      ok: false,
      code: "REFRESH_TOKEN_EXPIRED",
    });
  });

  it("still allows a token one millisecond before it expires", () => {
    expect(decideRefresh(record({ expiresAt: at(1) }, { absoluteExpiresAt: at(1) }), NOW)).toMatchObject({ ok: true });
  });
});
