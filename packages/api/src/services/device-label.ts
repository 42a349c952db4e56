import Bowser from "bowser";

/**
 * The parts of a user agent that stay the same across browser updates: the browser's and the
 * operating system's names, never their versions. Parsed by a maintained UA parser (`bowser`).
 */
export interface StableUserAgent {
  browser: string | null;
  os: string | null;
}

export function stableUserAgent(userAgent: string | null): StableUserAgent {
  if (!userAgent) return { browser: null, os: null };
  const parsed = Bowser.parse(userAgent);
  return { browser: parsed.browser.name || null, os: parsed.os.name || null };
}

/** "Chrome on macOS" — what the devices page shows. */
export function deviceLabel(userAgent: string | null): string {
  const { browser, os } = stableUserAgent(userAgent);
  if (browser && os) return `${browser} on ${os}`;
  return browser ?? os ?? "Unknown device";
}
