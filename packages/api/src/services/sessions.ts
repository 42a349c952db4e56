import {
  decideRefresh,
  generateRefreshToken,
  hashRefreshToken,
  isWellFormedRefreshToken,
  refreshTokenExpiry,
  secondsUntil,
  sessionExpiry,
} from "@tropical/auth";
import type { Prisma } from "@tropical/db";
import type { Context } from "../context.ts";
import { AppError } from "../errors.ts";
import { issueAccessCookie } from "./access-token.ts";

type Tx = Prisma.TransactionClient;

/**
 * Opens a session on a device: stores the refresh token's hash only, then sets the refresh and
 * access cookies.
 */
export async function startSession(
  tx: Tx,
  ctx: Context,
  { userId, deviceId }: { userId: string; deviceId: string },
): Promise<{ sessionId: string; accessTokenExpiresAt: Date }> {
  const now = ctx.now();
  const absoluteExpiresAt = sessionExpiry(now, ctx.config);
  const refreshToken = generateRefreshToken();
  const refreshExpiresAt = refreshTokenExpiry(now, absoluteExpiresAt, ctx.config);
  const session = await tx.session.create({
    data: {
      userId,
      deviceId,
      createdAt: now,
      lastRefreshedAt: now,
      absoluteExpiresAt,
      refreshTokens: {
        create: { tokenHash: hashRefreshToken(refreshToken), createdAt: now, expiresAt: refreshExpiresAt },
      },
    },
    select: { id: true },
  });
  ctx.cookies.set("refresh", refreshToken, secondsUntil(refreshExpiresAt, now));
  const { expiresAt } = await issueAccessCookie(ctx, { userId, sessionId: session.id });
  return { sessionId: session.id, accessTokenExpiresAt: expiresAt };
}

async function findRefreshRecord(ctx: Context, token: string) {
  const row = await ctx.db.refreshToken.findUnique({
    where: { tokenHash: hashRefreshToken(token) },
    select: {
      sessionId: true,
      expiresAt: true,
      revokedAt: true,
      session: { select: { userId: true, deviceId: true, revokedAt: true, absoluteExpiresAt: true } },
    },
  });
  return row ? { ...row, userId: row.session.userId } : null;
}

/**
 * Exchanges a refresh token for a new access cookie. Storage failures become
 * TOKEN_REFRESH_ERROR: a server hiccup must not look like the end of the session.
 */
export async function refreshAccess(ctx: Context, refreshToken: string): Promise<{ accessTokenExpiresAt: Date }> {
  if (!isWellFormedRefreshToken(refreshToken)) {
    throw sessionOver(ctx, "INVALID_REFRESH_TOKEN");
  }
  const now = ctx.now();
  let record;
  try {
    record = await findRefreshRecord(ctx, refreshToken);
  } catch (error) {
    throw new AppError("TOKEN_REFRESH_ERROR", "Could not refresh the session; try again", error);
  }
  const decision = decideRefresh(record, now);
  if (!decision.ok) throw sessionOver(ctx, decision.code);
  try {
    await ctx.db.session.update({ where: { id: decision.sessionId }, data: { lastRefreshedAt: now } });
    if (record?.session.deviceId) {
      await ctx.db.device.update({ where: { id: record.session.deviceId }, data: { lastUsedAt: now } });
    }
  } catch (error) {
    throw new AppError("TOKEN_REFRESH_ERROR", "Could not refresh the session; try again", error);
  }
  const { expiresAt } = await issueAccessCookie(ctx, decision);
  return { accessTokenExpiresAt: expiresAt };
}

const SESSION_OVER_MESSAGES = {
  INVALID_REFRESH_TOKEN: "Please sign in again for security reasons",
  REFRESH_TOKEN_EXPIRED: "Your session expired; please sign in again",
} as const;

/** A refresh token that can never work again: clear both cookies so the browser stops sending them. */
function sessionOver(ctx: Context, code: keyof typeof SESSION_OVER_MESSAGES): AppError {
  ctx.cookies.clear("access");
  ctx.cookies.clear("refresh");
  return new AppError(code, SESSION_OVER_MESSAGES[code]);
}

/** Revokes the session (and its refresh tokens) that the given refresh token belongs to, if any. */
export async function revokeSessionByRefreshToken(ctx: Context, refreshToken: string, reason: string) {
  if (!isWellFormedRefreshToken(refreshToken)) return;
  const record = await findRefreshRecord(ctx, refreshToken);
  if (record) await revokeSession(ctx, record.sessionId, reason);
}

export async function revokeSession(ctx: Context, sessionId: string, reason: string): Promise<void> {
  const now = ctx.now();
  await ctx.db.$transaction([
    ctx.db.session.updateMany({
      where: { id: sessionId, revokedAt: null },
      data: { revokedAt: now, revokedReason: reason },
    }),
    ctx.db.refreshToken.updateMany({ where: { sessionId, revokedAt: null }, data: { revokedAt: now } }),
  ]);
}
