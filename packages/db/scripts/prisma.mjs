#!/usr/bin/env node
// Runs the Prisma CLI from the repository root with the environment that stops it from
// downloading native engines (ENVIRONMENT.md): queries use the WASM compiler and a
// driver adapter, migrations the WASM schema engine shipped in the npm package.
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const require = createRequire(import.meta.url);
const prismaCli = require.resolve("prisma/build/index.js");

const env = {
  ...process.env,
  DATABASE_URL: process.env.DATABASE_URL ?? `file:${path.join(repoRoot, "prisma", "dev.db")}`,
  PRISMA_QUERY_ENGINE_LIBRARY: process.env.PRISMA_QUERY_ENGINE_LIBRARY ?? prismaCli,
  PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? "/bin/true",
  PRISMA_HIDE_UPDATE_MESSAGE: "1",
  CHECKPOINT_DISABLE: "1",
};

const result = spawnSync(process.execPath, [prismaCli, ...process.argv.slice(2)], {
  cwd: repoRoot,
  env,
  stdio: "inherit",
});
process.exit(result.status ?? 1);
