import { createTRPCUntypedClient, type Operation } from "@trpc/client";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { getAppErrorCode } from "./app-error-code.ts";
import {
  coordinateAcrossTabs,
  CROSS_TAB_NAME,
  type BroadcastChannelConstructor,
  type CoordinatedRefresh,
  type CrossTabEvent,
  type CrossTabOptions,
  type LockManagerLike,
} from "./cross-tab.ts";
import { refreshLink } from "./refresh-link.ts";
import { channelHub, FakeLocks } from "./tab-fakes.ts";
import { deferred, fakeTerminatingLink, serverError, unauthorized } from "./test-support.ts";

/**
 * The server's side of a refresh, shared by all tabs of a test: each call rotates the token
 * and answers with a new expiry after `latencyMs`; `calls` counts rotations.
 */
function fakeServer(latencyMs = 100) {
  const server = {
    calls: 0,
    generation: 0,
    fail: undefined as unknown,
    hang: false,
    async refresh(): Promise<{ accessTokenExpiresAt: string }> {
      server.calls += 1;
      if (server.hang) return new Promise(() => {});
      await new Promise((resolve) => setTimeout(resolve, latencyMs));
      if (server.fail) throw server.fail;
      server.generation += 1;
      return { accessTokenExpiresAt: new Date(Date.now() + 15 * 60_000).toISOString() };
    },
  };
  return server;
}

type Setup = { locks: LockManagerLike | null; BroadcastChannel: BroadcastChannelConstructor | null };

const tabs: CoordinatedRefresh[] = [];

function tab(server: { refresh: () => Promise<unknown> }, setup: Setup, options: CrossTabOptions = {}) {
  const refresh = vi.fn(() => server.refresh());
  const coordinated = coordinateAcrossTabs(refresh, { ...setup, ...options });
  tabs.push(coordinated);
  return Object.assign(coordinated, { underlying: refresh });
}

/** Runs the pending fake timers and microtasks until `promise` settles (at most `ms`). */
async function settled<T>(promise: Promise<T>, ms = 60_000): Promise<PromiseSettledResult<T>> {
  const result = Promise.allSettled([promise]).then(([r]) => r!);
  let done = false;
  void result.then(() => (done = true));
  for (let waited = 0; !done && waited < ms; waited += 10) await vi.advanceTimersByTimeAsync(10);
  return result;
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  for (const coordinated of tabs.splice(0)) coordinated.close();
  vi.useRealTimers();
});

