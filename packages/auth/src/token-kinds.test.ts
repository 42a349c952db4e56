import { describe, expect, it } from "vitest";
import { TOKEN_KINDS } from "./token-kinds.ts";

const kinds = Object.values(TOKEN_KINDS);

describe("TOKEN_KINDS", () => {
  it("uses the typ headers of DESIGN §3", () => {
    expect(TOKEN_KINDS.access.typ).toBe("at+jwt");
    expect(TOKEN_KINDS.onboarding.typ).toBe("onboarding+jwt");
    expect(TOKEN_KINDS.emailVerify.typ).toBe("email-verify+jwt");
  });

  it("gives every kind its own typ, so one kind cannot pass as another", () => {
    expect(new Set(kinds.map((kind) => kind.typ)).size).toBe(kinds.length);
  });

  it("gives every kind its own audience", () => {
    expect(new Set(kinds.map((kind) => kind.audience)).size).toBe(kinds.length);
  });

  it("uses no generic JWT typ that a foreign token might carry", () => {
    for (const { typ } of kinds) expect(typ.toLowerCase()).not.toBe("jwt");
  });
});
