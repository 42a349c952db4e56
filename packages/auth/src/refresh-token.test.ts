import { describe, expect, it } from "vitest";
import { generateRefreshToken, hashRefreshToken, isWellFormedRefreshToken } from "./refresh-token.ts";

describe("generateRefreshToken", () => {
  it("is 43 base64url characters", () => {
    expect(generateRefreshToken()).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it("encodes 256 bits of randomness", () => {
    expect(Buffer.from(generateRefreshToken(), "base64url").byteLength).toBe(32);
  });

  it("is unique across 1000 generations", () => {
    const tokens = new Set(Array.from({ length: 1000 }, generateRefreshToken));

    expect(tokens.size).toBe(1000);
  });

  it("always passes its own shape check", () => {
    for (let i = 0; i < 1000; i++) expect(isWellFormedRefreshToken(generateRefreshToken())).toBe(true);
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
