/**
 * `npx tsx bench/renault-profile.ts [--data DIR] [--sessions N] [--steps K] [--repeat R]`
 *
 * Quick figures for the BDD configurator on Renault Mégane: compile time (R repeats, best and
 * median), node count, exact count, and step p50/p99 (select a still-valid value, get every
 * family's valid values back) over N random sessions of K steps. Wall and CPU (user) times, as
 * the machine is shared; prints the load average.
 * Last line: one JSON object. Run with `node --cpu-prof --import tsx` to profile.
 */
import { readFileSync, readdirSync } from "node:fs";
import { loadavg } from "node:os";
import { join } from "node:path";
import { parseRenault } from "../src/catalog/index.js";
import { dataDir, median, parseArgs, percentile } from "./util.js";
import { rng, sessionsOnConfigurator } from "./config-sessions.js";

const opts = parseArgs(process.argv.slice(2));
const dir = join(dataDir(opts), "config", "renault-megane-chocokb");
const sessions = Number(opts["sessions"] ?? 1000);
const steps = Number(opts["steps"] ?? 10);
const repeat = Number(opts["repeat"] ?? 3);
const domains = readFileSync(join(dir, "domains.tsv"), "utf8");
const rules = readdirSync(join(dir, "rules")).filter((f) => f.endsWith(".pm")).sort().map((name) => ({ name, text: readFileSync(join(dir, "rules", name), "utf8") }));

const compileMs: number[] = [];
const cpuMs: number[] = [];
const cpu = (): number => process.cpuUsage().user / 1000;
const t0 = performance.now();
const c0 = cpu();
let r = parseRenault({ domains, rules });
const firstMs = performance.now() - t0;
const firstCpu = cpu() - c0;
for (let i = 0; i < repeat; i++) {
  const t = performance.now();
  const tc = cpu();
  r = parseRenault({ domains, rules });
  compileMs.push(performance.now() - t);
  cpuMs.push(cpu() - tc);
}
const c = r.configurator;
const n = c.count();
if (n !== 7_445_949_334_016n) throw new Error(`count ${n} != 7445949334016`);

const times = sessionsOnConfigurator(c, sessions, steps, rng(1));
times.sort((a, b) => a - b);
const out = {
  compile_ms_first: Math.round(firstMs),
  compile_cpu_ms_first: Math.round(firstCpu),
  compile_cpu_ms_median: Math.round(median(cpuMs)),
  compile_ms_best: Math.round(Math.min(...compileMs)),
  compile_ms_median: Math.round(median(compileMs)),
  nodes: c.stats.nodes,
  count: String(n),
  step_p50_ms: Math.round(percentile(times, 50) * 1000) / 1000,
  step_p99_ms: Math.round(percentile(times, 99) * 1000) / 1000,
  step_max_ms: Math.round(times[times.length - 1]! * 1000) / 1000,
  steps: times.length,
  load: loadavg().map((x) => Math.round(x * 100) / 100),
};
console.log(JSON.stringify(out));
