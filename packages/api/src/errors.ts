import { TRPCError } from "@trpc/server";
import { APP_ERRORS, type AppErrorCode } from "@tropical/auth/error-codes";

/** A tRPC error that carries our application code; the error formatter puts it in `data`. */
export class AppError extends TRPCError {
  readonly appCode: AppErrorCode;

  constructor(appCode: AppErrorCode, message: string, cause?: unknown) {
    super({ code: APP_ERRORS[appCode].trpcCode, message, cause });
    this.appCode = appCode;
  }
}
