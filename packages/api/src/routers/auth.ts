import { z } from "zod";
import { readAccessSession } from "../access-session.ts";
import { AppError } from "../errors.ts";
import { refreshSession, revokeSessions, sessionOfRefreshToken } from "../services/sessions.ts";
import { protectedProcedure, publicProcedure, router } from "../trpc.ts";

/** Old clients sent the token in the body; the cookie always wins. */
const refreshInput = z
  .object({ refreshToken: z.string().max(512).nullish() })
  .nullish();

export const authRouter = router({
  status: protectedProcedure.query(async ({ ctx }) => {
    const user = await ctx.db.user.findUnique({
      where: { id: ctx.auth.userId },
      select: { id: true, displayName: true, email: true, emailVerifiedAt: true },
    });
    if (!user) throw new AppError("SESSION_REVOKED", "This account no longer exists");
    return {
      authenticated: true as const,
      nextStep: "dashboard" as const,
      user,
      accessTokenExpiresAt: ctx.auth.expiresAt.toISOString(),
    };
  }),

  refresh: publicProcedure.input(refreshInput).mutation(async ({ ctx, input }) => {
    const refreshToken = ctx.cookies.get("refresh") ?? input?.refreshToken ?? undefined;
    if (!refreshToken) throw new AppError("REFRESH_TOKEN_REQUIRED", "No refresh token was sent");
    const { accessTokenExpiresAt } = await refreshSession(ctx, refreshToken);
    return { accessTokenExpiresAt: accessTokenExpiresAt.toISOString() };
  }),

  /** Ends this session whichever token identifies it, and always clears both cookies. */
  logout: publicProcedure.mutation(async ({ ctx }) => {
    const refreshToken = ctx.cookies.get("refresh");
    const access = await readAccessSession(ctx);
    const sessionIds = new Set<string>();
    const byRefresh = refreshToken ? await sessionOfRefreshToken(ctx, refreshToken) : null;
    if (byRefresh) sessionIds.add(byRefresh);
    if (access.status === "ok") sessionIds.add(access.sessionId);
    await revokeSessions(ctx, [...sessionIds], "logout");
    ctx.cookies.clearSession();
    return { signedOut: true as const };
  }),
});
