import { TRPCClientError } from "@trpc/client";
import type { AnyTRPCRouter } from "@trpc/server";
import { refreshFailure } from "./refresh-policy.ts";
import { globalTimers, readExpiresAt, type Timers } from "./refresh-result.ts";
import { singleFlight } from "./single-flight.ts";

/**
 * Cross-tab coordination of the refresh (DESIGN §3, §6). Every refresh rotates the refresh
 * token, and a rotated token presented again outside the server's short grace window is
 * *reuse*, which logs the session out everywhere. Tabs of one browser share the cookie jar,
 * so they must not refresh at the same time, and a tab that needed a refresh while another
 * tab was doing one should simply use the cookie the other tab got.
 *
 * With the Web Locks API (every current browser): the refresh runs while holding the lock
 * `name`. A tab that finds the lock taken waits for it; when the holder's `refreshed` message
 * reaches it (while it waits, or in a short grace period after it got the lock, because the
 * lock grant and the message travel separately), it does not refresh again: it resolves and
 * the link retries with the new cookie. A terminal failure in the other tab makes the waiting
 * tab fail with the same error (so every tab goes to sign-in with the same message); a
 * transient failure is passed on too (every tab offers "try again"; no herd of retries
 * against a struggling server).
 *
 * Without Web Locks: BroadcastChannel only. A tab announces `refresh-started`, listens for
 * `claimMs` for a competing announcement (the earlier `at`, then the smaller tab id wins),
 * and refreshes only if it won; a tab that sees a recent start waits for that tab's outcome.
 *
 * Waiting is bounded: after `waitTimeoutMs` (for the lock, or for the other tab's outcome) the
 * tab takes over and refreshes itself. The server's grace window is the safety net for the
 * rare races left (a message slower than the claim period, a hung tab that comes back).
 */

/** Lock name and BroadcastChannel name. */
export const CROSS_TAB_NAME = "tropical-auth-refresh";

/** The error a waiting tab re-creates from another tab's failure (tRPC's JSON error shape). */
export interface SerializedRefreshError {
  message: string;
  /** JSON-RPC code, e.g. -32001 for UNAUTHORIZED. */
  code: number;
  data: { code?: string; httpStatus?: number; appCode?: string };
}

export type CrossTabMessage =
  | { type: "refresh-started"; tabId: string; at: number }
  | { type: "refreshed"; tabId: string; at: number; accessTokenExpiresAt?: string }
  | {
      type: "refresh-failed";
      tabId: string;
      at: number;
      /** The code ends the session (sign-in page); otherwise a transient failure. */
      terminal: boolean;
      /** Absent for a network failure (the server never answered). */
      error?: SerializedRefreshError;
    };

/** What callers of the coordinated refresh and subscribers learn. */
export type CrossTabEvent =
  | { type: "refreshed"; by: "this-tab" | "other-tab"; accessTokenExpiresAt?: string }
  | { type: "refresh-failed"; by: "this-tab" | "other-tab"; terminal: boolean; error: unknown };

export interface CrossTabRefreshResult {
  /** Who rotated the token: this tab, or another tab whose result this one adopted. */
  by: "this-tab" | "other-tab";
  accessTokenExpiresAt?: string;
}

/** The part of `navigator.locks` we use. */
export interface LockManagerLike {
  request<T>(
    name: string,
    options: { ifAvailable?: boolean; signal?: AbortSignal },
    callback: (lock: unknown) => Promise<T>,
  ): Promise<T>;
}

/** The part of a `BroadcastChannel` we use. */
export interface BroadcastChannelLike {
  postMessage(message: unknown): void;
  addEventListener(type: "message", listener: (event: { data: unknown }) => void): void;
  close(): void;
}

export type BroadcastChannelConstructor = new (name: string) => BroadcastChannelLike;

