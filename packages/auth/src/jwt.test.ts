import { SignJWT, decodeProtectedHeader } from "jose";
import { describe, expect, it } from "vitest";
import { signToken, verifyToken, type TokenIssuer } from "./jwt.ts";
import { parseKeyring } from "./keyring.ts";
import { TOKEN_KINDS, type TokenKind } from "./token-kinds.ts";

const ISSUER = "https://tropical.test";
const OLD_SECRET = "old-secret-old-secret-old-secret-0123";
const NEW_SECRET = "new-secret-new-secret-new-secret-4567";
const NOW = new Date("2025-03-01T12:00:00.000Z");
const NOW_SECONDS = NOW.getTime() / 1000;
const ACCESS_TTL = 15 * 60;

const issuer: TokenIssuer = { keyring: parseKeyring(`k1:${OLD_SECRET}`), issuer: ISSUER };

function secondsAfter(date: Date, seconds: number): Date {
  return new Date(date.getTime() + seconds * 1000);
}

function base64url(value: object): string {
  return Buffer.from(JSON.stringify(value)).toString("base64url");
}

/** The claims a genuine access token carries, for hand-built tokens. */
function accessClaims(overrides: Record<string, unknown> = {}) {
  return {
    iss: ISSUER,
    aud: TOKEN_KINDS.access.audience,
    sub: "user-1",
    sid: "session-1",
    jti: "jti-1",
    iat: NOW_SECONDS,
    exp: NOW_SECONDS + ACCESS_TTL,
    ...overrides,
  };
}

/** Signs arbitrary header and claims with jose, bypassing signToken's choices. */
async function signRaw(
  header: { alg: string; typ?: string; kid?: string },
  claims: Record<string, unknown>,
  secret: string,
): Promise<string> {
  return new SignJWT(claims).setProtectedHeader(header).sign(new TextEncoder().encode(secret));
}

function signAccess(subject = "user-1", now = NOW, using: TokenIssuer = issuer) {
  return signToken("access", subject, { sid: "session-1" }, ACCESS_TTL, using, now);
}

