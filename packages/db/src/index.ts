export { createDb, getDb, type Db } from "./client.ts";
export { defaultDatabaseUrl } from "./env.ts";
export { Prisma } from "./generated/prisma/client.ts";
export type * from "./generated/prisma/models.ts";
