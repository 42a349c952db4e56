import type { TRPCDefaultErrorShape, TRPCError } from "@trpc/server";
import type { AppErrorCode } from "@tropical/auth/error-codes";
import { ZodError, z } from "zod";
import { AppError } from "./errors.ts";

const DEFAULT_APP_CODES: Partial<Record<TRPCError["code"], AppErrorCode>> = {
  BAD_REQUEST: "INVALID_INPUT",
  PARSE_ERROR: "INVALID_INPUT",
  NOT_FOUND: "NOT_FOUND",
  INTERNAL_SERVER_ERROR: "INTERNAL_ERROR",
  TOO_MANY_REQUESTS: "RATE_LIMITED",
};

/** The application code of any tRPC error: its own, or the default for its tRPC code. */
export function appCodeOf(error: TRPCError): AppErrorCode | null {
  return error instanceof AppError ? error.appCode : (DEFAULT_APP_CODES[error.code] ?? null);
}

/**
 * Adds `appCode` (DESIGN §5) and flattened zod issues to every error. Unexpected failures
 * keep their details on the server: the client sees a generic message.
 */
export function formatError({ shape, error }: { shape: TRPCDefaultErrorShape; error: TRPCError }) {
  const appCode = appCodeOf(error);
  const zodError = error.cause instanceof ZodError ? z.flattenError(error.cause) : null;
  const unexpected = !(error instanceof AppError) && error.code === "INTERNAL_SERVER_ERROR";
  return {
    ...shape,
    message: unexpected ? "Internal server error" : shape.message,
    data: { ...shape.data, appCode, zodError },
  };
}
