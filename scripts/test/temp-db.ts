/** A private copy of the migrated template database for one test file. */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { inject } from "vitest";
import { createDb } from "@tropical/db";
import type {} from "./provided-context.ts";

export function createTempDb() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tropical-test-"));
  const file = path.join(dir, "test.db");
  fs.copyFileSync(inject("templateDbPath"), file);
  const url = `file:${file}`;
  const db = createDb(url);
  return {
    db,
    url,
    async dispose() {
      await db.$disconnect();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