describe("signToken / verifyToken", () => {
  describe("a genuine token", () => {
    it("verifies as ok and carries sub, sid, jti, iat and exp", async () => {
      const signed = await signAccess();

      const result = await verifyToken("access", signed.token, issuer, NOW);

      expect(result).toEqual({
        status: "ok",
        claims: expect.objectContaining({
          sub: "user-1",
          sid: "session-1",
          jti: signed.jti,
          iat: NOW_SECONDS,
          exp: NOW_SECONDS + ACCESS_TTL,
          iss: ISSUER,
          aud: TOKEN_KINDS.access.audience,
        }),
      });
    });

    it("reports its expiry time and a fresh jti on every signing", async () => {
      const first = await signAccess();
      const second = await signAccess();

      expect(first.expiresAt).toEqual(secondsAfter(NOW, ACCESS_TTL));
      expect(first.jti).not.toBe(second.jti);
    });

    it("has an HS256 header with the kind's typ and the current kid", async () => {
      const { token } = await signAccess();

      expect(decodeProtectedHeader(token)).toEqual({ alg: "HS256", typ: "at+jwt", kid: "k1" });
    });

    it.each(Object.keys(TOKEN_KINDS) as TokenKind[])("round-trips for the %s kind", async (kind) => {
      const { token } = await signToken(kind, "user-1", {}, 60, issuer, NOW);

      expect(await verifyToken(kind, token, issuer, NOW)).toMatchObject({ status: "ok" });
    });
  });

  describe("expiry with a 30 s clock tolerance", () => {
    it("is still ok 29 s after exp (within tolerance)", async () => {
      const { token } = await signAccess();

      const result = await verifyToken("access", token, issuer, secondsAfter(NOW, ACCESS_TTL + 29));

      expect(result.status).toBe("ok");
    });

    it("is expired 31 s after exp (beyond tolerance)", async () => {
      const { token } = await signAccess();

      const result = await verifyToken("access", token, issuer, secondsAfter(NOW, ACCESS_TTL + 31));

      expect(result).toEqual({ status: "expired" });
    });

    it("is expired long after exp", async () => {
      const { token } = await signAccess();

      expect(await verifyToken("access", token, issuer, secondsAfter(NOW, 86_400))).toEqual({ status: "expired" });
    });

    it("is invalid, not expired, when an expired token also has a bad signature", async () => {
      const { token } = await signAccess();
      const forged = `${token.slice(0, token.lastIndexOf(".") + 1)}${"A".repeat(43)}`;

      expect(await verifyToken("access", forged, issuer, secondsAfter(NOW, 86_400))).toEqual({ status: "invalid" });
    });
  });

  describe("keys", () => {
    it("rejects a token signed under a kid the keyring does not know as invalid", async () => {
      const stranger: TokenIssuer = { keyring: parseKeyring(`k9:${NEW_SECRET}`), issuer: ISSUER };
      const { token } = await signAccess("user-1", NOW, stranger);

      expect(await verifyToken("access", token, issuer, NOW)).toEqual({ status: "invalid" });
    });

    it("rejects a token signed with a different secret under the same kid as invalid", async () => {
      const impostor: TokenIssuer = { keyring: parseKeyring(`k1:${NEW_SECRET}`), issuer: ISSUER };
      const { token } = await signAccess("user-1", NOW, impostor);

      expect(await verifyToken("access", token, issuer, NOW)).toEqual({ status: "invalid" });
    });

    it("rejects a correctly signed token whose header has no kid as invalid", async () => {
      const token = await signRaw({ alg: "HS256", typ: "at+jwt" }, accessClaims(), OLD_SECRET);

      expect(await verifyToken("access", token, issuer, NOW)).toEqual({ status: "invalid" });
    });

    it("rejects a token whose payload was altered after signing as invalid", async () => {
      const { token } = await signAccess();
      const [header, , signature] = token.split(".");
      const tampered = `${header}.${base64url(accessClaims({ sub: "admin" }))}.${signature}`;

      expect(await verifyToken("access", tampered, issuer, NOW)).toEqual({ status: "invalid" });
    });
  });

  describe("key rotation", () => {
    const rotated: TokenIssuer = {
      keyring: parseKeyring(`k2:${NEW_SECRET},k1:${OLD_SECRET}`),
      issuer: ISSUER,
    };

    it("still verifies a token signed by the old key after a new key is prepended", async () => {
      const { token } = await signAccess();

      expect(await verifyToken("access", token, rotated, NOW)).toMatchObject({ status: "ok" });
    });

    it("signs new tokens with the new kid, and they verify", async () => {
      const { token } = await signAccess("user-1", NOW, rotated);

      expect(decodeProtectedHeader(token).kid).toBe("k2");
      expect(await verifyToken("access", token, rotated, NOW)).toMatchObject({ status: "ok" });
    });

    it("stops accepting old-key tokens once the old key is removed", async () => {
      const { token } = await signAccess();
      const retired: TokenIssuer = { keyring: parseKeyring(`k2:${NEW_SECRET}`), issuer: ISSUER };

      expect(await verifyToken("access", token, retired, NOW)).toEqual({ status: "invalid" });
    });
  });

  describe("algorithm pinning", () => {
    it("rejects an unsigned alg:none token as invalid", async () => {
      const header = base64url({ alg: "none", typ: "at+jwt", kid: "k1" });
      const token = `${header}.${base64url(accessClaims())}.`;

      expect(await verifyToken("access", token, issuer, NOW)).toEqual({ status: "invalid" });
    });

    it("rejects an HS512 token signed with the right secret as invalid", async () => {
      const token = await signRaw({ alg: "HS512", typ: "at+jwt", kid: "k1" }, accessClaims(), OLD_SECRET);

      expect(await verifyToken("access", token, issuer, NOW)).toEqual({ status: "invalid" });
    });

    it("accepts the same hand-built claims under HS256 (so the cases above fail only on alg)", async () => {
      const token = await signRaw({ alg: "HS256", typ: "at+jwt", kid: "k1" }, accessClaims(), OLD_SECRET);

      expect(await verifyToken("access", token, issuer, NOW)).toMatchObject({ status: "ok" });
    });
  });

  describe("token kinds", () => {
    const kinds = Object.keys(TOKEN_KINDS) as TokenKind[];
    const mismatches = kinds.flatMap((signed) =>
      kinds.filter((expected) => expected !== signed).map((expected) => [signed, expected] as const),
    );

    it("reports an onboarding token presented as access as wrong-kind", async () => {
      const { token } = await signToken("onboarding", "user-1", {}, 30 * 60, issuer, NOW);

      expect(await verifyToken("access", token, issuer, NOW)).toEqual({ status: "wrong-kind" });
    });

    it.each(mismatches)("reports a %s token presented as %s as wrong-kind", async (signed, expected) => {
      const { token } = await signToken(signed, "user-1", {}, 60, issuer, NOW);

      expect(await verifyToken(expected, token, issuer, NOW)).toEqual({ status: "wrong-kind" });
    });

    it("reports a token with the right typ but another kind's audience as wrong-kind", async () => {
      const token = await signRaw(
        { alg: "HS256", typ: "at+jwt", kid: "k1" },
        accessClaims({ aud: TOKEN_KINDS.onboarding.audience }),
        OLD_SECRET,
      );

      expect(await verifyToken("access", token, issuer, NOW)).toEqual({ status: "wrong-kind" });
    });

    it("rejects a token with a typ that is none of ours as invalid", async () => {
      const token = await signRaw({ alg: "HS256", typ: "JWT", kid: "k1" }, accessClaims(), OLD_SECRET);

      expect(await verifyToken("access", token, issuer, NOW)).toEqual({ status: "invalid" });
    });
  });

  describe("claims", () => {
    it("rejects a token from another issuer as invalid", async () => {
      const foreign: TokenIssuer = { keyring: issuer.keyring, issuer: "https://evil.test" };
      const { token } = await signAccess("user-1", NOW, foreign);

      expect(await verifyToken("access", token, issuer, NOW)).toEqual({ status: "invalid" });
    });

    it.each(["sub", "jti", "exp", "iat"])("rejects a correctly signed token without %s as invalid", async (claim) => {
      const claims: Record<string, unknown> = accessClaims();
      delete claims[claim];
      const token = await signRaw({ alg: "HS256", typ: "at+jwt", kid: "k1" }, claims, OLD_SECRET);

      expect(await verifyToken("access", token, issuer, NOW)).toEqual({ status: "invalid" });
    });
  });

  describe("malformed input", () => {
    const garbage: Array<[string, string]> = [
      ["the empty string", ""],
      ["a word", "abc"],
      ["three dots-separated letters", "a.b.c"],
      ["only dots", ".."],
      ["10 KB of junk", "x".repeat(10 * 1024)],
      ["10 KB of junk with dots", "eyJ.".repeat(2560)],
      ["non-ASCII text", "토큰.ключ.🔑"],
      ["a lone surrogate", "\uD800.\uDC00.x"],
      ["a header that is JSON but not an object", `${Buffer.from("[]").toString("base64url")}.e30.x`],
      ["a valid header with no payload or signature", base64url({ alg: "HS256", typ: "at+jwt", kid: "k1" })],
    ];

    it.each(garbage)("answers %s with invalid, without throwing", async (_label, token) => {
      await expect(verifyToken("access", token, issuer, NOW)).resolves.toEqual({ status: "invalid" });
    });
  });
});

describe("verifyToken judges the kind only after the signature", () => {
  it("calls an unsigned token that claims another kind invalid, not wrong-kind", async () => {
    const header = base64url({ alg: "none", typ: TOKEN_KINDS.onboarding.typ, kid: "k1" });
    const payload = base64url(accessClaims({ aud: TOKEN_KINDS.onboarding.audience }));
    expect(await verifyToken("access", `${header}.${payload}.`, issuer, NOW)).toEqual({ status: "invalid" });
  });

  it("calls a token signed with another secret that claims another kind invalid", async () => {
    const forged = await new SignJWT(accessClaims({ aud: TOKEN_KINDS.onboarding.audience }))
      .setProtectedHeader({ alg: "HS256", typ: TOKEN_KINDS.onboarding.typ, kid: "k1" })
      .sign(new TextEncoder().encode(NEW_SECRET));
    expect(await verifyToken("access", forged, issuer, NOW)).toEqual({ status: "invalid" });
  });
});
