import { isAppErrorCode, type AppErrorCode } from "@tropical/auth/error-codes";

/**
 * Reading codes off client errors. Duck-typed rather than `instanceof TRPCClientError`, so the
 * web app can pass whatever React Query hands it (a `TRPCClientErrorLike`, a plain object
 * after serialisation) and still get the code.
 */

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}

function errorData(error: unknown): Record<string, unknown> | undefined {
  if (!isRecord(error)) return undefined;
  const data = error["data"];
  return isRecord(data) ? data : undefined;
}

/**
 * The application code the server's error formatter put at `error.data.appCode`, or
 * `undefined` when there is none or it is not in our table (a newer server, a foreign error).
 */
export function getAppErrorCode(error: unknown): AppErrorCode | undefined {
  const appCode = errorData(error)?.["appCode"];
  return isAppErrorCode(appCode) ? appCode : undefined;
}

/** The tRPC code (`"UNAUTHORIZED"`, `"BAD_REQUEST"`, …) at `error.data.code`, if any. */
export function getTrpcCode(error: unknown): string | undefined {
  const code = errorData(error)?.["code"];
  return typeof code === "string" ? code : undefined;
}
