import {
  decideRefresh,
  decideRotation,
  deriveRefreshToken,
  hashRefreshToken,
  isWellFormedRefreshToken,
  rederiveRefreshToken,
  refreshTokenExpiry,
  secondsUntil,
  sessionExpiry,
} from "@tropical/auth";
import type { Prisma } from "@tropical/db";
import type { Context } from "../context.ts";
import { AppError } from "../errors.ts";
import { issueAccessCookie } from "./access-token.ts";
import { recordSecurityEvent } from "./security-events.ts";

type Tx = Prisma.TransactionClient;

const REUSE_REASON = "refresh-token-reuse";

/** Sets the refresh cookie to live exactly as long as the token, counted from when it was issued. */
function setRefreshCookie(ctx: Context, token: string, expiresAt: Date, issuedAt: Date) {
  ctx.cookies.set("refresh", token, secondsUntil(expiresAt, issuedAt));
}

/**
 * Opens a session on a device: stores generation 0 of its refresh token (hash only), then sets
 * the refresh and access cookies.
 */
export async function startSession(
  tx: Tx,
  ctx: Context,
  { userId, deviceId }: { userId: string; deviceId: string },
): Promise<{ sessionId: string; accessTokenExpiresAt: Date }> {
  const now = ctx.now();
  const absoluteExpiresAt = sessionExpiry(now, ctx.config);
  const refreshExpiresAt = refreshTokenExpiry(now, absoluteExpiresAt, ctx.config);
  const session = await tx.session.create({
    data: { userId, deviceId, createdAt: now, lastRefreshedAt: now, absoluteExpiresAt },
    select: { id: true },
  });
  const refreshToken = deriveRefreshToken(ctx.config.keyring, session.id, 0);
  await tx.refreshToken.create({
    data: { sessionId: session.id, generation: 0, tokenHash: hashRefreshToken(refreshToken), createdAt: now, expiresAt: refreshExpiresAt },
  });
  setRefreshCookie(ctx, refreshToken, refreshExpiresAt, now);
  const { expiresAt } = await issueAccessCookie(ctx, { userId, sessionId: session.id });
  return { sessionId: session.id, accessTokenExpiresAt: expiresAt };
}

const presentedTokenSelect = {
  id: true,
  sessionId: true,
  generation: true,
  expiresAt: true,
  revokedAt: true,
  session: {
    select: {
      userId: true,
      deviceId: true,
      revokedAt: true,
      revokedReason: true,
      absoluteExpiresAt: true,
      refreshGeneration: true,
      lastRotatedAt: true,
    },
  },
} as const;

type RefreshOutcome =
  | { kind: "ok"; userId: string; sessionId: string; deviceId: string | null; token: string; expiresAt: Date; now: Date }
  | { kind: "failed"; code: "INVALID_REFRESH_TOKEN" | "REFRESH_TOKEN_EXPIRED" | "REFRESH_TOKEN_REUSED" }
  | { kind: "reused"; sessionId: string }
  | { kind: "error" };

/**
 * One transaction: read the presented token and its session, then rotate with a conditional
 * update (the generation must still be the one we read), hand out the current successor, or
 * revoke the session on reuse. Failures are returned, not thrown, so a reuse revocation commits.
 */
async function exchange(tx: Tx, ctx: Context, token: string): Promise<RefreshOutcome> {
  const now = ctx.now();
  const row = await tx.refreshToken.findUnique({ where: { tokenHash: hashRefreshToken(token) }, select: presentedTokenSelect });
  const decision = decideRefresh(row && { ...row, userId: row.session.userId }, now);
  if (!row || !decision.ok) {
    // The holder of a session that reuse detection ended learns why (a security notice),
    // not just "sign in again".
    if (row?.session.revokedReason === REUSE_REASON) return { kind: "failed", code: "REFRESH_TOKEN_REUSED" };
    return { kind: "failed", code: decision.ok ? "INVALID_REFRESH_TOKEN" : decision.code };
  }
  const { session, sessionId } = row;
  const current = session.refreshGeneration;
  const rotation = decideRotation(
    { presentedGeneration: row.generation, currentGeneration: current, lastRotatedAt: session.lastRotatedAt },
    now,
    ctx.config.refreshGraceSeconds,
  );
  const ok = (successor: string, expiresAt: Date): RefreshOutcome => ({
    kind: "ok",
    userId: session.userId,
    sessionId,
    deviceId: session.deviceId,
    token: successor,
    expiresAt,
    now,
  });

  if (rotation.action === "rotate") {
    const { count } = await tx.session.updateMany({
      where: { id: sessionId, refreshGeneration: current, revokedAt: null },
      data: { refreshGeneration: current + 1, lastRotatedAt: now, lastRefreshedAt: now },
    });
    // Another refresh rotated first (possible where transactions interleave): start over on
    // the new state, which now treats this token as the previous one.
    if (count !== 1) return exchange(tx, ctx, token);
    const successor = deriveRefreshToken(ctx.config.keyring, sessionId, current + 1);
    const expiresAt = refreshTokenExpiry(now, session.absoluteExpiresAt, ctx.config);
    await tx.refreshToken.update({ where: { id: row.id }, data: { rotatedAt: now } });
    await tx.refreshToken.create({
      data: { sessionId, generation: current + 1, tokenHash: hashRefreshToken(successor), parentId: row.id, createdAt: now, expiresAt },
    });
    return ok(successor, expiresAt);
  }

  if (rotation.action === "reissue-current") {
    const live = await tx.refreshToken.findUnique({
      where: { sessionId_generation: { sessionId, generation: current } },
      select: { tokenHash: true, expiresAt: true },
    });
    const successor = live && rederiveRefreshToken(ctx.config.keyring, sessionId, current, live.tokenHash);
    return live && successor ? ok(successor, live.expiresAt) : { kind: "error" };
  }

  await revokeSessionsIn(tx, [sessionId], REUSE_REASON, now);
  await recordSecurityEvent(tx, ctx, {
    type: "refresh_token_reuse",
    userId: session.userId,
    sessionId,
    deviceId: session.deviceId,
    detail: { presentedGeneration: row.generation, currentGeneration: current },
  });
  return { kind: "reused", sessionId };
}

