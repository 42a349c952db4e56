import { createHash, randomBytes } from "node:crypto";
import type { Prisma } from "@tropical/db";
import type { Context } from "../context.ts";
import { deviceLabel } from "./device-label.ts";

type Tx = Prisma.TransactionClient;

const DEVICE_ID_PATTERN = /^[A-Za-z0-9_-]{32}$/;

/**
 * The device id lives in a long-lived HttpOnly cookie; the database keeps only its hash, so a
 * leaked database row cannot be replayed as a cookie.
 */
function deviceIdFromCookie(ctx: Context): string {
  const existing = ctx.cookies.get("device");
  if (existing && DEVICE_ID_PATTERN.test(existing)) return existing;
  const created = randomBytes(24).toString("base64url");
  ctx.cookies.set("device", created);
  return created;
}

export function fingerprintHash(deviceId: string): string {
  return createHash("sha256").update(`device:${deviceId}`).digest("hex");
}

/** Finds or creates the caller's device for this user and marks it used now. */
export async function recordDevice(tx: Tx, ctx: Context, userId: string): Promise<{ id: string }> {
  const hash = fingerprintHash(deviceIdFromCookie(ctx));
  const seen = { ip: ctx.client.ip, userAgent: ctx.client.userAgent ?? "", lastUsedAt: ctx.now(), active: true };
  return tx.device.upsert({
    where: { userId_fingerprintHash: { userId, fingerprintHash: hash } },
    create: { userId, fingerprintHash: hash, label: deviceLabel(ctx.client.userAgent), createdAt: ctx.now(), ...seen },
    update: { ...seen, label: deviceLabel(ctx.client.userAgent) },
    select: { id: true },
  });
}
