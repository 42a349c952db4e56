import Bowser from "bowser";

/** "Chrome on macOS" — what the devices page shows; parsed by a maintained UA parser. */
export function deviceLabel(userAgent: string | null): string {
  if (!userAgent) return "Unknown device";
  const parsed = Bowser.parse(userAgent);
  const browser = parsed.browser.name;
  const os = parsed.os.name;
  if (browser && os) return `${browser} on ${os}`;
  return browser ?? os ?? "Unknown device";
}
