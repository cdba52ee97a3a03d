/**
 * Event-log append throughput and latency on SQLite and PostgreSQL, single and batched.
 *   npm run bench -- eventlog [--seconds S] [--batch N] [--pg URL] [--no-pg]
 * Each figure is the median of 3 timed runs. The ceiling is the same rows inserted raw
 * (one multi-row INSERT per batch, no version check, no outbox) through the same driver,
 * measured in the same run, so the ratio shows what the log's guarantees cost.
 */
import BetterSqlite3 from "better-sqlite3";
import pg from "pg";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openSqliteStore } from "../src/adapters/sql/sqlite.js";
import { dropPostgresSchema, openPostgresStore } from "../src/adapters/sql/postgres.js";
import type { NewEvent } from "../src/kernel/index.js";
import type { Store } from "../src/workflows/ports.js";
import { median, parseArgs, percentile, printTable } from "./util.js";

interface Run {
  eventsPerSec: number;
  p50ms: number;
  p99ms: number;
}

const payload = { station: "T07", torque: 42.1, unit: "unit_01j9", operator: "op-17", ok: true };
const newEvents = (n: number, stream: string): NewEvent[] =>
  Array.from({ length: n }, () => ({ type: "unit.left_station", source: "/lines/a1/T07", subject: stream, stream, data: payload }));

async function measure(seconds: number, batch: number, appendOnce: (i: number) => Promise<void>): Promise<Run> {
  const lat: number[] = [];
  let events = 0;
  const t0 = performance.now();
  let i = 0;
  while (performance.now() - t0 < seconds * 1000) {
    const s = performance.now();
    await appendOnce(i++);
    lat.push(performance.now() - s);
    events += batch;
  }
  const el = (performance.now() - t0) / 1000;
  lat.sort((a, b) => a - b);
  return { eventsPerSec: events / el, p50ms: percentile(lat, 50), p99ms: percentile(lat, 99) };
}

async function medianRun(repeats: number, f: () => Promise<Run>): Promise<Run> {
  const runs: Run[] = [];
  for (let r = 0; r < repeats; r++) runs.push(await f());
  return { eventsPerSec: median(runs.map((x) => x.eventsPerSec)), p50ms: median(runs.map((x) => x.p50ms)), p99ms: median(runs.map((x) => x.p99ms)) };
}

async function storeRuns(store: Store, seconds: number, batch: number, tag: string): Promise<{ single: Run; batched: Run }> {
  await store.migrate();
  let k = 0;
  const single = await medianRun(3, () => measure(seconds, 1, async (i) => void (await store.transaction((tx) => tx.append(`unit_${tag}s${k}_${i}`, "none", newEvents(1, `unit_${tag}s${k}_${i}`))))).then((r) => (k++, r)));
  const batched = await medianRun(3, () => measure(seconds, batch, async (i) => void (await store.transaction((tx) => tx.append(`unit_${tag}b${k}_${i}`, "none", newEvents(batch, `unit_${tag}b${k}_${i}`))))).then((r) => (k++, r)));
  return { single, batched };
}

function rawRow(i: number, j: number): unknown[] {
  return [`evt_raw_${i}_${j}_${Math.random()}`, `s${i}`, j + 1, "unit.left_station", "/lines/a1/T07", `s${i}`, new Date().toISOString(), JSON.stringify(payload)];
}

async function sqliteCeiling(dir: string, seconds: number, batch: number, sync: "FULL" | "NORMAL"): Promise<Run> {
  const db = new BetterSqlite3(join(dir, `raw-${sync}.db`));
  db.pragma("journal_mode = WAL");
  db.pragma(`synchronous = ${sync}`);
  db.exec("create table if not exists ev (id text primary key, stream text, version int, type text, source text, subject text, time text, data text)");
  const ph = "(?,?,?,?,?,?,?,?)";
  const stmt = db.prepare(`insert into ev values ${Array(batch).fill(ph).join(",")}`);
  const tx = db.transaction((i: number) => stmt.run(...Array.from({ length: batch }, (_, j) => rawRow(i, j)).flat()));
  const r = await medianRun(3, () => measure(seconds, batch, async (i) => void tx(i)));
  db.close();
  return r;
}

