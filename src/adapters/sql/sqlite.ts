import BetterSqlite3 from "better-sqlite3";
import { mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { Worker } from "node:worker_threads";
import { Kysely, SqliteDialect } from "kysely";
import type { Clock } from "../../kernel/index.js";
import type { Database } from "./schema.js";
import { SqlStore } from "./sql-store.js";

export interface SqliteOptions {
  /** Folder for the database file; `:memory:` for an in-memory store. */
  readonly dataDir: string;
  /** `full` (default) fsyncs the WAL on every commit; `normal` trades the last commits on power loss for speed. */
  readonly synchronous?: "full" | "normal";
  readonly clock?: Clock;
  /** Checkpoint the WAL from a worker thread (default for a file store); false leaves it to SQLite's automatic checkpoint. */
  readonly checkpointInWorker?: boolean;
}

/** The embedded default store: one SQLite file in WAL mode under the data dir. */
export function openSqliteStore(opts: SqliteOptions): SqlStore {
  let file = ":memory:";
  if (opts.dataDir !== ":memory:") {
    mkdirSync(opts.dataDir, { recursive: true });
    file = join(opts.dataDir, "takt.db");
  }
  const raw = new BetterSqlite3(file);
  raw.pragma("journal_mode = WAL");
  raw.pragma(`synchronous = ${opts.synchronous === "normal" ? "NORMAL" : "FULL"}`);
  raw.pragma("foreign_keys = ON");
  raw.pragma("busy_timeout = 5000");
  // A file store checkpoints its WAL in a worker thread (see startCheckpointer), not inside commits.
  const checkpointer = file === ":memory:" || opts.checkpointInWorker === false ? null : startCheckpointer(file);
  if (checkpointer) raw.pragma("wal_autocheckpoint = 0");
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: cachedStatements(raw) }) });
  return new SqlStore("sqlite", db, opts.clock, checkpointer ? () => checkpointer.stop() : undefined);
}

/** The checkpointer's code: plain CommonJS run with `eval`, so it needs no build step. */
const CHECKPOINTER = `
const { parentPort, workerData: w } = require("node:worker_threads");
const { statSync } = require("node:fs");
const Database = require(w.driver);
const db = new Database(w.file);
db.pragma("busy_timeout = 5000");
let timer = null;
const walBytes = () => { try { return statSync(w.file + "-wal").size; } catch { return 0; } };
// PASSIVE never waits for the writer: it copies what it can and comes back later.
const checkpoint = () => { try { db.pragma("wal_checkpoint(PASSIVE)"); } catch (e) { parentPort.postMessage({ error: e.message }); } };
let last = 0;
const tick = () => {
  const size = walBytes();
  if (size >= w.minBytes || (size > 0 && Date.now() - last >= w.maxIntervalMs)) { checkpoint(); last = Date.now(); }
  timer = setTimeout(tick, w.pollMs);
};
tick();
parentPort.on("message", (m) => {
  if (m !== "stop") return;
  clearTimeout(timer);
  checkpoint();
  db.close();
  parentPort.postMessage({ stopped: true });
});
`;

/**
 * Checkpoints the WAL of `file` from a worker thread with its own connection, instead of
 * SQLite's automatic checkpoint, which runs inside the commit that crosses 1,000 WAL pages:
 * under a steady stream of device data that was a checkpoint (reading the WAL, writing and
 * fsyncing the database file) every commit or two on the thread that also runs the broker.
 * PASSIVE checkpoints never block the writer; a crash leaves an intact WAL that SQLite replays
 * on the next open, so durability is that of the commits themselves (synchronous=FULL).
 */
function startCheckpointer(file: string, opts: { minBytes?: number; pollMs?: number; maxIntervalMs?: number } = {}): { stop(): Promise<void> } {
  const driver = createRequire(import.meta.url).resolve("better-sqlite3");
  const worker = new Worker(CHECKPOINTER, {
    eval: true,
    workerData: { file, driver, minBytes: opts.minBytes ?? 4 * 1024 * 1024, pollMs: opts.pollMs ?? 100, maxIntervalMs: opts.maxIntervalMs ?? 5000 },
  });
  worker.unref();
  worker.on("error", () => undefined);
  let stopping: Promise<void> | null = null;
  return {
    stop() {
      stopping ??= new Promise<void>((resolve) => {
        const done = () => void worker.terminate().finally(resolve);
        const t = setTimeout(done, 5000);
        worker.once("exit", () => (clearTimeout(t), resolve()));
        worker.once("message", () => (clearTimeout(t), done()));
        worker.postMessage("stop");
      });
      return stopping;
    },
  };
}

/**
 * kysely's SQLite driver prepares every statement anew; preparing a 400-row INSERT costs
 * more than running it. This keeps the most recent prepared statements by SQL text.
 */
function cachedStatements(raw: BetterSqlite3.Database, max = 256): BetterSqlite3.Database {
  const cache = new Map<string, BetterSqlite3.Statement>();
  const prepare = (sql: string): BetterSqlite3.Statement => {
    let st = cache.get(sql);
    if (st) {
      cache.delete(sql);
    } else {
      st = raw.prepare(sql);
      if (cache.size >= max) cache.delete(cache.keys().next().value as string);
    }
    cache.set(sql, st);
    return st;
  };
  return new Proxy(raw, {
    get(target, prop, receiver) {
      if (prop === "prepare") return prepare;
      const v = Reflect.get(target, prop, receiver) as unknown;
      return typeof v === "function" ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  });
}
