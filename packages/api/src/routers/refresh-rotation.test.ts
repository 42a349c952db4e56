/**
 * Refresh-token rotation (DESIGN §3): every refresh retires the presented token for a new one;
 * a retired token presented again after the grace window is reuse and ends the whole session;
 * inside the window a racing duplicate or a lost response converges on the same successor.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { AppError } from "../errors.ts";
import { failure } from "../test/failure.ts";
import { type TestApi, createTestApi } from "../test/harness.ts";

let api: TestApi;
beforeEach(async () => {
  api = await createTestApi({ refreshGraceSeconds: 5 });
});
afterEach(() => api.dispose());

const DAY = 24 * 60 * 60;

const appCodeOf = async (call: Promise<unknown>) => (await failure(call)).appCode;

/** A signed-in browser and its first refresh token. */
async function signedIn() {
  const browser = api.browser();
  await browser.signIn();
  return { browser, first: browser.cookie("REFRESH_TOKEN")! };
}

/** Presents exactly this refresh token, as a client holding only it would. */
function refreshWith(token: string) {
  const client = api.browser();
  return { client, call: client.caller(`REFRESH_TOKEN=${token}`).auth.refresh() };
}

describe("rotation", () => {
  it("issues a new refresh token on every refresh, linked to the one it retires", async () => {
    const { browser, first } = await signedIn();
    const tokens = [first];
    for (let i = 0; i < 5; i++) {
      api.clock.advance(60);
      await browser.caller().auth.refresh();
      const refresh = browser.setCookies.find((c) => c.name === "REFRESH_TOKEN");
      expect(refresh).toMatchObject({ path: "/api", httpOnly: true, sameSite: "lax" });
      tokens.push(refresh!.value);
    }
    expect(new Set(tokens).size).toBe(6);

    const rows = await api.db.refreshToken.findMany({ orderBy: { generation: "asc" } });
    expect(rows.map((row) => row.generation)).toEqual([0, 1, 2, 3, 4, 5]);
    for (const [i, row] of rows.entries()) {
      expect(row.parentId).toBe(i === 0 ? null : rows[i - 1]!.id);
      expect(row.rotatedAt === null).toBe(i === 5);
    }
    // The newest token works.
    await expect(browser.caller().auth.refresh()).resolves.toHaveProperty("accessTokenExpiresAt");
  });

  it("makes each retired token of a chain of five useless once the grace window has passed", async () => {
    for (let retired = 0; retired < 5; retired++) {
      const { browser, first } = await signedIn();
      const tokens = [first];
      for (let i = 0; i < 5; i++) {
        api.clock.advance(60);
        await browser.caller().auth.refresh();
        tokens.push(browser.cookie("REFRESH_TOKEN")!);
      }
      api.clock.advance(10);
      expect(await appCodeOf(refreshWith(tokens[retired]!).call)).toBe("REFRESH_TOKEN_REUSED");
    }
  });
});

describe("reuse detection", () => {
  it("revokes the whole session, records the event and kills the legitimate holder's newest token", async () => {
    const { browser, first: stolen } = await signedIn();
    api.clock.advance(60);
    await browser.caller().auth.refresh();
    const accessBefore = browser.cookie("ACCESS_TOKEN")!;

    api.clock.advance(6); // past the 5 s window
    const thief = refreshWith(stolen);
    expect(await appCodeOf(thief.call)).toBe("REFRESH_TOKEN_REUSED");
    expect(thief.client.setCookies.map((c) => [c.name, c.maxAge])).toEqual([
      ["ACCESS_TOKEN", 0],
      ["REFRESH_TOKEN", 0],
    ]);

    const session = await api.db.session.findFirstOrThrow();
    expect(session.revokedReason).toBe("refresh-token-reuse");
    expect(await api.db.refreshToken.count({ where: { revokedAt: null } })).toBe(0);
    const events = await api.db.securityEvent.findMany();
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ type: "refresh_token_reuse", sessionId: session.id, ip: "203.0.113.7" });
    expect(JSON.parse(events[0]!.detail!)).toEqual({ presentedGeneration: 0, currentGeneration: 1 });

    // The legitimate holder is out too — refresh token and access token — and is told why.
    expect(await appCodeOf(browser.caller().auth.refresh())).toBe("REFRESH_TOKEN_REUSED");
    expect(await appCodeOf(api.browser().caller(`ACCESS_TOKEN=${accessBefore}`).auth.status())).toBe("SESSION_REVOKED");
  });

  it("treats a token two generations old as reuse even inside the window", async () => {
    const { browser, first } = await signedIn();
    await browser.caller().auth.refresh();
    await browser.caller().auth.refresh();
    expect(await appCodeOf(refreshWith(first).call)).toBe("REFRESH_TOKEN_REUSED");
  });

  it("treats the previous token as reuse one moment after the window", async () => {
    const { browser, first } = await signedIn();
    await browser.caller().auth.refresh();
    api.clock.advance(5.001);
    expect(await appCodeOf(refreshWith(first).call)).toBe("REFRESH_TOKEN_REUSED");
  });
});

