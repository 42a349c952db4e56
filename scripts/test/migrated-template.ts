/**
 * Vitest global setup: migrates one template SQLite database with the real migrations
 * (`prisma migrate deploy`), once per run. Each test file copies it, which is far faster than
 * migrating per file and still exercises the committed migrations.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import type {} from "./provided-context.ts";

const repoRoot = path.resolve(import.meta.dirname, "../..");

let dir: string | undefined;

export default function setup(project: TestProject) {
  dir ??= fs.mkdtempSync(path.join(os.tmpdir(), "tropical-template-"));
  const templateDbPath = path.join(dir, "template.db");
  if (!fs.existsSync(templateDbPath)) {
    execFileSync(process.execPath, [path.join(repoRoot, "packages/db/scripts/prisma.mjs"), "migrate", "deploy"], {
      env: { ...process.env, DATABASE_URL: `file:${templateDbPath}` },
      stdio: "pipe",
    });
  }
  project.provide("templateDbPath", templateDbPath);
  return () => {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  };
}
