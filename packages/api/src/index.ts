import type { inferRouterInputs, inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "./root.ts";

export { appRouter, authDoorRouter, createCaller, type AppRouter } from "./root.ts";
export { createContextInner, createHttpContextFactory, type Context, type InnerContextOptions } from "./context.ts";
export type { AuthConfig } from "./config.ts";
export { appCodeOf } from "./error-formatter.ts";
export { AppError } from "./errors.ts";
export { SessionRevocations } from "./session-revocations.ts";
export { completeSignIn, type OAuthProfile } from "./services/sign-in.ts";

export type RouterInputs = inferRouterInputs<AppRouter>;
export type RouterOutputs = inferRouterOutputs<AppRouter>;
