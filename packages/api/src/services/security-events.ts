import type { Prisma } from "@tropical/db";
import type { Context } from "../context.ts";

export type SecurityEventType = "refresh_token_reuse" | "device_revoked" | "logout_others" | "logout_everywhere";

/** Records what happened, to whom, from where; never a token. */
export async function recordSecurityEvent(
  tx: Prisma.TransactionClient,
  ctx: Context,
  event: { type: SecurityEventType; userId: string; sessionId?: string | null; deviceId?: string | null; detail?: object },
): Promise<void> {
  await tx.securityEvent.create({
    data: {
      type: event.type,
      userId: event.userId,
      sessionId: event.sessionId ?? null,
      deviceId: event.deviceId ?? null,
      ip: ctx.client.ip,
      userAgent: ctx.client.userAgent,
      detail: event.detail ? JSON.stringify(event.detail) : null,
      createdAt: ctx.now(),
    },
  });
}
