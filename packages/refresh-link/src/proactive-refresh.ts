import type { AppErrorCode } from "@tropical/auth/error-codes";
import { refreshFailure } from "./refresh-policy.ts";
import { expiryToMs, globalTimers, readExpiresAt, type Expiry, type Timers } from "./refresh-result.ts";

/**
 * Refreshes shortly before the access token expires (DESIGN §6), so that calls rarely meet an
 * expired token at all. The 401 path of the link stays the safety net.
 *
 * The app learns the expiry from `auth.status` and from every refresh (its own, the link's,
 * another tab's: pass `subscribe` of the cross-tab coordinator) and hands it to `start` /
 * `update`. One timer at a time fires `lead` before the expiry; it is re-armed after every
 * successful refresh. When the tab becomes visible again or the network comes back and the
 * expiry is near or past, it refreshes at once (background timers are throttled, a laptop
 * may have slept). A transient failure backs off (doubling, capped) and never ends the
 * session; a terminal one stops the scheduler and reports `onSessionExpired`.
 */

export interface VisibilitySource {
  readonly visibilityState: string;
  addEventListener(type: "visibilitychange", listener: () => void): void;
  removeEventListener(type: "visibilitychange", listener: () => void): void;
}

export interface OnlineSource {
  addEventListener(type: "online", listener: () => void): void;
  removeEventListener(type: "online", listener: () => void): void;
}

export interface ProactiveRefreshOptions {
  /** The (cross-tab coordinated) refresh; resolves with `{ accessTokenExpiresAt }`. */
  refresh: () => Promise<unknown>;
  /**
   * Refreshes that happened elsewhere (the link's 401 path, another tab): each `refreshed`
   * event with an expiry re-arms the timer. `coordinateAcrossTabs(...).subscribe` fits.
   */
  subscribe?: (listener: (event: { type: string; accessTokenExpiresAt?: string }) => void) => () => void;
  /** A proactive refresh failed with a code that ends the session (the scheduler has stopped). */
  onSessionExpired?: (code: AppErrorCode) => void;
  /** `true` while a proactive refresh runs, `false` when it settles. */
  onRefreshStateChange?: (refreshing: boolean) => void;
  /** A transient failure (the scheduler backs off and tries again). */
  onError?: (error: unknown) => void;
  /** Lead time before the expiry for a token with `lifetimeMs` left when learned. Default {@link defaultLeadTime}. */
  leadTime?: (lifetimeMs: number) => number;
  /** Retry delays after transient failures: `initialMs` doubling up to `maxMs`. Default 5 s … 5 min. */
  backoff?: { initialMs?: number; maxMs?: number };
  /**
   * A token a refresh has just issued that looks shorter-lived than this (typically: already
   * expired) means the device clock is far ahead of the server's: timers would refresh in a
   * loop, so proactive refresh pauses (the 401 path still works) until a sane expiry arrives.
   * Default 2 s: twice the smallest lead, so a deliberately short token lifetime (a few
   * seconds, in tests) is still refreshed ahead of time.
   */
  minLifetimeMs?: number;
  /** Default `document` when there is one; `null` disables the visibility trigger. */
  visibility?: VisibilitySource | null;
  /** Default `window` when there is one; `null` disables the online trigger. */
  online?: OnlineSource | null;
  now?: () => number;
  timers?: Timers;
}

export interface ProactiveRefresh {
  /** Starts (or re-arms) the schedule for a token expiring at `expiresAt`. Idempotent. */
  start(expiresAt: Expiry): void;
  /** A new expiry while running (ignored when stopped). */
  update(expiresAt: Expiry): void;
  /** Stops the timer and the listeners (sign-out, session end). */
  stop(): void;
  readonly running: boolean;
  /** When the timer will fire (epoch ms), for tests and diagnostics. */
  readonly nextRefreshAt: number | undefined;
}

export const MAX_LEAD_MS = 60_000;
export const MIN_LEAD_MS = 1_000;

/** `min(60 s, 1/3 of the lifetime)`, never less than 1 s. */
export function defaultLeadTime(lifetimeMs: number): number {
  return Math.max(MIN_LEAD_MS, Math.min(MAX_LEAD_MS, lifetimeMs / 3));
}

function defaultVisibility(): VisibilitySource | null {
  return (globalThis as { document?: VisibilitySource }).document ?? null;
}

function defaultOnline(): OnlineSource | null {
  const target = globalThis as { window?: OnlineSource };
  return target.window ?? null;
}

