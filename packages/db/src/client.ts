import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaClient } from "./generated/prisma/client.ts";
import { dbEnv } from "./env.ts";

export type Db = PrismaClient;

/** A new client for the given database URL (tests use one per temporary database). */
export function createDb(url: string = dbEnv.DATABASE_URL): Db {
  // WAL lets readers proceed while a writer holds the lock; the busy timeout makes
  // concurrent writers wait instead of failing with "database is locked".
  const adapter = new PrismaBetterSQLite3({ url, timeout: 5000 });
  return new PrismaClient({ adapter });
}

// One client per process, kept on globalThis so hot reload does not open a new one each time.
const globalForDb = globalThis as unknown as { tropicalDb?: Db };

export function getDb(): Db {
  globalForDb.tropicalDb ??= createDb();
  return globalForDb.tropicalDb;
}
