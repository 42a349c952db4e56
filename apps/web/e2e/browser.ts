/**
 * Real Chromium (the system package, never a downloaded build) and what a person does in it.
 * Playwright gives every launch a fresh temporary profile.
 */
import fs from "node:fs";
import { type Browser, type BrowserContext, type Page, chromium } from "playwright-core";

function chromiumPath(): string {
  const found = [process.env.CHROMIUM_PATH, "/usr/bin/chromium", "/usr/bin/chromium-browser"].find(
    (candidate) => candidate && fs.existsSync(candidate),
  );
  if (!found) throw new Error("Browser tests need Chromium: apt-get install chromium, or set CHROMIUM_PATH");
  return found;
}

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

/**
 * Records, from the first paint of every document, whether the login page was ever shown:
 * "never flashes the login page" is checked on the DOM, not on the final screen.
 */
export async function watchForLoginPage(context: BrowserContext): Promise<void> {
  await context.addInitScript(() => {
    const seen = () => {
      if (document.querySelector('[data-testid="login-page"]')) {
        (window as unknown as { __loginPageSeen: boolean }).__loginPageSeen = true;
      }
    };
    new MutationObserver(seen).observe(document, { subtree: true, childList: true });
  });
}

export async function loginPageWasSeen(page: Page): Promise<boolean> {
  return page.evaluate(() => Boolean((window as unknown as { __loginPageSeen?: boolean }).__loginPageSeen));
}

/** Signs in through the real redirect flow: our start route → the Kakao stand-in → callback. */
export async function signInWithKakao(page: Page, origin: string, user = "Minji Kim"): Promise<void> {
  await page.goto(`${origin}/login`);
  await page.getByRole("link", { name: /sign in with kakao/i }).click();
  await page.getByRole("button", { name: user }).click();
  await page.getByTestId("calendar-page").waitFor();
}

/** Counts requests whose URL path matches, with their response statuses. */
export function recordRequests(page: Page, pathPart: string) {
  const seen: { url: string; status: number | null }[] = [];
  page.on("request", (request) => {
    if (new URL(request.url()).pathname.includes(pathPart)) seen.push({ url: request.url(), status: null });
  });
  page.on("requestfinished", async (request) => {
    const entry = seen.find((item) => item.url === request.url() && item.status === null);
    if (entry) entry.status = (await request.response())?.status() ?? null;
  });
  page.on("requestfailed", (request) => {
    const entry = seen.find((item) => item.url === request.url() && item.status === null);
    if (entry) entry.status = 0;
  });
  return seen;
}

/** Everything page JavaScript can read that could hold a token: it must all be empty. */
export async function scriptReadableState(page: Page) {
  return page.evaluate(() => ({
    cookie: document.cookie,
    localStorage: Object.keys(localStorage),
    sessionStorage: Object.keys(sessionStorage),
  }));
}
