import { createHash, randomBytes } from "node:crypto";
import type { Prisma } from "@tropical/db";
import type { Context } from "../context.ts";
import { AppError } from "../errors.ts";
import { deviceLabel, stableUserAgent } from "./device-label.ts";
import { recordSecurityEvent } from "./security-events.ts";
import { revokeSessions } from "./sessions.ts";

type Tx = Prisma.TransactionClient;

const DEVICE_ID_PATTERN = /^[A-Za-z0-9_-]{32}$/;

/**
 * The device id lives in a long-lived HttpOnly cookie (one per browser profile, i.e. per
 * cookie jar); a missing or malformed one is replaced by a fresh random id.
 */
function deviceIdFromCookie(ctx: Context): string {
  const existing = ctx.cookies.get("device");
  if (existing && DEVICE_ID_PATTERN.test(existing)) return existing;
  const created = randomBytes(24).toString("base64url");
  ctx.cookies.set("device", created);
  return created;
}

/**
 * A device is its device-id cookie plus the stable parts of its user agent (browser and OS
 * names, no versions: a browser update keeps the device, a copied cookie in another browser
 * does not). Only the SHA-256 is stored, so a leaked row cannot be replayed as a cookie.
 */
export function fingerprintHash(deviceId: string, userAgent: string | null): string {
  const { browser, os } = stableUserAgent(userAgent);
  return createHash("sha256")
    .update(["device:v2", deviceId, browser ?? "", os ?? ""].join("\u0000"))
    .digest("hex");
}

/** Finds or creates the caller's device for this user and marks it used (and active) now. */
export async function recordDevice(tx: Tx, ctx: Context, userId: string): Promise<{ id: string }> {
  const hash = fingerprintHash(deviceIdFromCookie(ctx), ctx.client.userAgent);
  const label = deviceLabel(ctx.client.userAgent);
  const seen = { ip: ctx.client.ip, userAgent: ctx.client.userAgent ?? "", lastUsedAt: ctx.now(), active: true, label };
  return tx.device.upsert({
    where: { userId_fingerprintHash: { userId, fingerprintHash: hash } },
    create: { userId, fingerprintHash: hash, createdAt: ctx.now(), ...seen },
    update: seen,
    select: { id: true },
  });
}

/**
 * A session that can still be used: not revoked, within its absolute age, and its current
 * refresh token (the one not rotated yet) neither revoked nor expired.
 */
function liveSession(now: Date) {
  return {
    revokedAt: null,
    absoluteExpiresAt: { gt: now },
    refreshTokens: { some: { revokedAt: null, rotatedAt: null, expiresAt: { gt: now } } },
  } satisfies Prisma.SessionWhereInput;
}

/** The device of the caller's own session, if it has one. */
async function currentDeviceId(ctx: Context, sessionId: string): Promise<string | null> {
  const session = await ctx.db.session.findUnique({ where: { id: sessionId }, select: { deviceId: true } });
  return session?.deviceId ?? null;
}

export interface DeviceSummary {
  id: string;
  label: string;
  ip: string | null;
  firstSeenAt: Date;
  lastUsedAt: Date;
  isCurrent: boolean;
  activeSessions: number;
}

/**
 * The user's signed-in devices, most recently used first: every device with at least one live
 * session, and always the caller's own. A device whose sessions have all ended (revoked, signed
 * out, expired) is not listed; it reappears when that browser signs in again.
 */
export async function listDevices(ctx: Context, auth: { userId: string; sessionId: string }): Promise<DeviceSummary[]> {
  const now = ctx.now();
  const current = await currentDeviceId(ctx, auth.sessionId);
  const devices = await ctx.db.device.findMany({
    where: {
      userId: auth.userId,
      OR: [{ sessions: { some: liveSession(now) } }, ...(current ? [{ id: current }] : [])],
    },
    orderBy: [{ lastUsedAt: "desc" }, { createdAt: "desc" }, { id: "asc" }],
    // Explicit fields only: the fingerprint hash and the raw user agent never leave the server.
    select: {
      id: true,
      label: true,
      ip: true,
      createdAt: true,
      lastUsedAt: true,
      _count: { select: { sessions: { where: liveSession(now) } } },
    },
  });
  return devices.map((device) => ({
    id: device.id,
    label: device.label,
    ip: device.ip,
    firstSeenAt: device.createdAt,
    lastUsedAt: device.lastUsedAt,
    isCurrent: device.id === current,
    activeSessions: device._count.sessions,
  }));
}

