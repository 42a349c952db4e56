import type { RequestHandler } from "express";

/** Answers are per user and may carry Set-Cookie: no cache may keep them. */
export const noStore: RequestHandler = (_req, res, next) => {
  res.set("Cache-Control", "no-store");
  next();
};

/**
 * tRPC decodes the procedure path itself and fails with a 500 on malformed percent-encoding;
 * such a path names no procedure, so it is a clean 400 here, in tRPC's error shape.
 */
export const rejectUndecodablePath: RequestHandler = (req, res, next) => {
  try {
    decodeURIComponent(req.path);
    next();
  } catch {
    res.status(400).json({
      error: {
        json: {
          message: "Invalid request",
          code: -32600,
          data: { code: "BAD_REQUEST", httpStatus: 400, appCode: "INVALID_INPUT", zodError: null },
        },
      },
    });
  }
};
