import { signToken } from "@tropical/auth";
import type { Context } from "../context.ts";

/** Signs a fresh access token for the session and sets it as the access cookie. */
export async function issueAccessCookie(
  ctx: Context,
  session: { userId: string; sessionId: string },
): Promise<{ expiresAt: Date }> {
  const { token, expiresAt } = await signToken(
    "access",
    session.userId,
    { sid: session.sessionId },
    ctx.config.accessTtlSeconds,
    ctx.config,
    ctx.now(),
  );
  ctx.cookies.set("access", token);
  return { expiresAt };
}
