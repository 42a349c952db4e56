import { TRPCError } from "@trpc/server";
import { expect } from "vitest";
import { AppError } from "../errors.ts";

/** The tRPC code and application code a call failed with; fails the test if the call succeeded. */
export async function failure(call: Promise<unknown>): Promise<{ code: string; appCode: string | undefined }> {
  try {
    await call;
  } catch (error) {
    expect(error).toBeInstanceOf(TRPCError);
    const trpcError = error as TRPCError;
    return { code: trpcError.code, appCode: error instanceof AppError ? error.appCode : undefined };
  }
  throw new Error("expected the call to fail");
}
