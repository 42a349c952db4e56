/// <reference types="node" />
// The mixed-batch case end to end: a real httpBatchLink against a real tRPC HTTP server, so
// the batch is split into per-operation results by tRPC itself, not by our fake.
import { createTRPCClient, httpBatchLink, httpLink } from "@trpc/client";
import { initTRPC, TRPCError } from "@trpc/server";
import { createHTTPServer } from "@trpc/server/adapters/standalone";
import type { AppErrorCode } from "@tropical/auth/error-codes";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { refreshLink } from "./refresh-link.ts";

/** What the real server does: the appCode rides on the error and the formatter publishes it. */
class AppError extends TRPCError {
  constructor(
    readonly appCode: AppErrorCode,
    code: TRPCError["code"],
  ) {
    super({ code, message: appCode });
  }
}

const server = { accessValid: false, calls: [] as string[], requests: [] as string[] };

const t = initTRPC.create({
  errorFormatter: ({ shape, error }) => ({
    ...shape,
    data: { ...shape.data, appCode: error instanceof AppError ? error.appCode : undefined },
  }),
});
const recorded = t.procedure.use(({ path, next }) => {
  server.calls.push(path);
  return next();
});
const authed = recorded.use(({ next }) => {
  if (!server.accessValid) throw new AppError("ACCESS_TOKEN_EXPIRED", "UNAUTHORIZED");
  return next();
});

const appRouter = t.router({
  health: recorded.query(() => "ok"),
  greeting: recorded.query(() => "hello"),
  calendar: t.router({
    list: authed.query(() => ["Dentist"]),
    count: authed.query(() => 1),
  }),
  auth: t.router({
    refresh: recorded.mutation(() => {
      server.accessValid = true;
      return { ok: true };
    }),
  }),
});
type AppRouter = typeof appRouter;

const httpServer = createHTTPServer({ router: appRouter });
httpServer.on("request", (req) => server.requests.push(req.url ?? ""));
let url = "";

beforeAll(async () => {
  await new Promise<void>((resolve) => httpServer.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(httpServer.address() as AddressInfo).port}`;
});

afterAll(async () => {
  httpServer.closeAllConnections(); // fetch keeps connections alive; close() would wait for them
  await new Promise((resolve) => httpServer.close(resolve));
});

describe("refreshLink under a real httpBatchLink", () => {
  it("in a batch where some operations succeed and some are UNAUTHORIZED, only the UNAUTHORIZED ones are retried", async () => {
    // The app's shape: the refresh goes through its own plain client, never through this link.
    const refreshClient = createTRPCClient<AppRouter>({ links: [httpLink({ url })] });
    const client = createTRPCClient<AppRouter>({
      links: [
        refreshLink<AppRouter>({
          refresh: async () => {
            await refreshClient.auth.refresh.mutate();
          },
        }),
        httpBatchLink({ url }),
      ],
    });

    const results = await Promise.all([
      client.health.query(),
      client.calendar.list.query(),
      client.greeting.query(),
      client.calendar.count.query(),
    ]);

    expect(results).toEqual(["ok", ["Dentist"], "hello", 1]);
    const callsOf = (path: string) => server.calls.filter((p) => p === path).length;
    expect(callsOf("health")).toBe(1);
    expect(callsOf("greeting")).toBe(1);
    expect(callsOf("calendar.list")).toBe(2);
    expect(callsOf("calendar.count")).toBe(2);
    expect(callsOf("auth.refresh")).toBe(1);
    // One batch out, one refresh, one batch of just the two retries.
    expect(server.requests.map((u) => new URL(u, url).pathname)).toEqual([
      "/health,calendar.list,greeting,calendar.count",
      "/auth.refresh",
      "/calendar.list,calendar.count",
    ]);
  });
});
