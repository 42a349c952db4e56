// Test doubles for the cross-tab tests: an in-memory Web Locks manager and an in-memory
// BroadcastChannel, both shared by several "tabs" in one test.
import type { BroadcastChannelLike, LockManagerLike } from "./cross-tab.ts";

function abortError(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException("The lock request was aborted", "AbortError");
}

/**
 * Exclusive locks only, granted in request order, like `navigator.locks`: `ifAvailable`
 * grants at once or calls back with `null`; an aborted `signal` withdraws a queued request.
 */
export class FakeLocks implements LockManagerLike {
  private readonly held = new Set<string>();
  private readonly queues = new Map<string, Array<() => void>>();
  /** Every request, for assertions. */
  readonly requests: Array<{ name: string; ifAvailable: boolean }> = [];

  /** Requests still queued for `name` (withdrawn ones are gone). */
  waiting(name: string): number {
    return this.queues.get(name)?.length ?? 0;
  }

  isHeld(name: string): boolean {
    return this.held.has(name);
  }

  request<T>(
    name: string,
    options: { ifAvailable?: boolean; signal?: AbortSignal },
    callback: (lock: unknown) => Promise<T>,
  ): Promise<T> {
    this.requests.push({ name, ifAvailable: options.ifAvailable === true });
    const { signal } = options;
    if (signal?.aborted) return Promise.reject(abortError(signal));
    const free = !this.held.has(name) && this.waiting(name) === 0;
    if (free) return this.grant(name, callback);
    if (options.ifAvailable) return Promise.resolve().then(() => callback(null));

    return new Promise<T>((resolve, reject) => {
      const queue = this.queues.get(name) ?? [];
      this.queues.set(name, queue);
      const onAbort = () => {
        const index = queue.indexOf(start);
        if (index >= 0) queue.splice(index, 1);
        reject(abortError(signal!));
      };
      const start = () => {
        signal?.removeEventListener("abort", onAbort);
        this.grant(name, callback).then(resolve, reject);
      };
      queue.push(start);
      signal?.addEventListener("abort", onAbort, { once: true });
    });
  }

  private grant<T>(name: string, callback: (lock: unknown) => Promise<T>): Promise<T> {
    this.held.add(name);
    const release = () => {
      this.held.delete(name);
      this.queues.get(name)?.shift()?.();
    };
    return Promise.resolve()
      .then(() => callback({ name, mode: "exclusive" }))
      .finally(release);
  }
}

/**
 * One browser's BroadcastChannels: a message reaches every other open channel of the same
 * name (never the sender), on a later microtask — or after `delayMs` of (fake) time when set.
 */
export function channelHub(options: { delayMs?: number } = {}) {
  const open = new Set<FakeChannel>();
  const posted: unknown[] = [];

  class FakeChannel implements BroadcastChannelLike {
    private readonly listeners = new Set<(event: { data: unknown }) => void>();
    private closed = false;

    constructor(readonly name: string) {
      open.add(this);
    }

    postMessage(message: unknown): void {
      if (this.closed) throw new DOMException("channel is closed", "InvalidStateError");
      posted.push(message);
      for (const other of open) {
        if (other === this || other.name !== this.name) continue;
        const data = structuredClone(message);
        const deliver = () => other.deliver(data);
        if (options.delayMs === undefined) queueMicrotask(deliver);
        else setTimeout(deliver, options.delayMs);
      }
    }

    addEventListener(_type: "message", listener: (event: { data: unknown }) => void): void {
      this.listeners.add(listener);
    }

    close(): void {
      this.closed = true;
      open.delete(this);
    }

    private deliver(data: unknown) {
      if (this.closed) return;
      for (const listener of this.listeners) listener({ data });
    }
  }

  return {
    BroadcastChannel: FakeChannel,
    /** Every message posted on any channel, in order. */
    posted,
    types: () => posted.map((message) => (message as { type: string }).type),
  };
}

/** A stand-in for `document` / `window` as event sources for the scheduler. */
export class FakePage {
  visibilityState: "visible" | "hidden" = "visible";
  private readonly listeners = new Map<string, Set<() => void>>();

  addEventListener(type: string, listener: () => void): void {
    const set = this.listeners.get(type) ?? new Set();
    set.add(listener);
    this.listeners.set(type, set);
  }

  removeEventListener(type: string, listener: () => void): void {
    this.listeners.get(type)?.delete(listener);
  }

  listenerCount(): number {
    return [...this.listeners.values()].reduce((sum, set) => sum + set.size, 0);
  }

  dispatch(type: string): void {
    for (const listener of [...(this.listeners.get(type) ?? [])]) listener();
  }

  hide(): void {
    this.visibilityState = "hidden";
    this.dispatch("visibilitychange");
  }

  show(): void {
    this.visibilityState = "visible";
    this.dispatch("visibilitychange");
  }
}
