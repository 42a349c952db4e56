import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { coordinateAcrossTabs, type CoordinatedRefresh } from "./cross-tab.ts";
import {
  createProactiveRefresh,
  defaultLeadTime,
  type ProactiveRefresh,
  type ProactiveRefreshOptions,
} from "./proactive-refresh.ts";
import { channelHub, FakeLocks, FakePage } from "./tab-fakes.ts";
import { serverError } from "./test-support.ts";

const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const T0 = Date.UTC(2026, 0, 5, 9, 0, 0);

const iso = (ms: number) => new Date(ms).toISOString();
const inFromNow = (ms: number) => iso(Date.now() + ms);

const schedulers: ProactiveRefresh[] = [];
const coordinators: CoordinatedRefresh[] = [];

/** A scheduler whose refresh answers with a token valid for 15 minutes from then. */
function setup(options: Partial<ProactiveRefreshOptions> = {}) {
  const page = new FakePage();
  const refresh = vi.fn(async () => ({ accessTokenExpiresAt: inFromNow(15 * MINUTE) }));
  const onSessionExpired = vi.fn();
  const onError = vi.fn();
  const onRefreshStateChange = vi.fn();
  const scheduler = createProactiveRefresh({
    refresh,
    onSessionExpired,
    onError,
    onRefreshStateChange,
    visibility: page,
    online: page,
    ...options,
  });
  schedulers.push(scheduler);
  return { scheduler, refresh, page, onSessionExpired, onError, onRefreshStateChange };
}

beforeEach(() => {
  vi.useFakeTimers({ now: T0 });
});
afterEach(() => {
  for (const scheduler of schedulers.splice(0)) scheduler.stop();
  for (const coordinator of coordinators.splice(0)) coordinator.close();
  vi.useRealTimers();
});

describe("defaultLeadTime", () => {
  it.each([
    [15 * MINUTE, 60 * SECOND],
    [3 * MINUTE, 60 * SECOND],
    [90 * SECOND, 30 * SECOND],
    [30 * SECOND, 10 * SECOND],
    [2 * SECOND, 1 * SECOND],
    [0, 1 * SECOND],
  ])("a token with %i ms to live is refreshed %i ms before it expires", (lifetime, lead) => {
    expect(defaultLeadTime(lifetime)).toBe(lead);
  });
});

