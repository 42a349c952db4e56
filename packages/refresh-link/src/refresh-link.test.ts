import { createTRPCUntypedClient, TRPCClientError, type Operation } from "@trpc/client";
import { describe, expect, it, vi } from "vitest";
import { getAppErrorCode } from "./app-error-code.ts";
import { refreshLink, type RefreshLinkOptions } from "./refresh-link.ts";
import {
  bareUnauthorized,
  deferred,
  fakeTerminatingLink,
  operation,
  runChain,
  serverError,
  settle,
  unauthorized,
  type Answer,
} from "./test-support.ts";

/**
 * A stand-in for the server's cookie: protected calls succeed only while the access token is
 * valid, and a successful refresh makes it valid. What an operation carries is decided when
 * it is sent, like a cookie on a real request.
 */
function fakeSession() {
  const session = {
    accessValid: false,
    answer(op: Operation): Answer {
      return session.accessValid ? { data: { path: op.path, input: op.input } } : { error: unauthorized() };
    },
    async refresh(): Promise<void> {
      await settle(); // a real round trip: every concurrent failure arrives before it ends
      session.accessValid = true;
    },
  };
  return session;
}

function setup(
  answer: (op: Operation) => Answer | Promise<Answer>,
  options: Partial<RefreshLinkOptions> = {},
) {
  const fake = fakeTerminatingLink(answer);
  const refresh = vi.fn(options.refresh ?? (() => Promise.resolve()));
  const onSessionExpired = vi.fn();
  const client = createTRPCUntypedClient({
    links: [refreshLink({ ...options, refresh, onSessionExpired }), fake.link],
  });
  return { client, fake, refresh, onSessionExpired };
}

const retried = (op: Operation | undefined) => op?.context["refreshRetried"] === true;

describe("refreshLink: single-flight refresh and retry once", () => {
  it("10 concurrent UNAUTHORIZED operations share exactly 1 refresh and are each retried exactly once", async () => {
    const session = fakeSession();
    const { client, fake, refresh } = setup(session.answer, { refresh: session.refresh });
    const ids = Array.from({ length: 10 }, (_, id) => id);

    const results = await Promise.all(ids.map((id) => client.query("calendar.event", { id })));

    expect(results).toEqual(ids.map((id) => ({ path: "calendar.event", input: { id } })));
    expect(refresh).toHaveBeenCalledTimes(1);
    expect(fake.received).toHaveLength(20);
    const retries = fake.received.filter(retried);
    expect(retries).toHaveLength(10);
    expect(new Set(retries.map((op) => op.id)).size).toBe(10);
    expect(fake.open()).toBe(0);
  });

  it("an operation that fails UNAUTHORIZED again after its retry is not retried a second time", async () => {
    const { client, fake, refresh } = setup(() => ({ error: unauthorized("SESSION_REVOKED") }));

    const error = await client.query("calendar.list").catch((e: unknown) => e);

    expect(getAppErrorCode(error)).toBe("SESSION_REVOKED");
    expect(fake.calls("calendar.list").map(retried)).toEqual([false, true]);
    expect(refresh).toHaveBeenCalledTimes(1);
  });

  it("the error a caller gets after a failed retry is the retry's error, not the first one", async () => {
    const { client } = setup((op) => ({
      error: unauthorized(retried(op) ? "SESSION_REVOKED" : "ACCESS_TOKEN_EXPIRED"),
    }));

    await expect(client.query("calendar.list")).rejects.toSatisfy(
      (e) => getAppErrorCode(e) === "SESSION_REVOKED",
    );
  });

  it("after a refresh has settled, a later UNAUTHORIZED starts a new refresh (the single flight caches nothing)", async () => {
    const session = fakeSession();
    const { client, fake, refresh } = setup(session.answer, { refresh: session.refresh });

    await client.query("calendar.list");
    session.accessValid = false; // 15 minutes later the new access token has expired too
    await client.query("calendar.list");

    expect(refresh).toHaveBeenCalledTimes(2);
    expect(fake.received.map(retried)).toEqual([false, true, false, true]);
  });

  it("an UNAUTHORIZED for a request sent before a refresh finished is retried without another refresh", async () => {
    const session = fakeSession();
    const refreshDone = deferred();
    const lateAnswer = deferred();
    const { client, fake, refresh } = setup(
      async (op) => {
        const reply = session.answer(op); // decided by the cookie it was sent with
        if (op.path === "calendar.late" && !retried(op)) await lateAnswer.promise;
        return reply;
      },
      {
        refresh: async () => {
          await refreshDone.promise;
          session.accessValid = true;
        },
      },
    );

    const first = client.query("calendar.list");
    await vi.waitFor(() => expect(refresh).toHaveBeenCalledTimes(1));
    const late = client.query("calendar.late"); // goes out with the old cookie
    await settle();
    refreshDone.resolve();
    await first;
    lateAnswer.resolve(); // its UNAUTHORIZED arrives after the refresh has finished

    await expect(late).resolves.toEqual({ path: "calendar.late", input: undefined });
    expect(refresh).toHaveBeenCalledTimes(1);
    expect(fake.calls("calendar.late").map(retried)).toEqual([false, true]);
  });

  it("a bare UNAUTHORIZED without an appCode is refreshed and retried like an expired token", async () => {
    const { client, fake, refresh } = setup((op) =>
      retried(op) ? { data: "ok" } : { error: bareUnauthorized() },
    );

    await expect(client.query("calendar.list")).resolves.toBe("ok");
    expect(refresh).toHaveBeenCalledTimes(1);
    expect(fake.received).toHaveLength(2);
  });

  it("reports the refreshing state: true when the one refresh starts, false when it settles", async () => {
    const session = fakeSession();
    const onRefreshStateChange = vi.fn();
    const { client } = setup(session.answer, { refresh: session.refresh, onRefreshStateChange });

    await Promise.all([client.query("a"), client.query("b"), client.query("c")]);

    expect(onRefreshStateChange.mock.calls).toEqual([[true], [false]]);
  });
});

