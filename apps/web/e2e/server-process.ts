/**
 * Runs the real server (`tsx apps/server/src/main.ts`) as a child process in production mode,
 * serving the built web app, with the Kakao stand-in and its own copy of the migrated database.
 * It can be stopped and started again on the same port and database.
 */
import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { inject } from "vitest";
import type {} from "../../../scripts/test/provided-context.ts";

const repoRoot = path.resolve(import.meta.dirname, "../../..");
export const E2E_JWT_SECRET = "e2e-secret-that-is-long-enough-for-hs256-signing";

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export interface ServerUnderTest {
  origin: string;
  dbUrl: string;
  start(): Promise<void>;
  stop(): Promise<void>;
  dispose(): Promise<void>;
}

export async function createServer(env: Record<string, string> = {}): Promise<ServerUnderTest> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tropical-e2e-"));
  const dbFile = path.join(dir, "e2e.db");
  fs.copyFileSync(inject("templateDbPath"), dbFile);
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const dbUrl = `file:${dbFile}`;
  let child: ChildProcess | undefined;
  let output = "";

  async function waitUntilHealthy() {
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      if (child?.exitCode !== null) throw new Error(`server exited early:\n${output}`);
      try {
        if ((await fetch(`${origin}/healthz`)).ok) return;
      } catch {
        // not listening yet
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`server did not become healthy within 30 s:\n${output}`);
  }

  const server: ServerUnderTest = {
    origin,
    dbUrl,
    async start() {
      output = "";
      child = spawn(process.execPath, ["--import", "tsx", path.join(repoRoot, "apps/server/src/main.ts")], {
        cwd: repoRoot,
        env: {
          ...process.env,
          NODE_ENV: "production",
          HOST: "127.0.0.1",
          PORT: String(port),
          APP_ORIGIN: origin,
          DATABASE_URL: dbUrl,
          JWT_KEYS: `e2e:${E2E_JWT_SECRET}`,
          COOKIE_SECURE: "false",
          KAKAO_STANDIN: "true",
          SERVE_WEB: "true",
          LOG_LEVEL: "warn",
          ...env,
        },
        stdio: ["ignore", "pipe", "pipe"],
      });
      child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
      child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
      await waitUntilHealthy();
    },
    async stop() {
      const running = child;
      child = undefined;
      if (!running || running.exitCode !== null) return;
      const exited = new Promise((resolve) => running.once("exit", resolve));
      running.kill("SIGTERM");
      const timer = setTimeout(() => running.kill("SIGKILL"), 5000);
      await exited;
      clearTimeout(timer);
    },
    async dispose() {
      await server.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
  return server;
}