describe("coordinateAcrossTabs with Web Locks", () => {
  it("a tab that needs a refresh just after another tab's adopts it instead of rotating again", async () => {
    const server = fakeServer();
    const setup = { locks: new FakeLocks(), BroadcastChannel: channelHub().BroadcastChannel };
    const a = tab(server, setup);
    const b = tab(server, setup);
    await settled(a());
    await vi.advanceTimersByTimeAsync(500);

    expect(await settled(b())).toMatchObject({ status: "fulfilled", value: { by: "other-tab" } });
    expect(server.calls).toBe(1);

    // Long after, a refresh is a refresh again.
    await vi.advanceTimersByTimeAsync(5_000);
    await settled(b());
    expect(server.calls).toBe(2);
  });

  it("two tabs refreshing at once: exactly one rotation, both resolve, the second adopts the first's expiry", async () => {
    const server = fakeServer();
    const setup = { locks: new FakeLocks(), BroadcastChannel: channelHub().BroadcastChannel };
    const a = tab(server, setup);
    const b = tab(server, setup);

    const [ra, rb] = await Promise.all([settled(a()), settled(b())]);

    expect(server.calls).toBe(1);
    expect(ra).toMatchObject({ status: "fulfilled", value: { by: "this-tab" } });
    expect(rb).toMatchObject({ status: "fulfilled", value: { by: "other-tab" } });
    const expiry = (r: typeof ra) => (r.status === "fulfilled" ? r.value.accessTokenExpiresAt : "rejected");
    expect(expiry(rb)).toBe(expiry(ra));
    expect(expiry(ra)).toMatch(/^\d{4}-\d\d-\d\dT/);
  });

  it("five tabs at once: one rotation, all five resolve", async () => {
    const server = fakeServer();
    const setup = { locks: new FakeLocks(), BroadcastChannel: channelHub().BroadcastChannel };
    const all = Array.from({ length: 5 }, () => tab(server, setup));

    const results = await Promise.all(all.map((t) => settled(t())));

    expect(server.calls).toBe(1);
    expect(results.map((r) => r.status)).toEqual(Array(5).fill("fulfilled"));
  });

  it("a refresh needed well after another tab's refresh has completed is done again", async () => {
    const server = fakeServer();
    const setup = { locks: new FakeLocks(), BroadcastChannel: channelHub().BroadcastChannel };
    const a = tab(server, setup);
    const b = tab(server, setup);

    await settled(a());
    await vi.advanceTimersByTimeAsync(3_000);
    const later = await settled(b());

    expect(server.calls).toBe(2);
    expect(later).toMatchObject({ status: "fulfilled", value: { by: "this-tab" } });
  });

  it("concurrent callers in one tab share one refresh", async () => {
    const server = fakeServer();
    const a = tab(server, { locks: new FakeLocks(), BroadcastChannel: channelHub().BroadcastChannel });

    await Promise.all([settled(a()), settled(a()), settled(a())]);

    expect(a.underlying).toHaveBeenCalledTimes(1);
  });

  it("a tab waiting for a lock that is never released times out, withdraws its request and refreshes itself", async () => {
    const server = fakeServer();
    const locks = new FakeLocks();
    const setup = { locks, BroadcastChannel: channelHub().BroadcastChannel };
    void locks.request(CROSS_TAB_NAME, {}, () => new Promise(() => {})); // a frozen tab
    const b = tab(server, setup, { waitTimeoutMs: 10_000 });

    const result = b();
    await vi.advanceTimersByTimeAsync(9_999);
    expect(server.calls).toBe(0);
    expect(locks.waiting(CROSS_TAB_NAME)).toBe(1);

    await vi.advanceTimersByTimeAsync(1);
    expect(server.calls).toBe(1);
    expect(locks.waiting(CROSS_TAB_NAME)).toBe(0);
    await expect(settled(result)).resolves.toMatchObject({ status: "fulfilled", value: { by: "this-tab" } });
  });

  it("the holder's message arriving after the lock grant is still adopted (grace period)", async () => {
    const server = fakeServer();
    const setup = { locks: new FakeLocks(), BroadcastChannel: channelHub({ delayMs: 100 }).BroadcastChannel };
    const a = tab(server, setup);
    const b = tab(server, setup, { messageGraceMs: 250 });

    const [, rb] = await Promise.all([settled(a()), settled(b())]);

    expect(server.calls).toBe(1);
    expect(rb).toMatchObject({ status: "fulfilled", value: { by: "other-tab" } });
  });

  it("after a holder that went away without a word, the next tab refreshes once the grace period is over", async () => {
    const server = fakeServer();
    const locks = new FakeLocks();
    const setup = { locks, BroadcastChannel: channelHub().BroadcastChannel };
    const gone = deferred();
    void locks.request(CROSS_TAB_NAME, {}, () => gone.promise); // a tab closed mid-refresh
    const b = tab(server, setup, { messageGraceMs: 250 });

    const result = b();
    await vi.advanceTimersByTimeAsync(1_000);
    gone.resolve();
    await vi.advanceTimersByTimeAsync(249);
    expect(server.calls).toBe(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(server.calls).toBe(1);
    await expect(settled(result)).resolves.toMatchObject({ status: "fulfilled", value: { by: "this-tab" } });
  });

  it("a terminal failure in the refreshing tab makes the waiting tab fail the same way, without a second call", async () => {
    const server = fakeServer();
    server.fail = serverError("UNAUTHORIZED", "REFRESH_TOKEN_REUSED");
    const setup = { locks: new FakeLocks(), BroadcastChannel: channelHub().BroadcastChannel };
    const a = tab(server, setup);
    const b = tab(server, setup);

    const [ra, rb] = await Promise.all([settled(a()), settled(b())]);

    expect(server.calls).toBe(1);
    expect(ra.status === "rejected" && ra.reason).toBe(server.fail);
    expect(rb.status).toBe("rejected");
    expect(getAppErrorCode(rb.status === "rejected" ? rb.reason : undefined)).toBe("REFRESH_TOKEN_REUSED");
  });

  it("a transient failure (network) in the refreshing tab is passed on as a network failure, not a logout", async () => {
    const server = fakeServer();
    server.fail = new TypeError("fetch failed");
    const setup = { locks: new FakeLocks(), BroadcastChannel: channelHub().BroadcastChannel };
    const a = tab(server, setup);
    const b = tab(server, setup);

    const [, rb] = await Promise.all([settled(a()), settled(b())]);

    expect(server.calls).toBe(1);
    expect(rb.status).toBe("rejected");
    const reason: unknown = rb.status === "rejected" ? rb.reason : undefined;
    expect(getAppErrorCode(reason)).toBeUndefined();
    expect((reason as { data?: unknown }).data).toBeUndefined();
  });

  it("reports refreshed events of this tab and of other tabs, with the expiry", async () => {
    const server = fakeServer();
    const setup = { locks: new FakeLocks(), BroadcastChannel: channelHub().BroadcastChannel };
    const a = tab(server, setup);
    const b = tab(server, setup);
    const seenByA: CrossTabEvent[] = [];
    const seenByB: CrossTabEvent[] = [];
    a.subscribe((event) => seenByA.push(event));
    b.subscribe((event) => seenByB.push(event));

    const result = await settled(a());

    const expiry = result.status === "fulfilled" ? result.value.accessTokenExpiresAt : undefined;
    expect(seenByA).toEqual([{ type: "refreshed", by: "this-tab", accessTokenExpiresAt: expiry }]);
    expect(seenByB).toEqual([{ type: "refreshed", by: "other-tab", accessTokenExpiresAt: expiry }]);
  });

  it("reports the refreshing state, including while waiting for another tab", async () => {
    const server = fakeServer();
    const setup = { locks: new FakeLocks(), BroadcastChannel: channelHub().BroadcastChannel };
    const onRefreshStateChange = vi.fn();
    const a = tab(server, setup);
    const b = tab(server, setup, { onRefreshStateChange });

    await Promise.all([settled(a()), settled(b())]);

    expect(onRefreshStateChange.mock.calls).toEqual([[true], [false]]);
  });
});

describe("coordinateAcrossTabs without Web Locks (BroadcastChannel only)", () => {
  it("two tabs refreshing at the same moment: the claim decides, exactly one rotation, both resolve", async () => {
    const server = fakeServer();
    const hub = channelHub();
    const setup = { locks: null, BroadcastChannel: hub.BroadcastChannel };
    const a = tab(server, setup, { tabId: "tab-a" });
    const b = tab(server, setup, { tabId: "tab-b" });

    const [ra, rb] = await Promise.all([settled(b()), settled(a())]);

    expect(server.calls).toBe(1);
    expect(a.underlying).toHaveBeenCalledTimes(1); // same `at`: the smaller tab id wins
    expect(ra).toMatchObject({ status: "fulfilled", value: { by: "other-tab" } });
    expect(rb).toMatchObject({ status: "fulfilled", value: { by: "this-tab" } });
    expect(hub.types()).toEqual(["refresh-started", "refresh-started", "refreshed"]);
  });

  it("a tab that sees another tab's recent start waits for its result instead of refreshing", async () => {
    const server = fakeServer(2_000);
    const hub = channelHub();
    const setup = { locks: null, BroadcastChannel: hub.BroadcastChannel };
    const a = tab(server, setup);
    const b = tab(server, setup);

    const first = a();
    await vi.advanceTimersByTimeAsync(500); // a's refresh is under way
    const second = b();

    const [ra, rb] = await Promise.all([settled(first), settled(second)]);
    expect(server.calls).toBe(1);
    expect(ra).toMatchObject({ status: "fulfilled", value: { by: "this-tab" } });
    expect(rb).toMatchObject({ status: "fulfilled", value: { by: "other-tab" } });
    expect(hub.types()).toEqual(["refresh-started", "refreshed"]); // b did not even claim
  });

  it("waiting for a tab that never reports is bounded: after the timeout the tab refreshes itself", async () => {
    const server = fakeServer();
    const setup = { locks: null, BroadcastChannel: channelHub().BroadcastChannel };
    const hung = tab({ refresh: () => new Promise(() => {}) }, setup);
    const b = tab(server, setup, { waitTimeoutMs: 10_000 });

    void hung();
    await vi.advanceTimersByTimeAsync(100);
    const result = b();
    await vi.advanceTimersByTimeAsync(9_999);
    expect(server.calls).toBe(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(server.calls).toBe(1);
    await expect(settled(result)).resolves.toMatchObject({ status: "fulfilled", value: { by: "this-tab" } });
  });

  it("with neither locks nor channels it simply refreshes", async () => {
    const server = fakeServer();
    const a = tab(server, { locks: null, BroadcastChannel: null });

    await expect(settled(a())).resolves.toMatchObject({ status: "fulfilled", value: { by: "this-tab" } });
    expect(server.calls).toBe(1);
  });
});

describe("coordinateAcrossTabs behind refreshLink", () => {
  it("UNAUTHORIZED in two tabs at once: one rotation, both calls retried and answered", async () => {
    const server = fakeServer();
    const setup = { locks: new FakeLocks(), BroadcastChannel: channelHub().BroadcastChannel };
    // The shared cookie jar: a call succeeds when it was sent after a rotation.
    const answer = (op: Operation) =>
      op.context["refreshRetried"] === true && server.generation > 0
        ? { data: "ok" }
        : { error: unauthorized() };
    const clients = [tab(server, setup), tab(server, setup)].map((refresh) => {
      const onSessionExpired = vi.fn();
      const client = createTRPCUntypedClient({
        links: [refreshLink({ refresh, onSessionExpired }), fakeTerminatingLink(answer).link],
      });
      return { client, onSessionExpired };
    });

    const results = await Promise.all(clients.map(({ client }) => settled(client.query("calendar.list"))));

    expect(results).toEqual([
      { status: "fulfilled", value: "ok" },
      { status: "fulfilled", value: "ok" },
    ]);
    expect(server.calls).toBe(1);
  });

  it("a terminal failure reaches onSessionExpired in both tabs with the same code", async () => {
    const server = fakeServer();
    server.fail = serverError("UNAUTHORIZED", "REFRESH_TOKEN_EXPIRED");
    const setup = { locks: new FakeLocks(), BroadcastChannel: channelHub().BroadcastChannel };
    const clients = [tab(server, setup), tab(server, setup)].map((refresh) => {
      const onSessionExpired = vi.fn();
      const client = createTRPCUntypedClient({
        links: [refreshLink({ refresh, onSessionExpired }), fakeTerminatingLink(() => ({ error: unauthorized() })).link],
      });
      return { client, onSessionExpired };
    });

    await Promise.all(clients.map(({ client }) => settled(client.query("calendar.list"))));

    expect(server.calls).toBe(1);
    for (const { onSessionExpired } of clients) expect(onSessionExpired.mock.calls).toEqual([["REFRESH_TOKEN_EXPIRED"]]);
  });
});

describe("coordinateAcrossTabs with Node's real BroadcastChannel", () => {
  it("two tabs at once: one rotation, both resolve", async () => {
    vi.useRealTimers();
    const server = fakeServer(20);
    const setup = { locks: new FakeLocks(), BroadcastChannel: globalThis.BroadcastChannel as BroadcastChannelConstructor };
    const name = `test-${Math.random()}`;
    const a = tab(server, setup, { name });
    const b = tab(server, setup, { name });

    const [ra, rb] = await Promise.all([a(), b()]);

    expect(server.calls).toBe(1);
    expect([ra.by, rb.by].sort()).toEqual(["other-tab", "this-tab"]);
  });
});