describe("inside the grace window", () => {
  it("20 concurrent refreshes with one token all converge on one successor, with no 500 and no fork", async () => {
    const { first } = await signedIn();
    api.clock.advance(60);
    const racers = Array.from({ length: 20 }, () => refreshWith(first));
    const results = await Promise.allSettled(racers.map((racer) => racer.call));

    const failures = results.filter((result) => result.status === "rejected");
    expect(failures.length).toBeLessThanOrEqual(1);
    for (const failure of failures) {
      expect((failure as PromiseRejectedResult).reason).toBeInstanceOf(AppError);
      expect(((failure as PromiseRejectedResult).reason as AppError).code).not.toBe("INTERNAL_SERVER_ERROR");
    }
    const successors = new Set(
      racers.filter((_, i) => results[i]!.status === "fulfilled").map((racer) => racer.client.cookie("REFRESH_TOKEN")),
    );
    expect(successors.size).toBe(1);

    const rows = await api.db.refreshToken.findMany({ orderBy: { generation: "asc" } });
    expect(rows.map((row) => [row.generation, row.revokedAt])).toEqual([
      [0, null],
      [1, null],
    ]);
    expect((await api.db.session.findFirstOrThrow()).refreshGeneration).toBe(1);
    expect(await api.db.securityEvent.count()).toBe(0);

    // The one successor chain goes on.
    api.clock.advance(60);
    await expect(refreshWith([...successors][0]!).call).resolves.toHaveProperty("accessTokenExpiresAt");
  });

  it("recovers a response lost in flight: the old token, presented again, yields the same successor", async () => {
    const { first } = await signedIn();
    const lost = refreshWith(first);
    await lost.call; // the server rotated, but the browser never stored the answer
    const successor = lost.client.cookie("REFRESH_TOKEN");

    api.clock.advance(2);
    const again = refreshWith(first);
    await expect(again.call).resolves.toHaveProperty("accessTokenExpiresAt");
    expect(again.client.cookie("REFRESH_TOKEN")).toBe(successor);
    expect(await api.db.refreshToken.count()).toBe(2);
  });
});

describe("expiry", () => {
  it("slides seven days from the last refresh but never past the session's absolute age of 30 days", async () => {
    const { browser } = await signedIn();
    const session = await api.db.session.findFirstOrThrow();
    const signedInAt = api.clock.now().getTime();

    // Refresh every 6 days: each refresh extends the token to 7 days from then…
    for (let day = 6; day <= 18; day += 6) {
      api.clock.advance(6 * DAY);
      await browser.caller().auth.refresh();
      expect(browser.setCookies.find((c) => c.name === "REFRESH_TOKEN")?.maxAge).toBe(7 * DAY);
    }
    // …until the cap: at day 24 only 6 days are left, at day 28 only 2.
    api.clock.advance(6 * DAY);
    await browser.caller().auth.refresh();
    expect(browser.setCookies.find((c) => c.name === "REFRESH_TOKEN")?.maxAge).toBe(6 * DAY);
    api.clock.advance(4 * DAY);
    await browser.caller().auth.refresh();
    expect(browser.setCookies.find((c) => c.name === "REFRESH_TOKEN")?.maxAge).toBe(2 * DAY);
    const newest = await api.db.refreshToken.findFirstOrThrow({ orderBy: { generation: "desc" } });
    expect(newest.expiresAt.getTime()).toBe(signedInAt + 30 * DAY * 1000);
    // Rotation never moves the session's own deadline.
    expect((await api.db.session.findFirstOrThrow()).absoluteExpiresAt).toEqual(session.absoluteExpiresAt);

    api.clock.advance(2 * DAY);
    expect(await appCodeOf(browser.caller().auth.refresh())).toBe("REFRESH_TOKEN_EXPIRED");
  });

  it("expires a token left unused for more than seven days", async () => {
    const { browser } = await signedIn();
    api.clock.advance(3 * DAY);
    await browser.caller().auth.refresh();
    api.clock.advance(7 * DAY + 1);
    expect(await appCodeOf(browser.caller().auth.refresh())).toBe("REFRESH_TOKEN_EXPIRED");
  });
});

describe("access tokens follow revocation", () => {
  it("rejects a logged-out session's access token with SESSION_REVOKED at once", async () => {
    const { browser } = await signedIn();
    const access = browser.cookie("ACCESS_TOKEN")!;
    await browser.caller().auth.logout();
    expect(await appCodeOf(api.browser().caller(`ACCESS_TOKEN=${access}`).auth.status())).toBe("SESSION_REVOKED");
  });
});
