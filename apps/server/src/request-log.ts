import type { RequestHandler } from "express";
import type { Logger } from "./logger.ts";

/**
 * One line per request: method, path, status, duration. Query strings are left out for every
 * route: OAuth callbacks carry authorization codes there, and nothing else needs them in logs.
 */
export function requestLog(logger: Logger): RequestHandler {
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    res.on("finish", () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      const pathOnly = req.originalUrl.split("?", 1)[0];
      logger.info({ method: req.method, path: pathOnly, status: res.statusCode, ms: Math.round(ms) }, "request");
    });
    next();
  };
}
