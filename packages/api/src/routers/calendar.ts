import { z } from "zod";
import { AppError } from "../errors.ts";
import { instant, recordId, text } from "../inputs.ts";
import { protectedProcedure, router } from "../trpc.ts";

const MAX_RANGE_DAYS = 62;
const DAY_MS = 24 * 60 * 60 * 1000;

const eventFields = {
  title: text(200).pipe(z.string().min(1, "A title is required")),
  startsAt: instant,
  endsAt: instant,
  note: text(2000).nullish(),
};

const endsAfterStart = (event: { startsAt: Date; endsAt: Date }) => event.endsAt >= event.startsAt;
const END_BEFORE_START = { message: "The event cannot end before it starts", path: ["endsAt"] };

/** The fields of an event that leave the server. */
const eventSelect = { id: true, title: true, startsAt: true, endsAt: true, note: true } as const;

/** Every query is scoped by the caller's user id: another user's event is simply not found. */
export const calendarRouter = router({
  list: protectedProcedure
    .input(
      z
        .object({ from: instant, to: instant })
        .refine((range) => range.to > range.from, { message: "`to` must be after `from`", path: ["to"] })
        .refine((range) => range.to.getTime() - range.from.getTime() <= MAX_RANGE_DAYS * DAY_MS, {
          message: `A range covers at most ${MAX_RANGE_DAYS} days`,
          path: ["to"],
        }),
    )
    .query(({ ctx, input }) =>
      ctx.db.calendarEvent.findMany({
        where: { userId: ctx.auth.userId, startsAt: { lt: input.to }, endsAt: { gte: input.from } },
        orderBy: { startsAt: "asc" },
        select: eventSelect,
      }),
    ),

  create: protectedProcedure
    .input(z.object(eventFields).refine(endsAfterStart, END_BEFORE_START))
    .mutation(({ ctx, input }) =>
      ctx.db.calendarEvent.create({
        data: { ...input, note: input.note ?? null, userId: ctx.auth.userId },
        select: eventSelect,
      }),
    ),

  update: protectedProcedure
    .input(z.object({ id: recordId, ...eventFields }).refine(endsAfterStart, END_BEFORE_START))
    .mutation(async ({ ctx, input: { id, ...fields } }) => {
      const { count } = await ctx.db.calendarEvent.updateMany({
        where: { id, userId: ctx.auth.userId },
        data: { ...fields, note: fields.note ?? null },
      });
      if (count === 0) throw new AppError("NOT_FOUND", "No such event");
      return ctx.db.calendarEvent.findUniqueOrThrow({ where: { id }, select: eventSelect });
    }),

  delete: protectedProcedure
    .input(z.object({ id: recordId }))
    .mutation(async ({ ctx, input }) => {
      const { count } = await ctx.db.calendarEvent.deleteMany({ where: { id: input.id, userId: ctx.auth.userId } });
      if (count === 0) throw new AppError("NOT_FOUND", "No such event");
      return { id: input.id };
    }),
});
