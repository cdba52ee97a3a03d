import { sql, type Kysely } from "kysely";
import type { Migration, MigrationProvider } from "kysely/migration";
import { executionMigration, telemetryLatestMigration, telemetryMigration } from "./execution-migration.js";

export type Dialect = "sqlite" | "postgres";

/**
 * Versioned migrations, applied in name order at start and by `takt migrate`.
 * Names are `NNNN_what`; never edit one that has shipped, add the next.
 * One definition serves both dialects; where they differ the dialect is passed in.
 */
function migrationsFor(dialect: Dialect): Record<string, Migration> {
  const autoId = (t: "position" | "outbox_id") =>
    dialect === "sqlite" ? sql.raw(`${t} integer primary key autoincrement`) : sql.raw(`${t} bigserial primary key`);
  return {
    "0001_event_log": {
      async up(db: Kysely<unknown>) {
        await sql`create table events (
          ${autoId("position")},
          id text not null unique,
          stream text not null,
          version integer not null,
          type text not null,
          source text not null,
          subject text not null,
          time text not null,
          data text not null,
          unique (stream, version)
        )`.execute(db);
        await sql`create index events_type on events (type)`.execute(db);
        await sql`create table outbox (
          ${autoId("outbox_id")},
          event_position bigint not null references events (position),
          created_at text not null,
          published_at text,
          attempts integer not null default 0,
          lease_until bigint not null default 0,
          last_error text
        )`.execute(db);
        await sql`create index outbox_pending on outbox (published_at, outbox_id)`.execute(db);
        await sql`create table processed_events (
          consumer text not null,
          event_id text not null,
          processed_at text not null,
          primary key (consumer, event_id)
        )`.execute(db);
      },
      async down(db: Kysely<unknown>) {
        await sql`drop table processed_events`.execute(db);
        await sql`drop table outbox`.execute(db);
        await sql`drop table events`.execute(db);
      },
    },
    "0002_documents_and_tokens": {
      async up(db: Kysely<unknown>) {
        await sql`create table documents (
          collection text not null,
          id text not null,
          version integer not null,
          owner_id text,
          body text not null,
          updated_at text not null,
          primary key (collection, id)
        )`.execute(db);
        await sql`create index documents_owner on documents (collection, owner_id)`.execute(db);
        await sql`create table api_tokens (
          id text primary key,
          secret_hash text not null,
          role text not null,
          customer_id text,
          name text not null,
          created_at text not null,
          revoked_at text
        )`.execute(db);
      },
      async down(db: Kysely<unknown>) {
        await sql`drop table api_tokens`.execute(db);
        await sql`drop table documents`.execute(db);
      },
    },
    "0003_execution": executionMigration(dialect),
    "0004_telemetry": telemetryMigration(dialect),
    "0005_telemetry_latest": telemetryLatestMigration(),
  };
}

export function migrationProvider(dialect: Dialect): MigrationProvider {
  return { getMigrations: async () => migrationsFor(dialect) };
}