export interface CrossTabOptions {
  /** Lock and channel name. Default {@link CROSS_TAB_NAME}. */
  name?: string;
  /** Default `navigator.locks`; `null` forces the BroadcastChannel-only fallback. */
  locks?: LockManagerLike | null;
  /** Default the global `BroadcastChannel`; `null` disables messages (locks still serialise). */
  BroadcastChannel?: BroadcastChannelConstructor | null;
  /** Wall clock for message timestamps and for how recent another tab's start is. */
  now?: () => number;
  timers?: Timers;
  /** Longest wait for the lock or for another tab's outcome before taking over. Default 10 s. */
  waitTimeoutMs?: number;
  /**
   * A tab that needs a refresh this soon after another tab's successful one adopts it instead:
   * its failed call almost surely went out with the cookie the other tab has since replaced.
   * Default 2 s.
   */
  recentMs?: number;
  /** After a contended lock is granted, how long to wait for the previous holder's message. Default 250 ms. */
  messageGraceMs?: number;
  /** Fallback only: how long a tab listens for a competing `refresh-started`. Default 50 ms. */
  claimMs?: number;
  /** Identifies this tab in messages. Default: random. */
  tabId?: string;
  /** `true` while this tab refreshes or waits for another tab's refresh, `false` after. */
  onRefreshStateChange?: (refreshing: boolean) => void;
}

export interface CoordinatedRefresh {
  /** Refreshes (or adopts another tab's refresh); shared by concurrent callers in this tab. */
  (): Promise<CrossTabRefreshResult>;
  /** Refreshes and failures of this tab and of other tabs, as they happen. Returns unsubscribe. */
  subscribe(listener: (event: CrossTabEvent) => void): () => void;
  /** Closes the channel (tests; a page simply goes away). */
  close(): void;
}

interface Outcome {
  seq: number;
  receivedAt: number;
  message: Extract<CrossTabMessage, { type: "refreshed" | "refresh-failed" }>;
}

const DEFAULTS = { waitTimeoutMs: 10_000, recentMs: 2_000, messageGraceMs: 250, claimMs: 50 };

function defaultLocks(): LockManagerLike | null {
  const nav = (globalThis as { navigator?: { locks?: LockManagerLike } }).navigator;
  return nav?.locks ?? null;
}

function defaultChannel(): BroadcastChannelConstructor | null {
  return (globalThis as { BroadcastChannel?: BroadcastChannelConstructor }).BroadcastChannel ?? null;
}

function randomTabId(): string {
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}

function parseMessage(data: unknown): CrossTabMessage | undefined {
  if (!isRecord(data) || typeof data["tabId"] !== "string" || typeof data["at"] !== "number") return undefined;
  const type = data["type"];
  return type === "refresh-started" || type === "refreshed" || type === "refresh-failed"
    ? (data as CrossTabMessage)
    : undefined;
}

/** The JSON shape of a tRPC error, small and clone-safe; `undefined` for a network failure. */
export function serializeRefreshError(error: unknown): SerializedRefreshError | undefined {
  if (!isRecord(error) || !isRecord(error["data"])) return undefined;
  const data = error["data"];
  const shape = isRecord(error["shape"]) ? error["shape"] : {};
  const pick = <T>(value: unknown, type: "string" | "number") => (typeof value === type ? (value as T) : undefined);
  return {
    message: pick<string>(error["message"], "string") ?? "Refresh failed",
    code: pick<number>(shape["code"], "number") ?? -32603,
    data: {
      code: pick<string>(data["code"], "string"),
      httpStatus: pick<number>(data["httpStatus"], "number"),
      appCode: pick<string>(data["appCode"], "string"),
    },
  };
}

/** Another tab's failure as this tab's error: the same `TRPCClientError` shape, or a network-like error. */
export function deserializeRefreshError(error: SerializedRefreshError | undefined): Error {
  if (!error) return new Error("The refresh failed in another tab: the server could not be reached");
  return TRPCClientError.from<AnyTRPCRouter>({ error });
}

/**
 * Wraps `refresh` (the app's call to `auth.refresh`) so that tabs of one browser coordinate.
 * Pass the result to `refreshLink({ refresh })` and to the proactive scheduler.
 */
