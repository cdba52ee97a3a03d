import pg from "pg";
import { Kysely, PostgresDialect } from "kysely";
import type { Clock } from "../../kernel/index.js";
import type { Database } from "./schema.js";
import { SqlStore } from "./sql-store.js";

export interface PostgresOptions {
  readonly url: string;
  /** Schema to use (created if missing); lets tests and tenants share one database. */
  readonly schema?: string;
  readonly poolSize?: number;
  readonly clock?: Clock;
}

const SCHEMA_RE = /^[a-z_][a-z0-9_]{0,62}$/;

/** The production store: PostgreSQL through a pg pool. */
export async function openPostgresStore(opts: PostgresOptions): Promise<SqlStore> {
  if (opts.schema !== undefined && !SCHEMA_RE.test(opts.schema)) throw new RangeError(`invalid schema name ${opts.schema}`);
  const poolConfig: pg.PoolConfig = { connectionString: opts.url, max: opts.poolSize ?? 10, connectionTimeoutMillis: 5000 };
  if (opts.schema) {
    const admin = new pg.Client({ connectionString: opts.url, connectionTimeoutMillis: 5000 });
    await admin.connect();
    try {
      await admin.query(`create schema if not exists ${opts.schema}`);
    } finally {
      await admin.end();
    }
    poolConfig.options = `-c search_path=${opts.schema}`;
  }
  const pool = new pg.Pool(poolConfig);
  // An idle client that errors (server restart) must not crash the process; the pool replaces it.
  pool.on("error", () => undefined);
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return new SqlStore("postgres", db, opts.clock);
}

/** Drops a schema and everything in it (tests). */
export async function dropPostgresSchema(url: string, schema: string): Promise<void> {
  if (!SCHEMA_RE.test(schema)) throw new RangeError(`invalid schema name ${schema}`);
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    await c.query(`drop schema if exists ${schema} cascade`);
  } finally {
    await c.end();
  }
}
