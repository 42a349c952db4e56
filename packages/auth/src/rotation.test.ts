import { describe, expect, it } from "vitest";
import { decideRotation } from "./rotation.ts";

const rotatedAt = new Date("2026-12-01T10:00:00Z");
const after = (seconds: number) => new Date(rotatedAt.getTime() + seconds * 1000);
const GRACE = 5;

describe("decideRotation", () => {
  it("rotates the current token", () => {
    expect(decideRotation({ presentedGeneration: 4, currentGeneration: 4, lastRotatedAt: rotatedAt }, after(60), GRACE)).toEqual({
      action: "rotate",
    });
    expect(decideRotation({ presentedGeneration: 0, currentGeneration: 0, lastRotatedAt: null }, after(0), GRACE)).toEqual({
      action: "rotate",
    });
  });

  it("hands out the current token again for the previous one within the grace window", () => {
    for (const seconds of [0, 1, 4.999, 5]) {
      expect(decideRotation({ presentedGeneration: 3, currentGeneration: 4, lastRotatedAt: rotatedAt }, after(seconds), GRACE)).toEqual({
        action: "reissue-current",
      });
    }
  });

  it("calls the previous token reuse once the window has passed", () => {
    expect(decideRotation({ presentedGeneration: 3, currentGeneration: 4, lastRotatedAt: rotatedAt }, after(5.001), GRACE)).toEqual({
      action: "reuse",
    });
  });

  it("calls a token two generations old reuse even inside the window", () => {
    expect(decideRotation({ presentedGeneration: 2, currentGeneration: 4, lastRotatedAt: rotatedAt }, after(1), GRACE)).toEqual({
      action: "reuse",
    });
  });

  it("calls a token from the future reuse (it cannot have been issued)", () => {
    expect(decideRotation({ presentedGeneration: 5, currentGeneration: 4, lastRotatedAt: rotatedAt }, after(1), GRACE)).toEqual({
      action: "reuse",
    });
  });
});
