import path from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");

/** The embedded default: a SQLite file inside prisma/ (gitignored). */
export const defaultDatabaseUrl = `file:${path.join(repoRoot, "prisma", "dev.db")}`;

const schema = z.object({
  DATABASE_URL: z
    .string()
    .regex(/^file:/, "only SQLite (file:...) URLs are supported so far")
    .default(defaultDatabaseUrl),
});

export const dbEnv = schema.parse(process.env);