export function createProactiveRefresh(opts: ProactiveRefreshOptions): ProactiveRefresh {
  const now = opts.now ?? (() => Date.now());
  const timers = opts.timers ?? globalTimers;
  const leadTime = opts.leadTime ?? defaultLeadTime;
  const initialBackoff = opts.backoff?.initialMs ?? 5_000;
  const maxBackoff = opts.backoff?.maxMs ?? 300_000;
  const minLifetimeMs = opts.minLifetimeMs ?? 2 * MIN_LEAD_MS;
  const visibility = opts.visibility === undefined ? defaultVisibility() : opts.visibility;
  const online = opts.online === undefined ? defaultOnline() : opts.online;

  let running = false;
  let expiresAt: number | undefined;
  let lead = MIN_LEAD_MS;
  let timer: unknown;
  let nextRefreshAt: number | undefined;
  let inFlight = false;
  let failures = 0;
  let lastAttemptAt = Number.NEGATIVE_INFINITY;
  let clockSuspect = false;
  let unsubscribe: (() => void) | undefined;

  function clearTimer() {
    if (timer !== undefined) timers.clearTimeout(timer);
    timer = undefined;
    nextRefreshAt = undefined;
  }

  function schedule(delayMs: number) {
    clearTimer();
    const delay = Math.max(0, delayMs);
    nextRefreshAt = now() + delay;
    timer = timers.setTimeout(() => {
      timer = undefined;
      nextRefreshAt = undefined;
      void fire();
    }, delay);
  }

  /**
   * A new expiry. `fresh`: it belongs to a token issued just now (a refresh result), so its
   * remaining lifetime says whether our clock can be trusted.
   */
  function setExpiry(at: number, fresh: boolean) {
    // Expiries only move forward within a session: an older one is a late answer (a status
    // request sent before the last refresh) and would only cause a needless refresh.
    if (expiresAt !== undefined && at < expiresAt) return;
    const lifetime = at - now();
    if (fresh) clockSuspect = lifetime < minLifetimeMs;
    // Nothing new (a status refetch repeating what we know): keep the timer, and any back-off.
    if (at === expiresAt && (timer !== undefined || inFlight)) return;
    expiresAt = at;
    lead = leadTime(Math.max(0, lifetime));
    failures = 0;
    arm();
  }

  function arm() {
    clearTimer();
    if (!running || inFlight || expiresAt === undefined || clockSuspect) return;
    schedule(expiresAt - lead - now());
  }

  function near(): boolean {
    return expiresAt !== undefined && now() >= expiresAt - lead;
  }

  async function fire() {
    if (!running || inFlight) return;
    inFlight = true;
    lastAttemptAt = now();
    const expiresAtBefore = expiresAt;
    opts.onRefreshStateChange?.(true);
    let result: unknown;
    let failure: unknown;
    let failed = false;
    try {
      result = await opts.refresh();
    } catch (error) {
      failed = true;
      failure = error;
    } finally {
      inFlight = false;
      opts.onRefreshStateChange?.(false);
    }
    if (!running) return; // stopped meanwhile: the result is someone else's business now

    if (!failed) {
      const at = expiryToMs(readExpiresAt(result));
      if (at === undefined) {
        // No expiry to go by: wait for the next `update` (status, another refresh).
        expiresAt = undefined;
        clearTimer();
      } else {
        setExpiry(at, true);
      }
      return;
    }

    const outcome = refreshFailure(failure);
    if (outcome.kind === "session-ended") {
      stop();
      opts.onSessionExpired?.(outcome.code);
      return;
    }
    // Transient (network, TOKEN_REFRESH_ERROR, RATE_LIMITED): keep the session, back off.
    opts.onError?.(failure);
    if (expiresAt !== expiresAtBefore) {
      // Another tab (or the link) refreshed meanwhile: that token is good, go by it.
      arm();
      return;
    }
    failures += 1;
    schedule(Math.min(maxBackoff, initialBackoff * 2 ** (failures - 1)));
  }

  /** Visible again or back online: refresh now if the token is about to expire or has. */
  function wake() {
    if (!running || inFlight || clockSuspect || !near()) return;
    // Waking up is no reason to hammer a failing server: respect the smallest back-off step.
    if (failures > 0 && now() - lastAttemptAt < initialBackoff) return;
    clearTimer();
    void fire();
  }

  function onVisibilityChange() {
    if (visibility?.visibilityState === "visible") wake();
  }

  function onOnline() {
    wake();
  }

  function stop() {
    if (!running) return;
    running = false;
    clearTimer();
    expiresAt = undefined;
    failures = 0;
    clockSuspect = false;
    visibility?.removeEventListener("visibilitychange", onVisibilityChange);
    online?.removeEventListener("online", onOnline);
    unsubscribe?.();
    unsubscribe = undefined;
  }

  return {
    start(at) {
      const ms = expiryToMs(at);
      if (!running) {
        running = true;
        visibility?.addEventListener("visibilitychange", onVisibilityChange);
        online?.addEventListener("online", onOnline);
        unsubscribe = opts.subscribe?.((event) => {
          if (event.type !== "refreshed" || !running) return;
          const next = expiryToMs(event.accessTokenExpiresAt);
          if (next !== undefined) setExpiry(next, true);
        });
      }
      if (ms !== undefined) setExpiry(ms, false);
    },
    update(at) {
      const ms = expiryToMs(at);
      if (running && ms !== undefined) setExpiry(ms, false);
    },
    stop,
    get running() {
      return running;
    },
    get nextRefreshAt() {
      return nextRefreshAt;
    },
  };
}
