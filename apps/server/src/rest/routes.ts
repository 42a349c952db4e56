/**
 * The REST door for old clients (`/api/v1/...`): the original `{ success, message, errorCode }`
 * contract over the same procedures the tRPC doors serve. One implementation, two doors: the
 * handlers build the request context with the app's own `createContext` and call the tRPC
 * procedures through `createCaller`, so codes, messages and cookies are the tRPC ones. No auth
 * logic lives here, only the mapping of a result or an error to the REST shape.
 *
 * It lives under REFRESH_COOKIE_PATH (/api), so the refresh cookie reaches it.
 */
import express, { type ErrorRequestHandler, type Request, type Response, Router } from "express";
import { TRPCError } from "@trpc/server";
import { getHTTPStatusCodeFromError } from "@trpc/server/http";
import { AppError, type createHttpContextFactory, appCodeOf, createCaller } from "@tropical/api";
import type { Logger } from "../logger.ts";

export interface RestRouteDeps {
  createContext: ReturnType<typeof createHttpContextFactory>;
  logger: Logger;
}

export interface RestSuccess<T> {
  success: true;
  message: string;
  errorCode: null;
  data: T;
}

export interface RestFailure {
  success: false;
  message: string;
  errorCode: string;
}

/** A refresh body holds one short token; anything near this size is not an old client. */
const BODY_LIMIT = "4kb";

const INTERNAL: RestFailure = { success: false, message: "Internal server error", errorCode: "INTERNAL_ERROR" };

export function restRoutes({ createContext, logger }: RestRouteDeps): Router {
  const routes = Router();
  const log = logger.child({ component: "rest-v1" });

  // Auth answers are per user and carry Set-Cookie: nothing here may be cached.
  routes.use((_req, res, next) => {
    res.set("Cache-Control", "no-store");
    next();
  });

  const caller = (req: Request, res: Response) => createCaller(createContext({ req, res }));

  /** Maps a thrown error to the REST shape; unexpected failures are logged, never echoed. */
  const fail = (res: Response, error: unknown, procedure: string) => {
    const { status, body, unexpected } = restFailure(error);
    if (unexpected) logFailure(log, error, procedure);
    res.status(status).json(body);
  };

  routes.post("/auth/token/refresh", express.json({ limit: BODY_LIMIT }), async (req, res) => {
    // The procedure reads the cookie first; the body token is only the old clients' fallback.
    // A missing or non-JSON body, or a non-string token, is simply "no body token".
    const body: unknown = req.body;
    const bodyToken =
      typeof body === "object" && body !== null && typeof (body as { refreshToken?: unknown }).refreshToken === "string"
        ? (body as { refreshToken: string }).refreshToken
        : undefined;
    try {
      const data = await caller(req, res).auth.refresh({ refreshToken: bodyToken });
      res.json({ success: true, message: "Token refreshed", errorCode: null, data } satisfies RestSuccess<typeof data>);
    } catch (error) {
      fail(res, error, "auth.refresh");
    }
  });

  routes.get("/auth/status", async (req, res) => {
    try {
      const data = await caller(req, res).auth.status();
      res.json({ success: true, message: "Authenticated", errorCode: null, data } satisfies RestSuccess<typeof data>);
    } catch (error) {
      fail(res, error, "auth.status");
    }
  });

  routes.use(bodyErrors(log));
  return routes;
}

/**
 * The REST answer for an error a procedure threw. Application errors keep their status (from
 * the tRPC code), message and appCode; tRPC errors without one get a plain message; anything
 * else, and every unexpected 5xx, is a bare 500. `unexpected` says whether to log it.
 */
export function restFailure(error: unknown): { status: number; body: RestFailure; unexpected: boolean } {
  if (!(error instanceof TRPCError)) return { status: 500, body: INTERNAL, unexpected: true };
  const appCode = appCodeOf(error);
  const status = getHTTPStatusCodeFromError(error);
  if (!appCode || appCode === "INTERNAL_ERROR" || (status >= 500 && !(error instanceof AppError))) {
    return { status: 500, body: INTERNAL, unexpected: true };
  }
  // Only our own errors carry messages meant for people; a validator's dump is said plainly.
  const message = error instanceof AppError ? error.message : "Invalid request";
  return { status, body: { success: false, message, errorCode: appCode }, unexpected: status >= 500 };
}

/** The procedure, the error's class, code and message (and its cause's): never inputs or tokens. */
function logFailure(log: Logger, error: unknown, procedure: string): void {
  if (!(error instanceof TRPCError)) {
    log.error({ procedure, errorName: error instanceof Error ? error.name : typeof error }, "REST handler failed");
    return;
  }
  const cause = error.cause instanceof Error ? { name: error.cause.name, message: error.cause.message } : undefined;
  log.error({ procedure, code: error.code, message: error.message, cause }, "REST procedure failed");
}

const BODY_MESSAGES: Record<number, string> = {
  400: "Malformed JSON body",
  413: "Request body too large",
  415: "Unsupported request body encoding",
};

/** Body-parser failures (malformed JSON, too large, bad charset) in the REST shape, never a stack. */
function bodyErrors(log: Logger): ErrorRequestHandler {
  return (error: unknown, _req, res, next) => {
    if (res.headersSent) return next(error);
    const status = typeof error === "object" && error !== null ? (error as { status?: unknown }).status : undefined;
    if (typeof status === "number" && status >= 400 && status < 500) {
      const message = BODY_MESSAGES[status] ?? "Bad request";
      res.status(status).json({ success: false, message, errorCode: "INVALID_INPUT" } satisfies RestFailure);
      return;
    }
    log.error({ errorName: error instanceof Error ? error.name : typeof error }, "REST request failed");
    res.status(500).json(INTERNAL);
  };
}
