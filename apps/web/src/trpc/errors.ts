import { endsSession } from "@tropical/auth/error-codes";
import { getAppErrorCode } from "@tropical/refresh-link";

/**
 * How the app reads a failed call. Duck-typed on `error.data` (what the server's error
 * formatter adds), so it works on whatever React Query hands us.
 */

function serverData(error: unknown): Record<string, unknown> | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  const data = (error as { data?: unknown }).data;
  return typeof data === "object" && data !== null ? (data as Record<string, unknown>) : undefined;
}

/** The tRPC code (`"UNAUTHORIZED"`, …) at `error.data.code`. */
function getTrpcCode(error: unknown): string | undefined {
  const code = serverData(error)?.["code"];
  return typeof code === "string" ? code : undefined;
}

/**
 * The session is over (or never existed): UNAUTHORIZED as left by the refresh link after its
 * refresh failed terminally, or a terminal refresh code itself.
 */
export function isAuthError(error: unknown): boolean {
  if (getTrpcCode(error) === "UNAUTHORIZED") return true;
  const appCode = getAppErrorCode(error);
  return appCode !== undefined && endsSession(appCode);
}

/**
 * The server never answered with a tRPC error: a fetch `TypeError`, an aborted connection,
 * a proxy's HTML error page. Nothing the server said, so nothing about the session.
 */
export function isNetworkError(error: unknown): boolean {
  return serverData(error) === undefined;
}

/** 4xx that a second try cannot fix (bad input, not found, forbidden…). */
export function isClientError(error: unknown): boolean {
  const httpStatus = serverData(error)?.["httpStatus"];
  return typeof httpStatus === "number" && httpStatus >= 400 && httpStatus < 500 && httpStatus !== 429;
}

/** React Query's own retries: only server hiccups. Auth errors belong to the refresh link. */
export function shouldRetry(failureCount: number, error: unknown): boolean {
  return !isAuthError(error) && !isNetworkError(error) && !isClientError(error) && failureCount < 2;
}

/** Field and form messages from a zod validation failure (`error.data.zodError`). */
export interface ValidationErrors {
  formErrors: string[];
  fieldErrors: Record<string, string[] | undefined>;
}

export function getValidationErrors(error: unknown): ValidationErrors | undefined {
  const zodError = serverData(error)?.["zodError"];
  if (typeof zodError !== "object" || zodError === null) return undefined;
  const { formErrors, fieldErrors } = zodError as Partial<ValidationErrors>;
  return { formErrors: formErrors ?? [], fieldErrors: fieldErrors ?? {} };
}

/** A sentence for a failed call that is not a validation problem. */
export function describeFailure(error: unknown): string {
  if (isNetworkError(error)) return "Can't reach Tropical right now. Check your connection and try again.";
  if (getAppErrorCode(error) === "RATE_LIMITED") return "Too many requests. Please wait a moment and try again.";
  if (getAppErrorCode(error) === "NOT_FOUND") return "That event no longer exists.";
  // The server's message for a 4xx is meant for people; a 5xx's is generic on purpose.
  if (isClientError(error) && error instanceof Error && error.message) return error.message;
  return "Something went wrong on our side. Please try again.";
}
