/**
 * Browser-test global setup: builds the web app once; the server under test serves it, as in
 * production.
 */
import { execFileSync } from "node:child_process";
import path from "node:path";

const repoRoot = path.resolve(import.meta.dirname, "../../..");

export default function setup() {
  execFileSync("npm", ["run", "--silent", "build", "-w", "@tropical/web"], {
    cwd: repoRoot,
    stdio: ["ignore", "ignore", "inherit"],
    // Vitest sets NODE_ENV=test, which would make Vite bundle React's development build.
    env: { ...process.env, NODE_ENV: "production", TURBO_TELEMETRY_DISABLED: "1" },
  });
}
