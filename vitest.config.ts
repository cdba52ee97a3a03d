import { defineConfig } from "vitest/config";

// `npm test` runs every project: unit and contract tests, integration tests against the real
// servers, web component tests, and the end-to-end suite in Chromium (its own settings).
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "main",
          include: ["src/**/*.test.ts", "test/**/*.test.ts", "web/src/**/*.test.{ts,tsx}"],
          exclude: ["node_modules", "web/dist", "test/e2e/**"],
          testTimeout: 20_000,
          hookTimeout: 30_000,
          pool: "forks",
        },
      },
      {
        // One file at a time: each starts a server and a browser on the machine's shared cores.
        test: {
          name: "e2e",
          include: ["test/e2e/**/*.test.ts"],
          exclude: ["node_modules", "web/dist", "test/e2e/screenshots/**"],
          testTimeout: 60_000,
          hookTimeout: 180_000,
          pool: "forks",
          fileParallelism: false,
        },
      },
    ],
  },
});
