#!/usr/bin/env node
// `prisma migrate dev` cannot run here, and with a driver adapter `migrate diff` cannot read
// a database either (ENVIRONMENT.md). So each migration folder keeps a snapshot of the schema
// it produced, and the next migration is the datamodel diff from the newest snapshot.
// Usage: npm run db:new-migration -- <snake_case_name>
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, "../../..");
const migrationsDir = path.join(repoRoot, "prisma", "migrations");
const schemaPath = path.join(repoRoot, "prisma", "schema.prisma");
const SNAPSHOT = "schema.snapshot.prisma";

const name = process.argv[2];
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  console.error("usage: npm run db:new-migration -- <snake_case_name>");
  process.exit(2);
}

const previous = fs
  .readdirSync(migrationsDir, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort()
  .at(-1);
const from = previous
  ? ["--from-schema-datamodel", path.join(migrationsDir, previous, SNAPSHOT)]
  : ["--from-empty"];

const diff = spawnSync(
  process.execPath,
  [path.join(here, "prisma.mjs"), "migrate", "diff", ...from, "--to-schema-datamodel", schemaPath, "--script"],
  { encoding: "utf8" },
);
if (diff.status !== 0) {
  process.stderr.write(diff.stderr);
  process.exit(diff.status ?? 1);
}
if (!/\S/.test(diff.stdout.replace(/^--.*$/gm, ""))) {
  console.log("schema and migrations already agree: nothing to write");
  process.exit(0);
}
const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
const dir = path.join(migrationsDir, `${stamp}_${name}`);
fs.mkdirSync(dir, { recursive: true });
fs.writeFileSync(path.join(dir, "migration.sql"), diff.stdout);
fs.copyFileSync(schemaPath, path.join(dir, SNAPSHOT));
console.log(`wrote ${path.relative(repoRoot, dir)}/migration.sql; apply it with npm run db:migrate`);
