/**
 * One pino logger for the server. Request logs are written by our own small middleware (see
 * request-log.ts) and never carry headers or query strings; the redact list is a second line
 * of defence should anyone log a request or response object directly.
 */
import { type Logger, pino } from "pino";
import type { ServerEnv } from "./env.ts";

export type { Logger };

export const REDACT_PATHS = [
  "req.headers.cookie",
  "req.headers.authorization",
  'res.headers["set-cookie"]',
  "headers.cookie",
  "headers.authorization",
  'headers["set-cookie"]',
];

export function createLogger(level: ServerEnv["logLevel"]): Logger {
  return pino({ level, redact: { paths: REDACT_PATHS, censor: "[redacted]" } });
}