async function pgCeiling(url: string, schema: string, seconds: number, batch: number): Promise<Run> {
  const c = new pg.Client({ connectionString: url, options: `-c search_path=${schema}` });
  await c.connect();
  await c.query("create table if not exists ev (id text primary key, stream text, version int, type text, source text, subject text, time text, data text)");
  const values = Array.from({ length: batch }, (_, j) => `(${Array.from({ length: 8 }, (_, k) => `$${j * 8 + k + 1}`).join(",")})`).join(",");
  const r = await medianRun(3, () =>
    measure(seconds, batch, async (i) => {
      await c.query("begin");
      await c.query(`insert into ev values ${values}`, Array.from({ length: batch }, (_, j) => rawRow(i, j)).flat());
      await c.query("commit");
    }),
  );
  await c.end();
  return r;
}

export async function main(argv: string[]): Promise<number> {
  const o = parseArgs(argv);
  const seconds = Number(o["seconds"] ?? 2);
  const batch = Number(o["batch"] ?? 100);
  const pgUrl = typeof o["pg"] === "string" ? o["pg"] : (process.env["TAKT_DATABASE_URL"] ?? "postgres://postgres@127.0.0.1:5432/test");
  const rows: (string | number)[][] = [];
  const summary: Record<string, number | string> = { bench: "eventlog", batch };
  const dir = mkdtempSync(join(tmpdir(), "takt-bench-"));
  try {
    for (const sync of ["full", "normal"] as const) {
      const store = openSqliteStore({ dataDir: join(dir, sync), synchronous: sync });
      const { single, batched } = await storeRuns(store, seconds, batch, sync[0]!);
      await store.close();
      const ceiling = await sqliteCeiling(dir, seconds, batch, sync === "full" ? "FULL" : "NORMAL");
      rows.push([`sqlite (sync=${sync})`, "single", single.eventsPerSec, single.p50ms, single.p99ms, "", ""]);
      rows.push([`sqlite (sync=${sync})`, `batch ${batch}`, batched.eventsPerSec, batched.p50ms, batched.p99ms, ceiling.eventsPerSec, batched.eventsPerSec / ceiling.eventsPerSec]);
      summary[`sqlite_${sync}_single_per_s`] = Math.round(single.eventsPerSec);
      summary[`sqlite_${sync}_single_p99_ms`] = +single.p99ms.toFixed(3);
      summary[`sqlite_${sync}_batched_per_s`] = Math.round(batched.eventsPerSec);
      summary[`sqlite_${sync}_batched_p99_ms`] = +batched.p99ms.toFixed(3);
      summary[`sqlite_${sync}_ratio_to_raw`] = +(batched.eventsPerSec / ceiling.eventsPerSec).toFixed(3);
    }
    summary["sqlite_target_ratio"] = +((summary["sqlite_full_batched_per_s"] as number) / 20_000).toFixed(2);
    if (!o["no-pg"]) {
      const schema = `takt_bench_${process.pid}`;
      try {
        const store = await openPostgresStore({ url: pgUrl, schema });
        const { single, batched } = await storeRuns(store, seconds, batch, "p");
        await store.close();
        const ceiling = await pgCeiling(pgUrl, schema, seconds, batch);
        rows.push(["postgres", "single", single.eventsPerSec, single.p50ms, single.p99ms, "", ""]);
        rows.push(["postgres", `batch ${batch}`, batched.eventsPerSec, batched.p50ms, batched.p99ms, ceiling.eventsPerSec, batched.eventsPerSec / ceiling.eventsPerSec]);
        summary["postgres_single_per_s"] = Math.round(single.eventsPerSec);
        summary["postgres_single_p99_ms"] = +single.p99ms.toFixed(3);
        summary["postgres_batched_per_s"] = Math.round(batched.eventsPerSec);
        summary["postgres_batched_p99_ms"] = +batched.p99ms.toFixed(3);
        summary["postgres_ratio_to_raw"] = +(batched.eventsPerSec / ceiling.eventsPerSec).toFixed(3);
      } catch (e) {
        console.error(`postgres skipped: ${e instanceof Error ? e.message : e}`);
      } finally {
        await dropPostgresSchema(pgUrl, schema).catch(() => undefined);
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(`event log appends, ${seconds} s per run, median of 3 runs; ceiling = raw multi-row INSERT, same driver, same run`);
  printTable(["store", "mode", "events/s", "p50 ms", "p99 ms", "raw events/s", "ratio"], rows);
  console.log(`target: >= 20000 events/s batched on SQLite (sync=full): ${summary["sqlite_full_batched_per_s"]} → ratio ${summary["sqlite_target_ratio"]}`);
  console.log(JSON.stringify(summary));
  return 0;
}
