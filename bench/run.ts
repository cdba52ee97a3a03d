/**
 * Benchmark runner: `npm run bench -- NAME [options]` runs bench/NAME.ts's `main(argv)`.
 * Each benchmark prints a readable table and, as its very last line, one JSON object
 * with its summary figures. Public data is read from ../shared/data unless `--data DIR`.
 */
import { readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const [name, ...rest] = process.argv.slice(2);
const available = readdirSync(here)
  .filter((f) => f.endsWith(".ts") && !["run.ts", "util.ts"].includes(f) && !f.endsWith(".test.ts"))
  .map((f) => f.replace(/\.ts$/, ""));
if (!name || !available.includes(name)) {
  console.error(`usage: npm run bench -- NAME [options]\nbenchmarks: ${available.join(", ")}`);
  process.exit(2);
}
const mod = (await import(join(here, `${name}.ts`))) as { main: (argv: string[]) => Promise<number | void> };
const code = await mod.main(rest);
process.exit(typeof code === "number" ? code : 0);
