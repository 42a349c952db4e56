import { z } from "zod";
import { recordId } from "../inputs.ts";
import { listDevices, logoutEverywhere, logoutOthers, revokeDevice } from "../services/devices.ts";
import { protectedProcedure, router } from "../trpc.ts";

/**
 * The caller's signed-in devices (DESIGN §8 "Devices"). Every query is scoped by the caller's
 * user id: another user's device is simply not found. Nothing here returns a hash of any kind.
 */
export const devicesRouter = router({
  /** `{ id, label, ip, firstSeenAt, lastUsedAt, isCurrent, activeSessions }[]`, newest use first. */
  list: protectedProcedure.query(({ ctx }) => listDevices(ctx, ctx.auth)),

  /** Signs one of the caller's devices out; their own device clears their cookies too. */
  revoke: protectedProcedure
    .input(z.object({ deviceId: recordId }))
    .mutation(({ ctx, input }) => revokeDevice(ctx, ctx.auth, input.deviceId)),

  /** Every session but this one ends; this one keeps working. */
  logoutOthers: protectedProcedure.mutation(({ ctx }) => logoutOthers(ctx, ctx.auth)),

  /** Every session ends, this one included; the cookies are cleared. */
  logoutEverywhere: protectedProcedure.mutation(({ ctx }) => logoutEverywhere(ctx, ctx.auth)),
});