describe("createProactiveRefresh: timing", () => {
  it("refreshes 60 s before a 15-minute token expires, not earlier", async () => {
    const { scheduler, refresh } = setup();
    scheduler.start(inFromNow(15 * MINUTE));

    expect(scheduler.nextRefreshAt).toBe(T0 + 14 * MINUTE);
    await vi.advanceTimersByTimeAsync(14 * MINUTE - 1);
    expect(refresh).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(refresh).toHaveBeenCalledTimes(1);
  });

  it("refreshes a 30-second token a third of its life (10 s) before it expires", async () => {
    const { scheduler, refresh } = setup();
    scheduler.start(inFromNow(30 * SECOND));

    await vi.advanceTimersByTimeAsync(20 * SECOND - 1);
    expect(refresh).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(refresh).toHaveBeenCalledTimes(1);
  });

  it("refreshes at once for a token that has already expired", async () => {
    const { scheduler, refresh } = setup();
    scheduler.start(iso(T0 - MINUTE));

    await vi.advanceTimersByTimeAsync(0);
    expect(refresh).toHaveBeenCalledTimes(1);
  });

  it("re-arms after each successful refresh with the new expiry", async () => {
    const { scheduler, refresh } = setup();
    scheduler.start(inFromNow(15 * MINUTE));

    await vi.advanceTimersByTimeAsync(14 * MINUTE);
    expect(refresh).toHaveBeenCalledTimes(1);
    expect(scheduler.nextRefreshAt).toBe(T0 + 14 * MINUTE + 14 * MINUTE);
    await vi.advanceTimersByTimeAsync(14 * MINUTE);
    expect(refresh).toHaveBeenCalledTimes(2);
  });

  it("keeps one timer: repeated start/update calls leave a single pending refresh at the latest expiry", async () => {
    const { scheduler, refresh } = setup();
    scheduler.start(inFromNow(5 * MINUTE));
    scheduler.start(inFromNow(5 * MINUTE));
    scheduler.update(inFromNow(10 * MINUTE));
    scheduler.update(inFromNow(15 * MINUTE));

    expect(vi.getTimerCount()).toBe(1);
    await vi.advanceTimersByTimeAsync(14 * MINUTE);
    expect(refresh).toHaveBeenCalledTimes(1);
  });

  it("ignores an expiry older than the one it knows (a late status answer from before a refresh)", async () => {
    const { scheduler, refresh } = setup();
    scheduler.start(inFromNow(15 * MINUTE));
    scheduler.update(inFromNow(2 * MINUTE));

    expect(scheduler.nextRefreshAt).toBe(T0 + 14 * MINUTE);
    await vi.advanceTimersByTimeAsync(14 * MINUTE - 1);
    expect(refresh).not.toHaveBeenCalled();
  });

  it("keeps refreshing a deliberately short-lived token (6 s) ahead of time, every 4 s", async () => {
    const { scheduler, refresh } = setup();
    refresh.mockImplementation(async () => ({ accessTokenExpiresAt: inFromNow(6 * SECOND) }));
    scheduler.start(inFromNow(6 * SECOND));

    await vi.advanceTimersByTimeAsync(20 * SECOND);
    expect(refresh).toHaveBeenCalledTimes(5);
  });

  it("reports the refreshing state around a proactive refresh", async () => {
    const { scheduler, onRefreshStateChange } = setup();
    scheduler.start(inFromNow(15 * MINUTE));

    await vi.advanceTimersByTimeAsync(14 * MINUTE);
    expect(onRefreshStateChange.mock.calls).toEqual([[true], [false]]);
  });

  it("a device clock far off (a fresh token already looks expired) pauses the timer instead of looping", async () => {
    const { scheduler, refresh } = setup();
    refresh.mockImplementation(async () => ({ accessTokenExpiresAt: iso(Date.now() - 20 * MINUTE) }));
    scheduler.start(iso(T0 - 20 * MINUTE));

    await vi.advanceTimersByTimeAsync(30 * MINUTE);
    expect(refresh).toHaveBeenCalledTimes(1);
  });
});

describe("createProactiveRefresh: visibility and network", () => {
  it("becoming visible near the expiry refreshes at once (the hidden tab's timer was throttled)", async () => {
    const { scheduler, refresh, page } = setup();
    scheduler.start(inFromNow(15 * MINUTE));
    page.hide();
    vi.setSystemTime(T0 + 14 * MINUTE + 30 * SECOND); // the clock moved, the timer did not fire

    page.show();
    await vi.advanceTimersByTimeAsync(0);
    expect(refresh).toHaveBeenCalledTimes(1);
  });

  it("becoming visible long before the expiry does nothing", async () => {
    const { scheduler, refresh, page } = setup();
    scheduler.start(inFromNow(15 * MINUTE));
    page.hide();
    await vi.advanceTimersByTimeAsync(5 * MINUTE);

    page.show();
    await vi.advanceTimersByTimeAsync(0);
    expect(refresh).not.toHaveBeenCalled();
  });

  it("going hidden does not refresh, even near the expiry", async () => {
    const { scheduler, refresh, page } = setup();
    scheduler.start(inFromNow(15 * MINUTE));
    vi.setSystemTime(T0 + 16 * MINUTE);

    page.hide();
    await vi.advanceTimersByTimeAsync(0);
    expect(refresh).not.toHaveBeenCalled();
  });

  it("coming back online after the expiry refreshes at once", async () => {
    const { scheduler, refresh, page } = setup();
    scheduler.start(inFromNow(15 * MINUTE));
    vi.setSystemTime(T0 + 20 * MINUTE);

    page.dispatch("online");
    await vi.advanceTimersByTimeAsync(0);
    expect(refresh).toHaveBeenCalledTimes(1);
  });

  it("coming back online long before the expiry does nothing", async () => {
    const { scheduler, refresh, page } = setup();
    scheduler.start(inFromNow(15 * MINUTE));

    page.dispatch("online");
    await vi.advanceTimersByTimeAsync(0);
    expect(refresh).not.toHaveBeenCalled();
  });
});

