/**
 * Builds the Express app without listening, so tests drive the real thing over real HTTP.
 * Order matters: request log → API and OAuth routes → stand-in → static web → JSON 404 →
 * error handler.
 */
import express, { type ErrorRequestHandler } from "express";
import { createExpressMiddleware } from "@trpc/server/adapters/express";
import type { AnyRouter, TRPCError } from "@trpc/server";
import { SessionRevocations, appRouter, authDoorRouter, createHttpContextFactory } from "@tropical/api";
import type { Db } from "@tropical/db";
import { REFRESH_COOKIE_PATH } from "@tropical/auth";

const AUTH_DOOR_PATH = `${REFRESH_COOKIE_PATH}/auth/trpc`;
import { type ServerEnv, authConfigFrom } from "./env.ts";
import { type Logger, createLogger } from "./logger.ts";
import { requestLog } from "./request-log.ts";
import type { FetchImpl } from "./oauth/kakao-client.ts";
import { oauthRoutes } from "./oauth/routes.ts";
import { restRoutes } from "./rest/routes.ts";
import { kakaoStandin } from "./kakao-standin/routes.ts";
import { staticWeb } from "./static-web.ts";
import { noStore, rejectUndecodablePath } from "./api-guards.ts";

export interface AppDeps {
  env: ServerEnv;
  db: Db;
  /** Replaces `fetch` for the calls to Kakao (tests simulate provider failures with it). */
  fetchImpl?: FetchImpl;
  logger?: Logger;
}

/** A batch is one HTTP request; a cap keeps one request from fanning out without bound. */
const MAX_BATCH_SIZE = 10;

export function createApp({ env, db, fetchImpl, logger = createLogger(env.logLevel) }: AppDeps): express.Express {
  const app = express();
  app.disable("x-powered-by");
  // Off unless TRUST_PROXY says otherwise: trusting X-Forwarded-For from anyone would let a
  // client choose the IP recorded for its devices and security events.
  app.set("trust proxy", env.trustProxy);
  // Repeated keys become arrays; handlers validate shapes, so a flat parser is all we need.
  app.set("query parser", "simple");

  app.use(requestLog(logger));

  const createContext = createHttpContextFactory({
    db,
    config: authConfigFrom(env),
    revocations: new SessionRevocations(),
  });
  const trpcLog = logger.child({ component: "trpc" });
  const trpc = (router: AnyRouter) =>
    createExpressMiddleware({
      router,
      createContext: ({ req, res }) => createContext({ req, res }),
      maxBatchSize: MAX_BATCH_SIZE,
      onError: ({ error, path, type }) => logUnexpected(trpcLog, error, path, type),
    });

  app.get("/healthz", (_req, res) => {
    res.set("Cache-Control", "no-store").json({ ok: true });
  });

  app.use(["/trpc", AUTH_DOOR_PATH], noStore, rejectUndecodablePath);
  app.use("/trpc", trpc(appRouter));
  // The refresh cookie reaches only REFRESH_COOKIE_PATH (/api), so refresh and logout live here.
  app.use(AUTH_DOOR_PATH, trpc(authDoorRouter));
  // Old clients: the original REST contract, calling the same procedures (also under /api).
  app.use(`${REFRESH_COOKIE_PATH}/v1`, restRoutes({ createContext, logger }));

  app.use("/oauth", oauthRoutes({ env, createContext, logger, fetchImpl }));
  if (env.kakao.standin) {
    app.use("/kakao-standin", kakaoStandin({ clientId: env.kakao.clientId, redirectUris: [env.kakao.redirectUri] }));
  }

  if (env.serveWeb) {
    const web = staticWeb(env.webDistDir, logger);
    if (web) app.use(web);
  }

  app.use((_req, res) => {
    res.status(404).json({ error: "Not found" });
  });
  app.use(finalErrorHandler(logger));
  return app;
}

/**
 * Logs errors the client could not have caused. Only the procedure path, the error's class and
 * message (and its cause's) are logged: inputs, headers, cookies and tokens never are.
 */
function logUnexpected(logger: Logger, error: TRPCError, path: string | undefined, type: string): void {
  if (error.code !== "INTERNAL_SERVER_ERROR") return;
  const cause = error.cause instanceof Error ? { name: error.cause.name, message: error.cause.message, stack: error.cause.stack } : undefined;
  logger.error({ path, type, code: error.code, message: error.message, cause }, "tRPC procedure failed");
}

/** The last word on any error: a short JSON body, never a stack trace. */
function finalErrorHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, _req, res, next) => {
    if (res.headersSent) return next(error);
    const status = statusOf(error);
    if (status >= 500) {
      logger.error({ errorName: error instanceof Error ? error.name : typeof error, message: error instanceof Error ? error.message : undefined }, "unhandled error");
      res.status(500).json({ error: "Internal server error" });
      return;
    }
    res.status(status).json({ error: status === 413 ? "Payload too large" : "Bad request" });
  };
}

/** Body parsers and `http-errors` mark client errors with a 4xx `status`. */
function statusOf(error: unknown): number {
  const status = typeof error === "object" && error !== null ? (error as { status?: unknown }).status : undefined;
  return typeof status === "number" && status >= 400 && status < 500 ? status : 500;
}
