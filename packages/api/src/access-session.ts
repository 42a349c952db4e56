import { verifyToken } from "@tropical/auth";
import type { Context } from "./context.ts";

export type AccessSession =
  | { status: "ok"; userId: string; sessionId: string; expiresAt: Date }
  | { status: "missing" | "expired" | "invalid" };

/** Who the access-token cookie says the caller is; never throws. */
export async function readAccessSession(ctx: Context): Promise<AccessSession> {
  const token = ctx.cookies.get("access");
  if (!token) return { status: "missing" };
  const result = await verifyToken("access", token, ctx.config, ctx.now());
  if (result.status === "expired") return { status: "expired" };
  if (result.status !== "ok") return { status: "invalid" };
  const { sub, sid, exp } = result.claims;
  if (typeof sid !== "string") return { status: "invalid" };
  return { status: "ok", userId: sub, sessionId: sid, expiresAt: new Date(exp * 1000) };
}