const TRY_AGAIN = "Could not refresh the session; try again";

/**
 * Exchanges a refresh token for a rotated refresh cookie and a new access cookie. Storage
 * failures become TOKEN_REFRESH_ERROR: a server hiccup must not look like the end of the session.
 */
export async function refreshSession(ctx: Context, refreshToken: string): Promise<{ accessTokenExpiresAt: Date }> {
  if (!isWellFormedRefreshToken(refreshToken)) throw sessionOver(ctx, "INVALID_REFRESH_TOKEN");
  let outcome: RefreshOutcome;
  try {
    outcome = await ctx.db.$transaction((tx) => exchange(tx, ctx, refreshToken));
  } catch (error) {
    throw new AppError("TOKEN_REFRESH_ERROR", TRY_AGAIN, error);
  }
  switch (outcome.kind) {
    case "failed":
      throw sessionOver(ctx, outcome.code);
    case "reused":
      ctx.revocations.markRevoked([outcome.sessionId]);
      throw sessionOver(ctx, "REFRESH_TOKEN_REUSED");
    case "error":
      throw new AppError("TOKEN_REFRESH_ERROR", TRY_AGAIN);
  }
  if (outcome.deviceId) {
    // Bookkeeping only: a failure here must not undo a refresh that has already rotated.
    await ctx.db.device
      .update({ where: { id: outcome.deviceId }, data: { lastUsedAt: outcome.now, ...(ctx.client.ip ? { ip: ctx.client.ip } : {}) } })
      .catch(() => undefined);
  }
  setRefreshCookie(ctx, outcome.token, outcome.expiresAt, outcome.now);
  const { expiresAt } = await issueAccessCookie(ctx, outcome);
  return { accessTokenExpiresAt: expiresAt };
}

const SESSION_OVER_MESSAGES = {
  INVALID_REFRESH_TOKEN: "Please sign in again for security reasons",
  REFRESH_TOKEN_EXPIRED: "Your session expired; please sign in again",
  REFRESH_TOKEN_REUSED: "This session was ended because its sign-in was used twice; please sign in again",
} as const;

/** A refresh token that can never work again: clear both cookies so the browser stops sending them. */
function sessionOver(ctx: Context, code: keyof typeof SESSION_OVER_MESSAGES): AppError {
  ctx.cookies.clearSession();
  return new AppError(code, SESSION_OVER_MESSAGES[code]);
}

/** Marks sessions and all their refresh tokens revoked, inside the caller's transaction. */
export async function revokeSessionsIn(tx: Tx, sessionIds: string[], reason: string, now: Date): Promise<void> {
  await tx.session.updateMany({
    where: { id: { in: sessionIds }, revokedAt: null },
    data: { revokedAt: now, revokedReason: reason },
  });
  await tx.refreshToken.updateMany({ where: { sessionId: { in: sessionIds }, revokedAt: null }, data: { revokedAt: now } });
}

/**
 * Revokes sessions — with whatever else must change alongside, in the same transaction — and
 * makes their access tokens fail at once in this process (within the revocation cache's
 * bound elsewhere).
 */
export async function revokeSessions(
  ctx: Context,
  sessionIds: string[],
  reason: string,
  alongside?: (tx: Tx) => Promise<void>,
): Promise<void> {
  await ctx.db.$transaction(async (tx) => {
    if (sessionIds.length > 0) await revokeSessionsIn(tx, sessionIds, reason, ctx.now());
    await alongside?.(tx);
  });
  ctx.revocations.markRevoked(sessionIds);
}

/** The session a refresh token belongs to, if the token is one we issued. */
export async function sessionOfRefreshToken(ctx: Context, refreshToken: string): Promise<string | null> {
  if (!isWellFormedRefreshToken(refreshToken)) return null;
  const row = await ctx.db.refreshToken.findUnique({
    where: { tokenHash: hashRefreshToken(refreshToken) },
    select: { sessionId: true },
  });
  return row?.sessionId ?? null;
}
