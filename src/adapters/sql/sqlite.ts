import BetterSqlite3 from "better-sqlite3";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
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
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: cachedStatements(raw) }) });
  return new SqlStore("sqlite", db, opts.clock);
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