describe("createProactiveRefresh: stop", () => {
  it("after stop nothing fires: no timer, no visibility or online trigger, no listeners left", async () => {
    const { scheduler, refresh, page } = setup();
    scheduler.start(inFromNow(15 * MINUTE));
    scheduler.stop();
    vi.setSystemTime(T0 + 20 * MINUTE);

    page.show();
    page.dispatch("online");
    await vi.advanceTimersByTimeAsync(60 * MINUTE);
    expect(refresh).not.toHaveBeenCalled();
    expect(page.listenerCount()).toBe(0);
    expect(scheduler.running).toBe(false);
  });

  it("update while stopped does not start it", async () => {
    const { scheduler, refresh } = setup();
    scheduler.update(inFromNow(MINUTE));

    await vi.advanceTimersByTimeAsync(10 * MINUTE);
    expect(refresh).not.toHaveBeenCalled();
  });

  it("stopping during a refresh does not re-arm when it completes", async () => {
    const { scheduler, refresh } = setup();
    scheduler.start(inFromNow(15 * MINUTE));
    await vi.advanceTimersByTimeAsync(14 * MINUTE - 1);
    refresh.mockImplementationOnce(async () => {
      scheduler.stop();
      return { accessTokenExpiresAt: inFromNow(15 * MINUTE) };
    });

    await vi.advanceTimersByTimeAsync(60 * MINUTE);
    expect(refresh).toHaveBeenCalledTimes(1);
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe("createProactiveRefresh: stop during a failing refresh", () => {
  it.each([
    ["transient", new TypeError("fetch failed")],
    ["terminal", serverError("UNAUTHORIZED", "REFRESH_TOKEN_EXPIRED")],
  ])("a %s failure that arrives after stop schedules nothing and reports nothing", async (_, error) => {
    const { scheduler, refresh, onSessionExpired, onError } = setup();
    refresh.mockImplementationOnce(async () => {
      scheduler.stop(); // signed out while the refresh was on its way
      throw error;
    });
    scheduler.start(inFromNow(15 * MINUTE));

    await vi.advanceTimersByTimeAsync(14 * MINUTE);
    expect(refresh).toHaveBeenCalledTimes(1);
    expect(vi.getTimerCount()).toBe(0);
    expect(onSessionExpired).not.toHaveBeenCalled();
    expect(onError).not.toHaveBeenCalled();
  });
});

describe("createProactiveRefresh: failures", () => {
  it("a transient failure backs off (5 s, 10 s, 20 s…) and never ends the session", async () => {
    const { scheduler, refresh, onSessionExpired, onError } = setup();
    refresh.mockRejectedValue(serverError("INTERNAL_SERVER_ERROR", "TOKEN_REFRESH_ERROR"));
    scheduler.start(inFromNow(15 * MINUTE));

    await vi.advanceTimersByTimeAsync(14 * MINUTE);
    expect(refresh).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(5 * SECOND - 1);
    expect(refresh).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(refresh).toHaveBeenCalledTimes(2);
    await vi.advanceTimersByTimeAsync(10 * SECOND);
    expect(refresh).toHaveBeenCalledTimes(3);
    await vi.advanceTimersByTimeAsync(20 * SECOND);
    expect(refresh).toHaveBeenCalledTimes(4);

    expect(onSessionExpired).not.toHaveBeenCalled();
    expect(onError).toHaveBeenCalledTimes(4);
    expect(scheduler.running).toBe(true);
  });

  it("the back-off is capped, and a network failure counts as transient", async () => {
    const { scheduler, refresh, onSessionExpired } = setup({ backoff: { initialMs: 5 * SECOND, maxMs: MINUTE } });
    refresh.mockRejectedValue(new TypeError("fetch failed"));
    scheduler.start(inFromNow(15 * MINUTE));

    await vi.advanceTimersByTimeAsync(14 * MINUTE);
    // 5, 10, 20, 40, then 60 s each: within 10 more minutes at most 4 + 10 + 1 attempts.
    await vi.advanceTimersByTimeAsync(10 * MINUTE);
    expect(refresh.mock.calls.length).toBeGreaterThanOrEqual(12);
    expect(refresh.mock.calls.length).toBeLessThanOrEqual(15);
    expect(onSessionExpired).not.toHaveBeenCalled();
  });

  it("after a transient failure, a success returns to the normal schedule", async () => {
    const { scheduler, refresh } = setup();
    refresh.mockRejectedValueOnce(new TypeError("fetch failed"));
    scheduler.start(inFromNow(15 * MINUTE));

    await vi.advanceTimersByTimeAsync(14 * MINUTE + 5 * SECOND);
    expect(refresh).toHaveBeenCalledTimes(2);
    const nextAt = scheduler.nextRefreshAt;
    expect(nextAt).toBe(Date.now() + 14 * MINUTE);
  });

  it("visibility does not bypass the back-off with a burst of attempts", async () => {
    const { scheduler, refresh, page } = setup();
    refresh.mockRejectedValue(new TypeError("fetch failed"));
    scheduler.start(inFromNow(15 * MINUTE));
    await vi.advanceTimersByTimeAsync(14 * MINUTE);
    expect(refresh).toHaveBeenCalledTimes(1);

    for (let i = 0; i < 5; i += 1) {
      page.hide();
      page.show();
    }
    await vi.advanceTimersByTimeAsync(0);
    expect(refresh).toHaveBeenCalledTimes(1);
  });

  it("a terminal failure stops the scheduler and reports the code once", async () => {
    const { scheduler, refresh, onSessionExpired } = setup();
    refresh.mockRejectedValue(serverError("UNAUTHORIZED", "REFRESH_TOKEN_REUSED"));
    scheduler.start(inFromNow(15 * MINUTE));

    await vi.advanceTimersByTimeAsync(60 * MINUTE);
    expect(refresh).toHaveBeenCalledTimes(1);
    expect(onSessionExpired.mock.calls).toEqual([["REFRESH_TOKEN_REUSED"]]);
    expect(scheduler.running).toBe(false);
  });
});

describe("createProactiveRefresh with cross-tab coordination", () => {
  function twoTabs() {
    const setupTabs = { locks: new FakeLocks(), BroadcastChannel: channelHub().BroadcastChannel };
    const server = {
      calls: 0,
      async refresh() {
        server.calls += 1;
        await new Promise((resolve) => setTimeout(resolve, 100));
        return { accessTokenExpiresAt: inFromNow(15 * MINUTE) };
      },
    };
    const make = () => {
      const coordinated = coordinateAcrossTabs(() => server.refresh(), setupTabs);
      coordinators.push(coordinated);
      const tab = setup({ refresh: coordinated, subscribe: coordinated.subscribe });
      return { ...tab, coordinated };
    };
    return { server, a: make(), b: make() };
  }

  it("a refresh completed in another tab re-arms this tab's timer to the new expiry", async () => {
    const { server, a, b } = twoTabs();
    a.scheduler.start(inFromNow(15 * MINUTE));
    b.scheduler.start(inFromNow(15 * MINUTE));

    await vi.advanceTimersByTimeAsync(5 * MINUTE);
    const refreshed = a.coordinated(); // e.g. tab A's link refreshed after a 401
    await vi.advanceTimersByTimeAsync(100);
    await refreshed;

    expect(b.scheduler.nextRefreshAt).toBe(T0 + 5 * MINUTE + 100 + 14 * MINUTE);
    await vi.advanceTimersByTimeAsync(10 * MINUTE); // past B's old time (14 min after T0)
    expect(server.calls).toBe(1);
  });

  it("two tabs whose timers fire together rotate the token once", async () => {
    const { server, a, b } = twoTabs();
    a.scheduler.start(inFromNow(15 * MINUTE));
    b.scheduler.start(inFromNow(15 * MINUTE));

    await vi.advanceTimersByTimeAsync(14 * MINUTE + SECOND);
    expect(server.calls).toBe(1);
    expect(a.scheduler.nextRefreshAt).toBe(b.scheduler.nextRefreshAt);
  });

  it("a refresh by this tab's link (the 401 path) re-arms its own scheduler too", async () => {
    const { a } = twoTabs();
    a.scheduler.start(inFromNow(15 * MINUTE));
    await vi.advanceTimersByTimeAsync(3 * MINUTE);

    const refreshed = a.coordinated();
    await vi.advanceTimersByTimeAsync(100);
    await refreshed;

    expect(a.scheduler.nextRefreshAt).toBe(T0 + 3 * MINUTE + 100 + 14 * MINUTE);
  });
});
