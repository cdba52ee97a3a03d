/**
 * `npm run bench -- configurator [--data DIR] [--sessions N] [--steps K] [--seed S] [--budget NODES] [--ddnnf-ms MS] [--kconfig-ms MS] [--ddnnf-only] [--quick]`
 *
 * Per instance: compile time, representation size (BDD or d-DNNF nodes), number of valid
 * configurations, and p50/p99 of one interactive step (select a value, get every family's valid
 * values back) over N random customer sessions of K steps. Checks Automotive01's 5,000 exact
 * completion counts (ddnnife's auto1_sb_pc.csv) on the d-DNNF our compiler (ddnnf-compiler.ts)
 * builds, and again on c2d's shipped d-DNNF as a cross-check, and the Renault count; exits 1 on any
 * mismatch. The kconfig DIMACS models are tried with the BDD and with our d-DNNF compiler
 * (`--kconfig-ms` budget per model, default 60 s; `--ddnnf-ms` for Automotive01, default 600 s:
 * wall time on a shared machine).
 * Last line: one JSON object.
 */
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { compileCnf, compileDdnnf, DdnnfSpace, parseDimacs, parseRenault, parseCatalog, demoProduct } from "../src/catalog/index.js";
import { dataDir, parseArgs, percentile, printTable } from "./util.js";
import { rng, sessionsOnConfigurator } from "./config-sessions.js";

interface Row {
  instance: string;
  repr: string;
  compile_ms: number;
  nodes: number;
  count: string;
  step_p50_ms: number;
  step_p99_ms: number;
  steps: number;
  check: string;
}


function sessionsOnDdnnf(d: DdnnfSpace, sessions: number, steps: number, rnd: () => number): number[] {
  const times: number[] = [];
  for (let s = 0; s < sessions; s++) {
    const a = new Int8Array(d.numVars).fill(-1);
    let lits = d.validLiterals(a)!;
    for (let k = 0; k < steps; k++) {
      const open: number[] = [];
      for (let v = 0; v < d.numVars; v++) if (a[v] === -1 && lits.can0[v] && lits.can1[v]) open.push(v);
      if (open.length === 0) break;
      const v = open[Math.floor(rnd() * open.length)]!;
      a[v] = rnd() < 0.5 ? 0 : 1;
      const t = performance.now();
      const next = d.validLiterals(a);
      times.push(performance.now() - t);
      if (!next) throw new Error("dead end: the d-DNNF offered a value that does not extend");
      lits = next;
    }
  }
  return times;
}

/**
 * Automotive01 on a d-DNNF: the total against the largest of ddnnife's feature counts, every one
 * of the 5,000 partial configurations against its exact completion count, then interactive steps.
 */
function checkAutomotive(instance: string, repr: string, compileMs: number, d: DdnnfSpace, queries: readonly string[], maxFs: bigint, failures: string[], sessions: number, steps: number, rnd: () => number): Row {
  const total = d.count(new Int8Array(d.numVars).fill(-1));
  if (total !== maxFs) failures.push(`${instance} ${repr}: total ${total} != ${maxFs}`);
  let mismatches = 0;
  const qt = performance.now();
  for (const line of queries) {
    const [q, expected] = line.split(",");
    const a = new Int8Array(d.numVars).fill(-1);
    let contradictory = false;
    for (const tok of q!.trim().split(/\s+/)) {
      const l = Number(tok);
      const v = Math.abs(l) - 1;
      const b = l > 0 ? 1 : 0;
      if (a[v] !== -1 && a[v] !== b) contradictory = true;
      a[v] = b;
    }
    const got = contradictory ? 0n : d.count(a);
    if (got !== BigInt(expected!.trim())) {
      mismatches++;
      if (mismatches <= 5) failures.push(`${instance} ${repr} query "${q}": got ${got}, expected ${expected}`);
    }
  }
  const queryMs = performance.now() - qt;
  if (mismatches > 0) failures.push(`${instance} ${repr}: ${mismatches} of ${queries.length} completion counts wrong`);
  return row(instance, repr, compileMs, d.size, total, sessionsOnDdnnf(d, sessions, steps, rnd), `${queries.length - mismatches}/${queries.length} counts exact (${Math.round(queryMs)} ms)`);
}

