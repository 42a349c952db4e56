// One test run for the whole repository (`npm test`), split into projects by kind so each
// kind reports its own count: unit (pure packages), integration (tRPC caller), http
// (real Express app) and browser (real Chromium through the real sign-in flow).
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    reporters: ["default", "./scripts/summary-reporter.ts"],
    projects: [
      {
        test: {
          name: "unit",
          include: ["packages/{auth,refresh-link}/src/**/*.test.ts"],
        },
      },
      {
        test: {
          name: "integration",
          include: ["packages/api/src/**/*.test.ts"],
          globalSetup: ["./scripts/test/migrated-template.ts"],
        },
      },
      {
        test: {
          name: "http",
          include: ["apps/server/src/**/*.test.ts"],
          globalSetup: ["./scripts/test/migrated-template.ts"],
        },
      },
      {
        test: {
          name: "browser",
          include: ["apps/web/e2e/**/*.e2e.ts"],
          globalSetup: ["./scripts/test/migrated-template.ts", "./apps/web/e2e/global-setup.ts"],
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
