import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

// The end-to-end suite only: `npm run test:e2e` (vitest run --config test/e2e/vitest.config.ts).
// One file at a time: each starts a server and a browser, and the machine's cores are shared.
export default defineConfig({
  root: fileURLToPath(new URL("../..", import.meta.url)),
  test: {
    name: "e2e",
    include: ["test/e2e/**/*.test.ts"],
    exclude: ["node_modules", "web/dist", "test/e2e/screenshots/**"],
    testTimeout: 60_000,
    // The first hook may build the web app and start the server (tsx compiles on the fly).
    hookTimeout: 180_000,
    pool: "forks",
    fileParallelism: false,
  },
});
