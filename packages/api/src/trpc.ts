/**
 * 1. CONTEXT — see context.ts (an inner context of plain values, an HTTP adapter around it).
 * 2. INITIALISATION — tRPC with the error formatter that adds our `appCode`.
 * 3. PROCEDURES — public and protected building blocks for the routers.
 */
import { initTRPC } from "@trpc/server";
import { isCrossSiteWrite } from "@tropical/auth";
import superjson from "superjson";
import { readAccessSession } from "./access-session.ts";
import type { Context } from "./context.ts";
import { AppError } from "./errors.ts";
import { formatError } from "./error-formatter.ts";

// 2. INITIALISATION
const t = initTRPC.context<Context>().create({
  transformer: superjson,
  errorFormatter: formatError,
  // Stack traces never leave the server, in any environment.
  isDev: false,
});

export const createCallerFactory = t.createCallerFactory;
export const router = t.router;

// 3. PROCEDURES
/** Every procedure: state-changing calls from another site's page are refused (CSRF). */
export const publicProcedure = t.procedure.use(({ ctx, type, next }) => {
  if (type === "mutation" && isCrossSiteWrite(ctx.request, ctx.config.allowedOrigins)) {
    throw new AppError("CSRF_REJECTED", "This request came from another site and was refused");
  }
  return next();
});

const ACCESS_FAILURES = {
  missing: { appCode: "ACCESS_TOKEN_MISSING", message: "Sign-in required" },
  expired: { appCode: "ACCESS_TOKEN_EXPIRED", message: "Access token expired" },
  invalid: { appCode: "ACCESS_TOKEN_INVALID", message: "Access token invalid" },
} as const;

/** Requires a valid access token; narrows `ctx.auth` to the caller's user and session. */
export const protectedProcedure = publicProcedure.use(async ({ ctx, next }) => {
  const session = await readAccessSession(ctx);
  if (session.status !== "ok") {
    const { appCode, message } = ACCESS_FAILURES[session.status];
    throw new AppError(appCode, message);
  }
  if (await ctx.revocations.isRevoked(ctx.db, session.sessionId, ctx.now())) {
    throw new AppError("SESSION_REVOKED", "This session has ended");
  }
  return next({
    ctx: { auth: { userId: session.userId, sessionId: session.sessionId, expiresAt: session.expiresAt } },
  });
});
