// Builds the web app (vite, production mode) when web/dist is missing or older than its sources.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { ROOT } from "./build-cli.mjs";

function newest(dir) {
  let n = 0;
  if (!existsSync(dir)) return n;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    n = Math.max(n, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return n;
}

export function webIsStale() {
  const index = join(ROOT, "web", "dist", "index.html");
  if (!existsSync(index)) return true;
  const built = statSync(index).mtimeMs;
  return newest(join(ROOT, "web", "src")) > built || statSync(join(ROOT, "web", "index.html")).mtimeMs > built;
}

export function buildWeb() {
  const config = join(ROOT, "web", "vite.config.ts");
  // NODE_ENV=test (set by test runners) would make vite bundle React's development build.
  const r = spawnSync(process.execPath, [join(ROOT, "node_modules", "vite", "bin", "vite.js"), "build", "--config", config, "--logLevel", "warn"], {
    stdio: "inherit",
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: "production" },
  });
  if (r.status !== 0) throw new Error(`web build failed (exit ${r.status})`);
}

export function ensureWebBuilt() {
  if (!existsSync(join(ROOT, "web", "vite.config.ts"))) return false;
  if (!webIsStale()) return false;
  buildWeb();
  return true;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const t0 = Date.now();
  buildWeb();
  console.log(`built web/dist in ${Date.now() - t0} ms`);
}
