import { describe, expect, it } from "vitest";
import { parseKeyring } from "./keyring.ts";
import { deriveRefreshToken, hashRefreshToken, isWellFormedRefreshToken, rederiveRefreshToken } from "./refresh-token.ts";

const ring = parseKeyring("k2:second-secret-second-secret-second-secret,k1:first-secret-first-secret-first-secret!");
const olderRing = parseKeyring("k1:first-secret-first-secret-first-secret!");
const generateRefreshToken = () => deriveRefreshToken(ring, crypto.randomUUID(), 0);

describe("deriveRefreshToken", () => {
  it("is 43 base64url characters (256 bits)", () => {
    const token = generateRefreshToken();
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(token, "base64url").byteLength).toBe(32);
  });

  it("is the same for the same session and generation, so the server can hand it out again", () => {
    expect(deriveRefreshToken(ring, "s1", 3)).toBe(deriveRefreshToken(ring, "s1", 3));
  });

  it("differs per session, per generation and per key", () => {
    const tokens = new Set([
      deriveRefreshToken(ring, "s1", 0),
      deriveRefreshToken(ring, "s1", 1),
      deriveRefreshToken(ring, "s2", 0),
      deriveRefreshToken(olderRing, "s1", 0),
    ]);
    expect(tokens.size).toBe(4);
  });

  it("is unique across 1000 sessions", () => {
    expect(new Set(Array.from({ length: 1000 }, generateRefreshToken)).size).toBe(1000);
  });

  it("always passes its own shape check", () => {
    for (let i = 0; i < 1000; i++) expect(isWellFormedRefreshToken(generateRefreshToken())).toBe(true);
  });
});

describe("rederiveRefreshToken", () => {
  it("finds the token again from its stored hash, under an older key after rotation", () => {
    const issuedBeforeRotation = deriveRefreshToken(olderRing, "s1", 4);
    expect(rederiveRefreshToken(ring, "s1", 4, hashRefreshToken(issuedBeforeRotation))).toBe(issuedBeforeRotation);
  });

  it("finds nothing for a hash no key produced", () => {
    expect(rederiveRefreshToken(ring, "s1", 4, hashRefreshToken("x".repeat(43)))).toBeUndefined();
  });
});

describe("hashRefreshToken", () => {
  it("is 64 lowercase hex characters", () => {
    expect(hashRefreshToken(generateRefreshToken())).toMatch(/^[0-9a-f]{64}$/);
  });

  it("is stable for the same token", () => {
    const token = generateRefreshToken();

    expect(hashRefreshToken(token)).toBe(hashRefreshToken(token));
  });

  it("differs between tokens", () => {
    const hashes = new Set(Array.from({ length: 100 }, () => hashRefreshToken(generateRefreshToken())));

    expect(hashes.size).toBe(100);
  });

  it("is SHA-256 (stored hashes stay valid across releases)", () => {
    expect(hashRefreshToken("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  });

  it("does not contain the token", () => {
    const token = generateRefreshToken();

    expect(hashRefreshToken(token)).not.toContain(token);
  });
});

describe("isWellFormedRefreshToken", () => {
  const valid = "A".repeat(42) + "_";

  it("accepts 43 base64url characters", () => {
    expect(isWellFormedRefreshToken(valid)).toBe(true);
    expect(isWellFormedRefreshToken("-_09azAZ".repeat(5) + "abc")).toBe(true);
  });

  it.each([
    ["the empty string", ""],
    ["42 characters", "A".repeat(42)],
    ["44 characters", "A".repeat(44)],
    ["standard base64 '+'", "A".repeat(42) + "+"],
    ["standard base64 '/'", "A".repeat(42) + "/"],
    ["padding '='", "A".repeat(42) + "="],
    ["a trailing newline", `${valid}\n`],
    ["a leading space", ` ${"A".repeat(42)}`],
    ["a dot (a JWT, not a refresh token)", "A".repeat(21) + "." + "A".repeat(21)],
    ["non-ASCII letters", "é".repeat(43)],
    ["a hash instead of a token", "a".repeat(64)],
  ])("rejects %s", (_label, value) => {
    expect(isWellFormedRefreshToken(value)).toBe(false);
  });
});
