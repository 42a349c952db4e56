import { describe, expect, it } from "vitest";
import { isCrossSiteWrite } from "./request-origin.ts";

const ours = ["https://tropical.example"];
const post = (origin: string | null, secFetchSite: string | null) => ({ method: "POST", origin, secFetchSite });

describe("isCrossSiteWrite", () => {
  it("lets same-origin and user-initiated writes through", () => {
    expect(isCrossSiteWrite(post("https://tropical.example", "same-origin"), ours)).toBe(false);
    expect(isCrossSiteWrite(post(null, "none"), ours)).toBe(false);
  });

  it("refuses writes a browser marks as same-site or cross-site, whatever the Origin says", () => {
    expect(isCrossSiteWrite(post("https://evil.example", "cross-site"), ours)).toBe(true);
    expect(isCrossSiteWrite(post("https://sibling.tropical.example", "same-site"), ours)).toBe(true);
    expect(isCrossSiteWrite(post("https://tropical.example", "cross-site"), ours)).toBe(true);
  });

  it("falls back to the Origin header when Sec-Fetch-Site is absent", () => {
    expect(isCrossSiteWrite(post("https://tropical.example", null), ours)).toBe(false);
    expect(isCrossSiteWrite(post("https://evil.example", null), ours)).toBe(true);
    expect(isCrossSiteWrite(post("null", null), ours)).toBe(true);
  });

  it("lets non-browser clients (neither header) through", () => {
    expect(isCrossSiteWrite(post(null, null), ours)).toBe(false);
  });

  it("never blocks safe methods", () => {
    expect(isCrossSiteWrite({ method: "GET", origin: "https://evil.example", secFetchSite: "cross-site" }, ours)).toBe(false);
  });
});
