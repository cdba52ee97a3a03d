// `npm start`: builds what is missing or stale (the web app, the CLI bundle), then runs `takt serve`
// on the embedded defaults (SQLite under ./.takt, in-process bus): no servers to set up.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { ROOT, ensureCliBundle } from "./build-cli.mjs";

function newest(dir) {
  let n = 0;
  if (!existsSync(dir)) return n;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    n = Math.max(n, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return n;
}

const webConfig = join(ROOT, "web", "vite.config.ts");
const webIndex = join(ROOT, "web", "dist", "index.html");
if (existsSync(webConfig)) {
  const stale = !existsSync(webIndex) || newest(join(ROOT, "web", "src")) > statSync(webIndex).mtimeMs || statSync(join(ROOT, "web", "index.html")).mtimeMs > statSync(webIndex).mtimeMs;
  if (stale) {
    console.log("building the web app (vite)…");
    const r = spawnSync(process.execPath, [join(ROOT, "node_modules", "vite", "bin", "vite.js"), "build", "--config", webConfig, "--logLevel", "warn"], { stdio: "inherit", cwd: ROOT, env: { ...process.env, NODE_ENV: "production" } });
    if (r.status !== 0) process.exit(r.status ?? 1);
  }
}
const bundle = await ensureCliBundle();
process.setSourceMapsEnabled(true);
const { main } = await import(pathToFileURL(bundle).href);
await main([process.argv[0], "takt", "serve", ...process.argv.slice(2)]);