/** Ids of the user's sessions that are not revoked yet, narrowed by `where`. */
async function unrevokedSessionIds(ctx: Context, where: Prisma.SessionWhereInput): Promise<string[]> {
  const rows = await ctx.db.session.findMany({ where: { ...where, revokedAt: null }, select: { id: true } });
  return rows.map((row) => row.id);
}

/**
 * Signs a device of the caller out: revokes every session on it (their access tokens fail at
 * once), marks it inactive and records a `device_revoked` event. Another user's device, or an
 * unknown id, is NOT_FOUND and nothing changes. Revoking one's own device also clears the
 * caller's cookies.
 */
export async function revokeDevice(
  ctx: Context,
  auth: { userId: string; sessionId: string },
  deviceId: string,
): Promise<{ revokedSessions: number; signedOut: boolean }> {
  const device = await ctx.db.device.findFirst({ where: { id: deviceId, userId: auth.userId }, select: { id: true } });
  if (!device) throw new AppError("NOT_FOUND", "No such device");
  const current = await currentDeviceId(ctx, auth.sessionId);
  const isCurrent = device.id === current;

  const sessionIds = await unrevokedSessionIds(ctx, { userId: auth.userId, deviceId: device.id });
  await revokeSessions(ctx, sessionIds, "device-revoked", async (tx) => {
    await tx.device.update({ where: { id: device.id }, data: { active: false } });
    await recordSecurityEvent(tx, ctx, {
      type: "device_revoked",
      userId: auth.userId,
      sessionId: auth.sessionId,
      deviceId: device.id,
      detail: { revokedSessions: sessionIds.length, currentDevice: isCurrent },
    });
  });
  if (isCurrent) ctx.cookies.clearSession();
  return { revokedSessions: sessionIds.length, signedOut: isCurrent };
}

/**
 * Ends the user's sessions — all of them, or all but the caller's — marks the devices left
 * without a session inactive and records the event, in one transaction.
 */
async function endSessions(
  ctx: Context,
  auth: { userId: string; sessionId: string },
  keepCurrent: boolean,
): Promise<number> {
  const current = await currentDeviceId(ctx, auth.sessionId);
  const sessionIds = await unrevokedSessionIds(ctx, {
    userId: auth.userId,
    ...(keepCurrent ? { id: { not: auth.sessionId } } : {}),
  });
  const keptDevice = keepCurrent && current ? { id: { not: current } } : {};
  await revokeSessions(ctx, sessionIds, keepCurrent ? "logout-others" : "logout-everywhere", async (tx) => {
    await tx.device.updateMany({ where: { userId: auth.userId, active: true, ...keptDevice }, data: { active: false } });
    await recordSecurityEvent(tx, ctx, {
      type: keepCurrent ? "logout_others" : "logout_everywhere",
      userId: auth.userId,
      sessionId: auth.sessionId,
      deviceId: current,
      detail: { revokedSessions: sessionIds.length },
    });
  });
  return sessionIds.length;
}

/** Ends every session of the user but the caller's; the caller's keeps working. */
export async function logoutOthers(ctx: Context, auth: { userId: string; sessionId: string }): Promise<{ revokedSessions: number }> {
  return { revokedSessions: await endSessions(ctx, auth, true) };
}

/** Ends every session of the user, the caller's included, and clears the caller's cookies. */
export async function logoutEverywhere(
  ctx: Context,
  auth: { userId: string; sessionId: string },
): Promise<{ revokedSessions: number; signedOut: true }> {
  const revokedSessions = await endSessions(ctx, auth, false);
  ctx.cookies.clearSession();
  return { revokedSessions, signedOut: true };
}
