import { describe, expect, it } from "vitest";
import { parseKeyring } from "./keyring.ts";

const SECRET_A = "a".repeat(32);
const SECRET_B = "b".repeat(40);

function text(bytes: Uint8Array): string {
  return new TextDecoder().decode(bytes);
}

describe("parseKeyring", () => {
  it("makes the first key the signing key", () => {
    const keyring = parseKeyring(`new:${SECRET_A},old:${SECRET_B}`);

    expect(keyring.current.kid).toBe("new");
    expect(text(keyring.current.secret)).toBe(SECRET_A);
  });

  it("keeps every key for verification, found by kid", () => {
    const keyring = parseKeyring(`new:${SECRET_A},old:${SECRET_B}`);

    expect([...keyring.byKid.keys()]).toEqual(["new", "old"]);
    expect(text(keyring.byKid.get("old")!.secret)).toBe(SECRET_B);
    expect(keyring.byKid.get("new")).toBe(keyring.current);
  });

  it("ignores surrounding whitespace and empty entries", () => {
    const keyring = parseKeyring(` k1:${SECRET_A} , ,k2:${SECRET_B}, `);

    expect([...keyring.byKid.keys()]).toEqual(["k1", "k2"]);
    expect(text(keyring.current.secret)).toBe(SECRET_A);
  });

  it("keeps colons inside a secret (only the first colon separates the kid)", () => {
    const secret = `${"s".repeat(30)}:x:y`;

    expect(text(parseKeyring(`k1:${secret}`).current.secret)).toBe(secret);
  });

  it("accepts a secret of exactly 32 bytes", () => {
    expect(parseKeyring(`k1:${"x".repeat(32)}`).current.secret.byteLength).toBe(32);
  });

  it("counts secret length in UTF-8 bytes, not characters", () => {
    // 16 two-byte characters are 32 bytes.
    expect(parseKeyring(`k1:${"é".repeat(16)}`).current.secret.byteLength).toBe(32);
  });

  describe("rejects", () => {
    it("a secret shorter than 32 bytes", () => {
      expect(() => parseKeyring(`k1:${"x".repeat(31)}`)).toThrow(/shorter than 32 bytes/);
    });

    it("a short secret anywhere in the list, not just the first", () => {
      expect(() => parseKeyring(`k1:${SECRET_A},k2:short`)).toThrow(/"k2" is shorter/);
    });

    it("an empty secret", () => {
      expect(() => parseKeyring("k1:")).toThrow(/shorter than 32 bytes/);
    });

    it.each([
      ["a secret with no kid and no colon", SECRET_A],
      ["a secret after a bare colon", `:${SECRET_A}`],
      ["a kid with spaces", `my key:${SECRET_A}`],
      ["a kid longer than 64 characters", `${"k".repeat(65)}:${SECRET_A}`],
    ])("%s (missing or malformed kid)", (_label, spec) => {
      expect(() => parseKeyring(spec)).toThrow(/needs a kid/);
    });

    it.each([
      ["the empty string", ""],
      ["whitespace only", "   "],
      ["separators only", " , ,, "],
    ])("%s (no keys)", (_label, spec) => {
      expect(() => parseKeyring(spec)).toThrow(/no keys/);
    });

    it("a kid that appears twice (the signing key would not be the verifying key)", () => {
      expect(() => parseKeyring(`k1:${SECRET_A},k1:${SECRET_B}`)).toThrow(/unique/);
    });
  });

  it("never puts a secret into an error message", () => {
    const secret = "do-not-log-me";
    const messages = [`k1:${secret}`, `k1:${SECRET_A},k2:${secret}`].map((spec) => {
      try {
        parseKeyring(spec);
        return "";
      } catch (error) {
        return (error as Error).message;
      }
    });

    expect(messages.every((message) => message.length > 0)).toBe(true);
    for (const message of messages) expect(message).not.toContain(secret);
  });
});