describe("refreshLink: what is retried and how", () => {
  it("a retried mutation reaches downstream with exactly its original input, type and path", async () => {
    const input = { title: "Dentist", start: "2025-03-01T09:00:00Z", attendees: ["mina"] };
    const snapshot = structuredClone(input);
    const { client, fake } = setup((op) =>
      retried(op) ? { data: { created: true } } : { error: unauthorized() },
    );

    await expect(client.mutation("calendar.create", input)).resolves.toEqual({ created: true });

    const [first, retry] = fake.calls("calendar.create");
    expect(retried(retry)).toBe(true);
    expect(retry?.input).toBe(input);
    expect(retry?.input).toEqual(snapshot);
    expect(retry?.type).toBe("mutation");
    expect(retry?.path).toBe("calendar.create");
    expect(retry?.id).toBe(first?.id);
  });

  it.each([
    ["BAD_REQUEST / INVALID_INPUT", serverError("BAD_REQUEST", "INVALID_INPUT")],
    ["FORBIDDEN / CSRF_REJECTED", serverError("FORBIDDEN", "CSRF_REJECTED")],
    ["TOO_MANY_REQUESTS / RATE_LIMITED", serverError("TOO_MANY_REQUESTS", "RATE_LIMITED")],
    ["UNAUTHORIZED / INVALID_REFRESH_TOKEN (no refresh can cure it)", unauthorized("INVALID_REFRESH_TOKEN")],
    ["a network failure", TRPCClientError.from(new TypeError("fetch failed"))],
  ])("a non-auth error (%s) passes through untouched, with no refresh and no retry", async (_, error) => {
    const { client, fake, refresh } = setup(() => ({ error }));

    await expect(client.query("calendar.list")).rejects.toBe(error);
    expect(refresh).not.toHaveBeenCalled();
    expect(fake.received).toHaveLength(1);
  });

  it("a success result passes through untouched", async () => {
    const data = { events: [] };
    const { client, fake, refresh } = setup(() => ({ data }));

    await expect(client.query("calendar.list")).resolves.toBe(data);
    expect(refresh).not.toHaveBeenCalled();
    expect(fake.received).toHaveLength(1);
  });

  it("the refresh operation itself (auth.refresh) failing UNAUTHORIZED is never retried and triggers no refresh", async () => {
    const error = unauthorized("ACCESS_TOKEN_EXPIRED"); // a code that would refresh anywhere else
    const { client, fake, refresh } = setup(() => ({ error }));

    await expect(client.mutation("auth.refresh", undefined)).rejects.toBe(error);
    expect(refresh).not.toHaveBeenCalled();
    expect(fake.received).toHaveLength(1);
  });

  it("isRefreshOperation decides which operations pass straight through", async () => {
    const error = unauthorized();
    const { client, fake, refresh } = setup(() => ({ error }), {
      isRefreshOperation: (op) => op.path === "session.renew",
    });

    await expect(client.mutation("session.renew", undefined)).rejects.toBe(error);
    expect(refresh).not.toHaveBeenCalled();
    expect(fake.received).toHaveLength(1);
  });

  it("subscriptions pass through unchanged: an UNAUTHORIZED subscription error is not retried", async () => {
    const error = unauthorized();
    const { client, fake, refresh } = setup(() => ({ error }));
    const onError = vi.fn();

    client.subscription("calendar.onChange", undefined, { onError });
    await vi.waitFor(() => expect(onError).toHaveBeenCalledTimes(1));

    expect(onError).toHaveBeenCalledWith(error);
    expect(refresh).not.toHaveBeenCalled();
    expect(fake.received).toHaveLength(1);
  });
});

