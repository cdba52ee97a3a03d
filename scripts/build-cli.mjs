// Bundles src/cli/main.ts (and everything it imports of ours) into dist/takt.mjs with esbuild,
// npm packages left external. The `takt` command rebuilds it when any source is newer.
import { build } from "esbuild";
import { existsSync, readdirSync, renameSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));
export const BUNDLE = join(ROOT, "dist", "takt.mjs");

function newestMtime(dir) {
  let newest = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) newest = Math.max(newest, newestMtime(p));
    else if (e.name.endsWith(".ts") || e.name.endsWith(".json")) newest = Math.max(newest, statSync(p).mtimeMs);
  }
  return newest;
}

/** True when dist/takt.mjs is missing or older than a source file. */
export function cliBundleIsStale() {
  if (!existsSync(BUNDLE)) return true;
  return newestMtime(join(ROOT, "src")) > statSync(BUNDLE).mtimeMs;
}

/** Builds dist/takt.mjs (atomically: write aside, then rename, so parallel runs never see half a file). */
export async function buildCliBundle() {
  const tmp = `${BUNDLE}.${process.pid}.tmp.mjs`;
  await build({
    entryPoints: [join(ROOT, "src/cli/main.ts")],
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    outfile: tmp,
    packages: "external",
    sourcemap: "inline",
    logLevel: "warning",
  });
  renameSync(tmp, BUNDLE);
}

export async function ensureCliBundle() {
  if (cliBundleIsStale()) await buildCliBundle();
  return BUNDLE;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const t0 = Date.now();
  await buildCliBundle();
  console.log(`built ${BUNDLE} in ${Date.now() - t0} ms`);
}