function row(instance: string, repr: string, compileMs: number, nodes: number, count: bigint | string, times: number[], check: string): Row {
  const sorted = [...times].sort((a, b) => a - b);
  return { instance, repr, compile_ms: Math.round(compileMs), nodes, count: String(count), step_p50_ms: round(percentile(sorted, 50)), step_p99_ms: round(percentile(sorted, 99)), steps: times.length, check };
}

const round = (x: number): number => Math.round(x * 1000) / 1000;

export async function main(argv: string[]): Promise<number> {
  const opts = parseArgs(argv);
  const dir = join(dataDir(opts), "config");
  const sessions = Number(opts["sessions"] ?? 1000);
  const steps = Number(opts["steps"] ?? 10);
  const budget = Number(opts["budget"] ?? 3_000_000);
  const ddnnfMs = Number(opts["ddnnf-ms"] ?? 600_000);
  const kconfigMs = Number(opts["kconfig-ms"] ?? 60_000);
  const rnd = rng(Number(opts["seed"] ?? 1));
  const rows: Row[] = [];
  const failures: string[] = [];

  // 1. The demo product.
  {
    const t = performance.now();
    const p = demoProduct();
    const ms = performance.now() - t;
    const c = p.configurator;
    rows.push(row("takt-velo (demo)", "BDD", ms, c.stats.nodes, c.count(), sessionsOnConfigurator(c, sessions, steps, rnd), p.deadValues.length === 0 ? "no dead values" : `${p.deadValues.length} dead`));
  }

  // 2. Renault Mégane (111 of 113 constraints): the exact count is known (README §2).
  const ren = join(dir, "renault-megane-chocokb");
  if (existsSync(ren)) {
    const domains = readFileSync(join(ren, "domains.tsv"), "utf8");
    const rules = readdirSync(join(ren, "rules")).filter((f) => f.endsWith(".pm")).sort().map((name) => ({ name, text: readFileSync(join(ren, "rules", name), "utf8") }));
    const t = performance.now();
    const r = parseRenault({ domains, rules });
    const ms = performance.now() - t;
    const n = r.configurator.count();
    const ok = n === 7_445_949_334_016n;
    if (!ok) failures.push(`Renault count ${n} != 7445949334016`);
    rows.push(row("renault-megane (111 rules)", "BDD", ms, r.configurator.stats.nodes, n, sessionsOnConfigurator(r.configurator, sessions, steps, rnd), ok ? "count = 7445949334016 ok" : "COUNT MISMATCH"));
  }

  // 3. Automotive01: our BDD compiler within a node budget, then the c2d d-DNNF for the exact-count check.
  const a1 = join(dir, "featuremodels-automotive-softvare");
  if (existsSync(a1)) {
    const cnfText = readFileSync(join(a1, "automotive01-ddnnife", "auto1.cnf"), "utf8");
    const t = performance.now();
    if (!opts["ddnnf-only"]) {
      try {
        const r = compileCnf(parseDimacs(cnfText), { maxNodes: budget });
        rows.push(row("automotive01", "BDD", performance.now() - t, r.configurator.stats.nodes, r.configurator.count(), sessionsOnConfigurator(r.configurator, Math.min(sessions, 100), steps, rnd), "compiled"));
      } catch (e) {
        rows.push({ instance: "automotive01", repr: "BDD", compile_ms: Math.round(performance.now() - t), nodes: budget, count: "-", step_p50_ms: NaN, step_p99_ms: NaN, steps: 0, check: `gave up: ${(e as Error).message}` });
      }
    }
    // Our d-DNNF compiler on the same CNF, then c2d's shipped d-DNNF as a cross-check: both must
    // give every one of ddnnife's 5,000 exact completion counts.
    const queries = readFileSync(join(a1, "automotive01-ddnnife", "auto1_sb_pc.csv"), "utf8").split(/\r?\n/).filter((l) => l.trim());
    const fs = readFileSync(join(a1, "automotive01-ddnnife", "auto1_sb_fs.csv"), "utf8").split(/\r?\n/).filter((l) => l.trim()).map((l) => BigInt(l.split(",")[1]!));
    const maxFs = fs.reduce((m, x) => (x > m ? x : m), 0n);
    const cnf = parseDimacs(cnfText);
    const t1 = performance.now();
    try {
      const ours = compileDdnnf(cnf.numVars, cnf.clauses, { maxMs: ddnnfMs });
      const ms = performance.now() - t1;
      console.error(`automotive01 d-DNNF (ours): ${ours.stats.nodes} nodes, ${ours.stats.edges} edges, ${ours.stats.gapVars} gap vars, ${ours.stats.decisions} decisions, ${ours.stats.cacheHits} cache hits, ${Math.round(ms)} ms`);
      rows.push(checkAutomotive("automotive01", `d-DNNF (ours, ${ours.stats.edges} edges)`, ms, ours.space, queries, maxFs, failures, sessions, steps, rnd));
    } catch (e) {
      failures.push(`automotive01: our d-DNNF compiler failed: ${(e as Error).message}`);
      rows.push({ instance: "automotive01", repr: "d-DNNF (ours)", compile_ms: Math.round(performance.now() - t1), nodes: 0, count: "-", step_p50_ms: NaN, step_p99_ms: NaN, steps: 0, check: `FAILED: ${(e as Error).message}` });
    }
    const t2 = performance.now();
    const d = DdnnfSpace.parse(readFileSync(join(a1, "automotive01-ddnnife", "auto1_c2d.nnf"), "utf8"));
    rows.push(checkAutomotive("automotive01", "d-DNNF (c2d file, cross-check)", performance.now() - t2, d, queries, maxFs, failures, sessions, steps, rnd));
  }

  // 4. Smaller public DIMACS models: BDD within the budget, count only.
  const kc = join(dir, "kconfig-ecos-softvare");
  if (existsSync(kc) && !opts["quick"]) {
    const smallBudget = Math.min(budget, 1_500_000);
    for (const f of ["uClinux-distribution_Knueppel2017.dimacs", "BusyBox-1.18.0_Knueppel2017.dimacs", "Embtoolkit_Knueppel2017.dimacs", "eCos-i386pc_AlHajjaji2019.dimacs", "uClinux-base_Knueppel2017.dimacs"]) {
      if (!existsSync(join(kc, f))) continue;
      const t = performance.now();
      if (!opts["ddnnf-only"]) {
        try {
          const r = parseCatalog(readFileSync(join(kc, f), "utf8"), f, { maxNodes: smallBudget });
          rows.push(row(f.replace(/\.dimacs$/, ""), "BDD", performance.now() - t, r.configurator.stats.nodes, r.configurator.count(), sessionsOnConfigurator(r.configurator, Math.min(sessions, 100), steps, rnd), "compiled"));
        } catch (e) {
          rows.push({ instance: f.replace(/\.dimacs$/, ""), repr: "BDD", compile_ms: Math.round(performance.now() - t), nodes: smallBudget, count: "-", step_p50_ms: NaN, step_p99_ms: NaN, steps: 0, check: `gave up: ${(e as Error).message}` });
        }
      }
      const cnf = parseDimacs(readFileSync(join(kc, f), "utf8"));
      const t3 = performance.now();
      try {
        const r = compileDdnnf(cnf.numVars, cnf.clauses, { maxMs: kconfigMs });
        const ms = performance.now() - t3;
        rows.push(row(f.replace(/\.dimacs$/, ""), `d-DNNF (ours, ${r.stats.edges} edges)`, ms, r.space.size, r.space.count(new Int8Array(cnf.numVars).fill(-1)), sessionsOnDdnnf(r.space, Math.min(sessions, 100), steps, rnd), "compiled"));
      } catch (e) {
        rows.push({ instance: f.replace(/\.dimacs$/, ""), repr: "d-DNNF (ours)", compile_ms: Math.round(performance.now() - t3), nodes: 0, count: "-", step_p50_ms: NaN, step_p99_ms: NaN, steps: 0, check: `gave up: ${(e as Error).message}` });
      }
    }
  }

  printTable(
    ["instance", "repr", "compile ms", "nodes", "configurations", "step p50 ms", "step p99 ms", "steps", "check"],
    rows.map((r) => [r.instance, r.repr, r.compile_ms, r.nodes, r.count.length > 24 ? `${r.count.slice(0, 4)}…e${r.count.length - 1}` : r.count, r.step_p50_ms, r.step_p99_ms, r.steps, r.check]),
  );
  for (const f of failures) console.error(`FAIL ${f}`);
  console.log(JSON.stringify({ bench: "configurator", sessions, steps_per_session: steps, ok: failures.length === 0, failures: failures.length, instances: rows.map((r) => ({ ...r, count: r.count.length > 40 ? `${r.count.slice(0, 12)}e${r.count.length - 1}` : r.count })) }));
  return failures.length === 0 ? 0 : 1;
}