export function coordinateAcrossTabs(
  refresh: () => Promise<unknown>,
  opts: CrossTabOptions = {},
): CoordinatedRefresh {
  const name = opts.name ?? CROSS_TAB_NAME;
  const locks = opts.locks === undefined ? defaultLocks() : opts.locks;
  const Channel = opts.BroadcastChannel === undefined ? defaultChannel() : opts.BroadcastChannel;
  const now = opts.now ?? (() => Date.now());
  const timers = opts.timers ?? globalTimers;
  const waitTimeoutMs = opts.waitTimeoutMs ?? DEFAULTS.waitTimeoutMs;
  const recentMs = opts.recentMs ?? DEFAULTS.recentMs;
  const messageGraceMs = opts.messageGraceMs ?? DEFAULTS.messageGraceMs;
  const claimMs = opts.claimMs ?? DEFAULTS.claimMs;
  const tabId = opts.tabId ?? randomTabId();

  const listeners = new Set<(event: CrossTabEvent) => void>();
  const outcomeWaiters = new Set<(outcome: Outcome) => void>();
  // Outcomes are numbered as they arrive: "since I started waiting" is `seq > seqAtStart`,
  // which no clock can get wrong.
  let seq = 0;
  let lastOutcome: Outcome | undefined;
  // Fallback only: tabs that announced a refresh and have not reported its outcome yet.
  const started = new Map<string, { at: number; receivedAt: number }>();

  let channel: BroadcastChannelLike | null = null;
  try {
    channel = Channel ? new Channel(name) : null;
  } catch {
    channel = null; // e.g. an opaque origin: coordinate through the lock alone
  }

  function emit(event: CrossTabEvent) {
    for (const listener of [...listeners]) {
      try {
        listener(event);
      } catch (error) {
        console.error(error);
      }
    }
  }

  function post(message: CrossTabMessage) {
    try {
      channel?.postMessage(message);
    } catch {
      // A closed channel or an unclonable value: the others fall back to their timeouts.
    }
  }

  channel?.addEventListener("message", (event) => {
    const message = parseMessage(event.data);
    if (!message || message.tabId === tabId) return;
    if (message.type === "refresh-started") {
      started.set(message.tabId, { at: message.at, receivedAt: now() });
      return;
    }
    // An outcome settles every announced refresh: the cookie jar has moved on.
    started.clear();
    seq += 1;
    const outcome: Outcome = { seq, receivedAt: now(), message };
    lastOutcome = outcome;
    for (const waiter of [...outcomeWaiters]) waiter(outcome);
    emit(
      message.type === "refreshed"
        ? { type: "refreshed", by: "other-tab", accessTokenExpiresAt: message.accessTokenExpiresAt }
        : {
            type: "refresh-failed",
            by: "other-tab",
            terminal: message.terminal,
            error: deserializeRefreshError(message.error),
          },
    );
  });

  function outcomeSince(mark: number): Outcome | undefined {
    return lastOutcome && lastOutcome.seq > mark ? lastOutcome : undefined;
  }

  /** Calls `onOutcome` with the first outcome after `mark` (at once if there is one). */
  function onOutcomeSince(mark: number, onOutcome: (outcome: Outcome) => void): () => void {
    const seen = outcomeSince(mark);
    if (seen) {
      onOutcome(seen);
      return () => {};
    }
    const waiter = (outcome: Outcome) => {
      outcomeWaiters.delete(waiter);
      onOutcome(outcome);
    };
    outcomeWaiters.add(waiter);
    return () => outcomeWaiters.delete(waiter);
  }

  /** The first outcome after `mark`, or `undefined` after `ms` (at once without a channel). */
  function waitForOutcome(mark: number, ms: number): Promise<Outcome | undefined> {
    if (!channel) return Promise.resolve(undefined);
    return new Promise((resolve) => {
      const timer = timers.setTimeout(() => {
        stop();
        resolve(undefined);
      }, ms);
      const stop = onOutcomeSince(mark, (outcome) => {
        timers.clearTimeout(timer);
        resolve(outcome);
      });
    });
  }

  function adopt(outcome: Outcome): CrossTabRefreshResult {
    const { message } = outcome;
    if (message.type === "refresh-failed") throw deserializeRefreshError(message.error);
    return { by: "other-tab", accessTokenExpiresAt: message.accessTokenExpiresAt };
  }

  /** The refresh itself, announced to the other tabs. */
  async function refreshHere(announce = true): Promise<CrossTabRefreshResult> {
    if (announce) post({ type: "refresh-started", tabId, at: now() });
    let result: unknown;
    try {
      result = await refresh();
    } catch (error) {
      const terminal = refreshFailure(error).kind === "session-ended";
      post({ type: "refresh-failed", tabId, at: now(), terminal, error: serializeRefreshError(error) });
      emit({ type: "refresh-failed", by: "this-tab", terminal, error });
      throw error;
    }
    const accessTokenExpiresAt = readExpiresAt(result);
    post({ type: "refreshed", tabId, at: now(), accessTokenExpiresAt });
    emit({ type: "refreshed", by: "this-tab", accessTokenExpiresAt });
    return { by: "this-tab", accessTokenExpiresAt };
  }

  /** Thrown out of a lock request when the lock manager itself failed, not our callback. */
  class LockUnavailable extends Error {}

  async function withLock(lockManager: LockManagerLike): Promise<CrossTabRefreshResult> {
    const mark = seq;
    let entered = false;
    // Free lock: nobody is refreshing, go ahead at once.
    const immediate = await lockManager
      .request(name, { ifAvailable: true }, async (lock) => {
        entered = true;
        return lock ? { result: await refreshHere() } : undefined;
      })
      .catch((error: unknown) => {
        throw entered ? error : new LockUnavailable(String(error));
      });
    if (immediate) return immediate.result;

    // Another tab holds the lock. Its outcome may already be here (the grant is asynchronous).
    const seen = outcomeSince(mark);
    if (seen) return adopt(seen);

    // Wait for the lock, for that tab's outcome, or for the timeout, whichever comes first.
    return new Promise<CrossTabRefreshResult>((resolve, reject) => {
      const controller = new AbortController();
      let done = false;
      let stopListening = () => {};
      const settle = () => {
        done = true;
        timers.clearTimeout(timer);
        stopListening();
      };
      const finish = (run: () => CrossTabRefreshResult | Promise<CrossTabRefreshResult>) => {
        if (done) return;
        settle();
        controller.abort(); // withdraw the lock request
        new Promise<CrossTabRefreshResult>((res) => res(run())).then(resolve, reject);
      };
      const timer = timers.setTimeout(() => {
        // The holder is stuck (a frozen tab, a hung request): take over, bounded.
        finish(() => refreshHere());
      }, waitTimeoutMs);
      stopListening = onOutcomeSince(mark, (outcome) => finish(() => adopt(outcome)));

      lockManager
        .request(name, { signal: controller.signal }, async () => {
          if (done) return; // settled by a message or the timeout meanwhile: just release
          settle();
          try {
            // The grant and the holder's message travel separately: give the message a moment.
            const outcome = outcomeSince(mark) ?? (await waitForOutcome(mark, messageGraceMs));
            resolve(outcome ? adopt(outcome) : await refreshHere());
          } catch (error) {
            reject(error);
          }
        })
        .catch(() => {
          // Our own abort (message or timeout) is expected; anything else is the lock manager
          // failing: refresh without it rather than fail the caller.
          if (!done) finish(() => refreshHere());
        });
    });
  }

  async function withChannelOnly(): Promise<CrossTabRefreshResult> {
    const mark = seq;
    const recent = (entry: { receivedAt: number }) => now() - entry.receivedAt < waitTimeoutMs;
    if ([...started.values()].some(recent)) {
      // Another tab is refreshing right now: wait for its outcome, or take over.
      const outcome = await waitForOutcome(mark, waitTimeoutMs);
      return outcome ? adopt(outcome) : refreshHere();
    }

    const claim = { tabId, at: now() };
    post({ type: "refresh-started", ...claim });
    const early = await waitForOutcome(mark, claimMs);
    if (early) return adopt(early);
    const beaten = [...started.entries()].some(
      ([otherId, other]) =>
        recent(other) && (other.at < claim.at || (other.at === claim.at && otherId < claim.tabId)),
    );
    if (!beaten) return refreshHere(false);
    const outcome = await waitForOutcome(mark, Math.max(0, waitTimeoutMs - claimMs));
    return outcome ? adopt(outcome) : refreshHere();
  }

  async function coordinate(): Promise<CrossTabRefreshResult> {
    if (lastOutcome?.message.type === "refreshed" && now() - lastOutcome.receivedAt < recentMs) {
      return adopt(lastOutcome);
    }
    if (locks) {
      try {
        return await withLock(locks);
      } catch (error) {
        if (!(error instanceof LockUnavailable)) throw error;
        // Locks exist but refuse (an opaque origin, a sandboxed frame): use the channel.
      }
    }
    return channel ? withChannelOnly() : refreshHere();
  }

  const coordinated = singleFlight(async () => {
    opts.onRefreshStateChange?.(true);
    try {
      return await coordinate();
    } finally {
      opts.onRefreshStateChange?.(false);
    }
  });

  return Object.assign(() => coordinated(), {
    subscribe(listener: (event: CrossTabEvent) => void) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    close() {
      listeners.clear();
      outcomeWaiters.clear();
      channel?.close();
      channel = null;
    },
  });
}