describe("refreshLink: when the refresh fails", () => {
  it.each(["INVALID_REFRESH_TOKEN", "REFRESH_TOKEN_EXPIRED", "REFRESH_TOKEN_REUSED", "REFRESH_TOKEN_REQUIRED"] as const)(
    "a terminal refresh failure (%s) calls onSessionExpired exactly once for all waiting operations, which reject with their original errors",
    async (code) => {
      const sent = new Map<number, ReturnType<typeof unauthorized>>();
      const refreshError = serverError(code === "REFRESH_TOKEN_REQUIRED" ? "BAD_REQUEST" : "UNAUTHORIZED", code);
      const { client, fake, refresh, onSessionExpired } = setup(
        (op) => {
          const error = unauthorized();
          sent.set(op.id, error);
          return { error };
        },
        {
          refresh: async () => {
            await settle();
            throw refreshError;
          },
        },
      );

      const outcomes = await Promise.allSettled(
        Array.from({ length: 5 }, (_, id) => client.query("calendar.event", { id })),
      );

      expect(onSessionExpired).toHaveBeenCalledTimes(1);
      expect(onSessionExpired).toHaveBeenCalledWith(code);
      expect(refresh).toHaveBeenCalledTimes(1);
      expect(fake.received).toHaveLength(5);
      // Each caller gets the very error its own request received (ids are assigned in call order).
      const reasons = outcomes.map((outcome) => (outcome.status === "rejected" ? outcome.reason : "resolved"));
      reasons.forEach((reason, index) => {
        expect(reason).toBe(sent.get(fake.received[index]?.id ?? -1));
      });
      expect(new Set(reasons).size).toBe(5);
    },
  );

  it.each([
    ["a network TypeError", new TypeError("fetch failed")],
    ["TOKEN_REFRESH_ERROR", serverError("INTERNAL_SERVER_ERROR", "TOKEN_REFRESH_ERROR")],
    ["RATE_LIMITED", serverError("TOO_MANY_REQUESTS", "RATE_LIMITED")],
  ])(
    "a transient refresh failure (%s) does not call onSessionExpired; the operation rejects with the refresh error",
    async (_, refreshError) => {
      const session = fakeSession();
      const { client, fake, refresh, onSessionExpired } = setup(session.answer, {
        refresh: () => Promise.reject(refreshError),
      });

      const error = await client.query("calendar.list").catch((e: unknown) => e);

      expect(onSessionExpired).not.toHaveBeenCalled();
      expect(error).toBeInstanceOf(TRPCClientError);
      if (refreshError instanceof TRPCClientError) expect(error).toBe(refreshError);
      else expect((error as TRPCClientError<never>).cause).toBe(refreshError);
      expect(fake.received).toHaveLength(1);

      // The session is kept: once the server recovers, the next call refreshes and succeeds.
      refresh.mockImplementation(session.refresh);
      await expect(client.query("calendar.list")).resolves.toEqual({ path: "calendar.list", input: undefined });
      expect(refresh).toHaveBeenCalledTimes(2);
    },
  );
});

describe("refreshLink: teardown", () => {
  it("unsubscribing while waiting for the refresh sends no retry and leaves no subscription open", async () => {
    const refreshDone = deferred();
    const refresh = vi.fn(() => refreshDone.promise);
    const fake = fakeTerminatingLink(() => ({ error: unauthorized() }));
    const observer = { next: vi.fn(), error: vi.fn(), complete: vi.fn() };

    const subscription = runChain([refreshLink({ refresh }), fake.link], operation({ path: "calendar.list" })).subscribe(
      observer,
    );
    await vi.waitFor(() => expect(refresh).toHaveBeenCalledTimes(1));
    subscription.unsubscribe();
    refreshDone.resolve();
    await settle();

    expect(fake.received).toHaveLength(1);
    expect(fake.open()).toBe(0);
    expect(observer.next).not.toHaveBeenCalled();
    expect(observer.error).not.toHaveBeenCalled();
    expect(observer.complete).not.toHaveBeenCalled();
  });

  it("unsubscribing during the retry tears the retry's downstream subscription down", async () => {
    const fake = fakeTerminatingLink((op) => (retried(op) ? new Promise<Answer>(() => {}) : { error: unauthorized() }));

    const subscription = runChain(
      [refreshLink({ refresh: () => Promise.resolve() }), fake.link],
      operation({ path: "calendar.list" }),
    ).subscribe({});
    await vi.waitFor(() => expect(fake.received).toHaveLength(2));
    expect(fake.open()).toBe(1);
    subscription.unsubscribe();

    expect(fake.open()).toBe(0);
  });

  it("an operation aborted while waiting for the refresh is not retried and rejects", async () => {
    const refreshDone = deferred();
    const { client, fake, refresh } = setup(() => ({ error: unauthorized() }), {
      refresh: () => refreshDone.promise,
    });
    const controller = new AbortController();

    const call = client.query("calendar.list", undefined, { signal: controller.signal });
    await vi.waitFor(() => expect(refresh).toHaveBeenCalledTimes(1));
    controller.abort();
    refreshDone.resolve();

    await expect(call).rejects.toBeInstanceOf(TRPCClientError);
    expect(fake.received).toHaveLength(1);
  });
});
