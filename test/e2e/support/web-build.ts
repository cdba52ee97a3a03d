import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { ROOT } from "./paths.js";

/** Newest modification time of a file or, recursively, of a folder's files. */
function newestMtime(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce((newest, name) => Math.max(newest, newestMtime(join(path, name))), stat.mtimeMs);
}

/** True when web/dist is missing or older than any source of the web app. */
export function webBuildIsStale(root = ROOT): boolean {
  const built = join(root, "web", "dist", "index.html");
  if (!existsSync(built)) return true;
  const sources = ["web/src", "web/index.html", "web/vite.config.ts"].map((p) => join(root, p)).filter((p) => existsSync(p));
  return Math.max(...sources.map(newestMtime)) > statSync(built).mtimeMs;
}

/** Builds the web app with Vite when it is missing or stale; throws with Vite's output when the build fails. */
export function ensureWebBuilt(root = ROOT): { built: boolean } {
  if (!webBuildIsStale(root)) return { built: false };
  const vite = join(root, "node_modules", "vite", "bin", "vite.js");
  const r = spawnSync(process.execPath, [vite, "build", "--config", "web/vite.config.ts", "--logLevel", "warn"], {
    cwd: root,
    // vitest sets NODE_ENV=test, and Vite would then bundle React's development build (twice the size).
    env: { ...process.env, NODE_ENV: "production" },
    encoding: "utf8",
    timeout: 120_000,
  });
  if (r.status !== 0) throw new Error(`web build failed (exit ${r.status ?? r.signal}):\n${r.stdout}\n${r.stderr}`);
  return { built: true };
}
