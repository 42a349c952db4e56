import type { Context } from "../context.ts";
import { recordDevice } from "./devices.ts";
import { startSession } from "./sessions.ts";

/** What an identity provider tells us about the person signing in. */
export interface OAuthProfile {
  provider: "kakao";
  providerAccountId: string;
  displayName: string;
}

export type NextStep = "dashboard" | "onboarding";

/**
 * Completes a sign-in: finds the user by OAuth account or creates one, records the device,
 * opens a session, and sets the cookies. One transaction, so a failure leaves no half user.
 */
export async function completeSignIn(ctx: Context, profile: OAuthProfile): Promise<{ userId: string; nextStep: NextStep }> {
  return ctx.db.$transaction(async (tx) => {
    const account = await tx.oAuthAccount.findUnique({
      where: { provider_providerAccountId: { provider: profile.provider, providerAccountId: profile.providerAccountId } },
      select: { userId: true },
    });
    const userId =
      account?.userId ??
      (
        await tx.user.create({
          data: {
            displayName: profile.displayName,
            oauthAccounts: { create: { provider: profile.provider, providerAccountId: profile.providerAccountId } },
          },
          select: { id: true },
        })
      ).id;
    const device = await recordDevice(tx, ctx, userId);
    await startSession(tx, ctx, { userId, deviceId: device.id });
    return { userId, nextStep: "dashboard" as const };
  });
}
