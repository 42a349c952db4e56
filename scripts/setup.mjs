#!/usr/bin/env node
// Makes a fresh checkout ready: installs npm dependencies when they are missing or stale,
// generates the Prisma client, applies migrations to the dev database and, with --test, makes
// sure a Chromium exists for the browser tests. Safe to run every time; fast when nothing changed.
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const forTests = process.argv.includes("--test");
const run = (command, args, options = {}) => {
  const result = spawnSync(command, args, { cwd: root, stdio: "inherit", ...options });
  if (result.status !== 0) process.exit(result.status ?? 1);
};
const say = (line) => console.log(`[setup] ${line}`);

process.env.TURBO_TELEMETRY_DISABLED = "1";

// 1. npm dependencies: npm records what it installed in node_modules/.package-lock.json.
const installed = path.join(root, "node_modules", ".package-lock.json");
const lock = path.join(root, "package-lock.json");
if (!fs.existsSync(installed) || fs.statSync(installed).mtimeMs < fs.statSync(lock).mtimeMs) {
  say("installing npm dependencies");
  run("npm", [process.env.CI ? "ci" : "install", "--no-audit", "--no-fund"]);
}

// 2. Prisma client (generated, not committed) and the dev database's migrations.
if (!fs.existsSync(path.join(root, "packages/db/src/generated/prisma/client.ts"))) {
  run("npm", ["run", "--silent", "generate", "-w", "@tropical/db"]);
}
run("npm", ["run", "--silent", "migrate:deploy", "-w", "@tropical/db"], { stdio: ["ignore", "ignore", "inherit"] });

// 3. Chromium for the browser tests.
if (forTests) {
  const candidates = [process.env.CHROMIUM_PATH, "/usr/bin/chromium", "/usr/bin/chromium-browser"].filter(Boolean);
  let chromium = candidates.find((candidate) => fs.existsSync(candidate));
  const canApt = process.getuid?.() === 0 && fs.existsSync("/usr/bin/apt-get");
  if (!chromium && canApt) {
    say("installing Debian's chromium for the browser tests");
    const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
    run("apt-get", ["update", "-qq"], { env });
    run("apt-get", ["install", "-y", "-qq", "chromium"], { env });
    chromium = "/usr/bin/chromium";
  }
  if (!chromium) {
    console.error(
      "Browser tests need Chromium: install Debian's `chromium` package (apt-get install chromium) or set CHROMIUM_PATH to a Chromium binary.",
    );
    process.exit(1);
  }
  say(`browser tests will use ${execFileSync(chromium, ["--version"], { encoding: "utf8" }).trim()}`);
}
