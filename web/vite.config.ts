import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";
import { fileURLToPath } from "node:url";

const webRoot = fileURLToPath(new URL(".", import.meta.url));

// The dev server proxies the API to a running `takt serve` (TAKT_API_URL, default port 3000),
// so `vite --config web/vite.config.ts` works against the real server.
const api = process.env.TAKT_API_URL ?? "http://127.0.0.1:3000";

export default defineConfig({
  root: webRoot,
  base: "/",
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL("./dist", import.meta.url)),
    emptyOutDir: true,
    target: "es2022",
    // Initial JS budget is 300 kB gzipped overall (issue 7); warn well before that.
    chunkSizeWarningLimit: 250,
  },
  server: { proxy: { "/api": api, "/docs": api, "/openapi.json": api } },
});
