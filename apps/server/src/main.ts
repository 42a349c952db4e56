/**
 * Entry point: validate the environment, open the database, listen, shut down cleanly. It
 * applies no migrations (that is `npm run db:migrate`, a deliberate step).
 */
import { getDb } from "@tropical/db";
import { createApp } from "./app.ts";
import { EnvError, type ServerEnv, loadEnv } from "./env.ts";
import { createLogger } from "./logger.ts";

/** How long in-flight requests get to finish after SIGTERM before connections are cut. */
const SHUTDOWN_GRACE_MS = 10_000;

function readEnv(): ServerEnv {
  try {
    return loadEnv();
  } catch (error) {
    if (error instanceof EnvError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
}

const env = readEnv();
const logger = createLogger(env.logLevel);
if (env.usingDevKeys) logger.warn("JWT_KEYS is not set: signing with the built-in development key (never in production)");
if (env.kakao.standin) logger.warn("KAKAO_CLIENT_ID is not set: using the local Kakao stand-in at /kakao-standin");

const db = getDb();
const app = createApp({ env, db, logger });
const server = app.listen(env.port, env.host, (error?: Error) => {
  if (error) {
    logger.fatal({ message: error.message }, "could not listen");
    process.exit(1);
  }
  logger.info({ url: `http://${env.host}:${env.port}`, appOrigin: env.appOrigin, nodeEnv: env.nodeEnv }, "server listening");
});

let stopping = false;
function shutdown(signal: NodeJS.Signals): void {
  if (stopping) {
    // A second Ctrl-C means "now".
    process.exit(1);
  }
  stopping = true;
  logger.info({ signal }, "shutting down");
  const force = setTimeout(() => server.closeAllConnections(), SHUTDOWN_GRACE_MS);
  force.unref();
  server.close(() => {
    db.$disconnect()
      .catch((error: unknown) => logger.error({ message: error instanceof Error ? error.message : String(error) }, "db disconnect failed"))
      .finally(() => {
        logger.info("stopped");
        process.exit(0);
      });
  });
  // Keep-alive connections with no request in flight would otherwise hold close() open.
  server.closeIdleConnections();
}

process.on("SIGTERM", shutdown);
process.on("SIGINT", shutdown);
