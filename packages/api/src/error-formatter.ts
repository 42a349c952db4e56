import type { TRPCDefaultErrorShape, TRPCError } from "@trpc/server";
import type { AppErrorCode } from "@tropical/auth/error-codes";
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

export interface ValidationErrors {
  formErrors: string[];
  fieldErrors: Record<string, string[]>;
}

interface Issue {
  message: string;
  path?: ReadonlyArray<PropertyKey | { key: PropertyKey }>;
}

/**
 * The validation issues behind an input error. Read by shape, not by class: depending on the
 * path tRPC takes, the cause is a ZodError or a Standard Schema error, and a class check
 * across module copies is brittle.
 */
function issuesOf(cause: unknown): Issue[] | null {
  const issues = (cause as { issues?: unknown } | null)?.issues;
  if (!Array.isArray(issues)) return null;
  return issues.every((issue) => typeof (issue as Issue | null)?.message === "string") ? (issues as Issue[]) : null;
}

/** Input validation issues by field (the first path segment), as the web app shows them under its inputs. */
export function validationErrorsOf(error: TRPCError): ValidationErrors | null {
  const issues = error.code === "BAD_REQUEST" ? issuesOf(error.cause) : null;
  if (!issues) return null;
  const flattened: ValidationErrors = { formErrors: [], fieldErrors: {} };
  for (const issue of issues) {
    const first = issue.path?.[0];
    const key = typeof first === "object" && first !== null ? first.key : first;
    if (key === undefined) flattened.formErrors.push(issue.message);
    else (flattened.fieldErrors[String(key)] ??= []).push(issue.message);
  }
  return flattened;
}

/** Our own errors speak to people; tRPC's and libraries' messages may leak internals. */
const GENERIC_MESSAGES: Partial<Record<TRPCError["code"], string>> = {
  BAD_REQUEST: "Invalid request",
  PARSE_ERROR: "Invalid request",
  INTERNAL_SERVER_ERROR: "Internal server error",
};

/**
 * Adds `appCode` (DESIGN §5) and the validation issues by field (`zodError`) to every error.
 * Messages we did not write (a validator's dump, a transformer's failure, an unexpected
 * crash) are replaced by a generic one; the details stay in the server log.
 */
export function formatError({ shape, error }: { shape: TRPCDefaultErrorShape; error: TRPCError }) {
  const zodError = validationErrorsOf(error);
  const generic = error instanceof AppError ? undefined : GENERIC_MESSAGES[error.code];
  return {
    ...shape,
    message: zodError ? "Invalid input" : (generic ?? shape.message),
    data: { ...shape.data, appCode: appCodeOf(error), zodError },
  };
}
