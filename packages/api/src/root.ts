import { authRouter } from "./routers/auth.ts";
import { calendarRouter } from "./routers/calendar.ts";
import { devicesRouter } from "./routers/devices.ts";
import { createCallerFactory, router } from "./trpc.ts";

export const appRouter = router({
  auth: authRouter,
  calendar: calendarRouter,
  devices: devicesRouter,
});

/**
 * The router mounted under the refresh cookie's path: only the auth procedures, so the
 * refresh token travels to nothing else.
 */
export const authDoorRouter = router({ auth: authRouter });

export type AppRouter = typeof appRouter;

export const createCaller = createCallerFactory(appRouter);
