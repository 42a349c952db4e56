// Test helpers for the link tests: errors shaped exactly as the server sends them, and a
// hand-written terminating link that answers per operation and records what reached it.
import {
  TRPCClientError,
  type Operation,
  type OperationResultObservable,
  type TRPCLink,
} from "@trpc/client";
import type { AnyTRPCRouter } from "@trpc/server";
import { observable } from "@trpc/server/observable";

type Router = AnyTRPCRouter;
type ClientError = TRPCClientError<Router>;

// The JSON-RPC numbers tRPC puts next to the codes we use (TRPC_ERROR_CODES_BY_KEY).
const JSONRPC_CODES = {
  BAD_REQUEST: -32600,
  UNAUTHORIZED: -32001,
  FORBIDDEN: -32003,
  TOO_MANY_REQUESTS: -32029,
  INTERNAL_SERVER_ERROR: -32603,
} as const;

const HTTP_STATUS = {
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  TOO_MANY_REQUESTS: 429,
  INTERNAL_SERVER_ERROR: 500,
} as const;

/** An error as the HTTP links build it from the server's JSON: `TRPCClientError.from(response)`. */
export function serverError(
  code: keyof typeof JSONRPC_CODES,
  appCode?: string,
  message = appCode ?? code,
): ClientError {
  return TRPCClientError.from<Router>({
    error: {
      message,
      code: JSONRPC_CODES[code],
      data: { code, httpStatus: HTTP_STATUS[code], ...(appCode === undefined ? {} : { appCode }) },
    },
  });
}

export function unauthorized(appCode = "ACCESS_TOKEN_EXPIRED"): ClientError {
  return serverError("UNAUTHORIZED", appCode);
}

/** UNAUTHORIZED from a guard that did not say why: no appCode at all. */
export function bareUnauthorized(): ClientError {
  return serverError("UNAUTHORIZED");
}

const LOOP_GUARD = 5;

export type Answer = { data: unknown } | { error: ClientError };

/**
 * A terminating link that asks `answer` what to reply to each operation it receives. The
 * reply is delivered on a later microtask, as a network would, so concurrent operations
 * really overlap. `open()` counts downstream subscriptions not yet torn down.
 */
export function fakeTerminatingLink(answer: (op: Operation) => Answer | Promise<Answer>) {
  const received: Operation[] = [];
  let open = 0;
  const link: TRPCLink<Router> = () => ({ op }) =>
    observable((observer) => {
      received.push(op);
      open += 1;
      let active = true;
      // A link that loops on microtasks alone would starve the timers, so no test timeout
      // could stop it: cut any loop off here, and the test's call counts then fail.
      const looping = received.filter((seen) => seen.id === op.id).length > LOOP_GUARD;
      const reply = looping ? { error: serverError("BAD_REQUEST", undefined, "loop guard") } : answer(op);
      void Promise.resolve(reply).then((answered) => {
        if (!active) return;
        if ("error" in answered) {
          observer.error(answered.error);
          return;
        }
        observer.next({ result: { type: "data", data: answered.data } });
        observer.complete();
      });
      return () => {
        active = false;
        open -= 1;
      };
    });
  return {
    link,
    received,
    open: () => open,
    calls: (path: string) => received.filter((op) => op.path === path),
  };
}

/**
 * Runs an operation through links the way the client does (tRPC's internal `createChain`),
 * but hands back the observable so a test can unsubscribe, which the promise API cannot.
 */
export function runChain(
  links: TRPCLink<Router>[],
  op: Operation,
): OperationResultObservable<Router, unknown> {
  const operationLinks = links.map((link) => link({}));
  function execute(index: number, current: Operation): OperationResultObservable<Router, unknown> {
    const link = operationLinks[index];
    if (!link) throw new Error("the chain has no terminating link");
    return link({ op: current, next: (nextOp) => execute(index + 1, nextOp) });
  }
  return execute(0, op);
}

export function operation(overrides: Partial<Operation> & Pick<Operation, "path">): Operation {
  return { id: 1, type: "query", input: undefined, context: {}, signal: null, ...overrides };
}

/** `Promise.withResolvers`, which Node 20 lacks. */
export function deferred<T = void>() {
  let resolve!: (value: T) => void;
  let reject!: (reason: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** Lets every pending microtask and one round of timers run. */
export function settle(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}
