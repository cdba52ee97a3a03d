import { sql, type Kysely } from "kysely";
/** Same as migrations.ts Dialect (not imported, to keep the import graph acyclic). */
type Dialect = "sqlite" | "postgres";

/**
 * Read models of execution (migration 0003_execution): where units are, the as-built
 * records (parts with serial and lot, measured values), cycles and stops for the KPIs,
 * the telemetry series and the device dead letters. Indexed for lot → units and serial → unit.
 * Times are epoch milliseconds.
 */
export function executionMigration(dialect: Dialect): { up(db: Kysely<unknown>): Promise<void>; down(db: Kysely<unknown>): Promise<void> } {
  const autoId = dialect === "sqlite" ? sql.raw("seq integer primary key autoincrement") : sql.raw("seq bigserial primary key");
  return {
    async up(db: Kysely<unknown>) {
      await sql`create table exec_checkpoint (name text primary key, position bigint not null)`.execute(db);
      await sql`create table exec_units (
        unit text primary key, line text not null, station text, last_station text,
        first_seen_at bigint not null, completed_at bigint
      )`.execute(db);
      await sql`create table exec_visits (
        event_id text primary key, unit text not null, line text not null, station text not null,
        entered_at bigint not null, left_at bigint, ok integer not null, first_visit integer not null
      )`.execute(db);
      await sql`create index exec_visits_line_left on exec_visits (line, left_at)`.execute(db);
      await sql`create index exec_visits_unit on exec_visits (unit, station)`.execute(db);
      await sql`create table exec_parts (
        event_id text primary key, unit text not null, line text not null, station text not null,
        part_number text not null, serial text not null, lot text not null, at bigint not null
      )`.execute(db);
      await sql`create index exec_parts_lot on exec_parts (lot)`.execute(db);
      await sql`create index exec_parts_unit on exec_parts (unit)`.execute(db);
      await sql`create index exec_parts_serial on exec_parts (serial)`.execute(db);
      await sql`create table exec_measurements (
        event_id text not null, idx integer not null, unit text not null, line text not null, station text not null,
        operation text not null, name text not null, value double precision not null, uom text, ok integer not null, at bigint not null,
        primary key (event_id, idx)
      )`.execute(db);
      await sql`create index exec_measurements_unit on exec_measurements (unit)`.execute(db);
      await sql`create table exec_stops (
        event_id text primary key, line text not null, station text not null, kind text not null,
        reason text not null, unit text, from_at bigint not null, to_at bigint
      )`.execute(db);
      await sql`create index exec_stops_line on exec_stops (line, kind, to_at)`.execute(db);
      await sql`create table exec_telemetry (
        msg_key text not null, tag text not null, line text not null, station text not null, device text not null,
        vtype text not null, num_value double precision, text_value text, at bigint not null,
        primary key (msg_key, tag)
      )`.execute(db);
      await sql`create index exec_telemetry_station on exec_telemetry (line, station, at)`.execute(db);
      await sql`create table exec_dead_letters (
        ${autoId}, msg_key text unique, at bigint not null, source text not null, kind text not null,
        reason text not null, payload text not null
      )`.execute(db);
    },
    async down(db: Kysely<unknown>) {
      for (const t of ["exec_dead_letters", "exec_telemetry", "exec_stops", "exec_measurements", "exec_parts", "exec_visits", "exec_units", "exec_checkpoint"])
        await sql`drop table ${sql.table(t)}`.execute(db);
    },
  };
}

/**
 * Compact telemetry (migration 0004_telemetry). Telemetry is not a domain event; it is the
 * bulk of device traffic, so its rows must be cheap to append. A series (line, station,
 * device, tag) is stored once and samples refer to it by number; samples are appended in
 * arrival order with two indexes: (msg_key, series) unique, which makes a re-delivered message
 * a no-op, and (series, at) for the latest value of each tag. About a third of the insert cost
 * of 0003's exec_telemetry (text primary key plus a (line, station, at) index). Existing rows
 * are copied over.
 */
export function telemetryMigration(dialect: Dialect): { up(db: Kysely<unknown>): Promise<void>; down(db: Kysely<unknown>): Promise<void> } {
  const id = dialect === "sqlite" ? sql.raw("id integer primary key") : sql.raw("id bigserial primary key");
  return {
    async up(db: Kysely<unknown>) {
      await sql`create table exec_series (${id}, line text not null, station text not null, device text not null, tag text not null, unique (line, station, device, tag))`.execute(db);
      // vtype: 0 number, 1 boolean (num_value 0/1), 2 text.
      await sql`create table exec_samples (
        series bigint not null, at bigint not null, vtype smallint not null, num_value double precision, text_value text, msg_key text not null
      )`.execute(db);
      await sql`create unique index exec_samples_msg on exec_samples (msg_key, series)`.execute(db);
      await sql`create index exec_samples_series on exec_samples (series, at)`.execute(db);
      await sql`insert into exec_series (line, station, device, tag) select distinct line, station, device, tag from exec_telemetry order by line, station, device, tag`.execute(db);
      await sql`insert into exec_samples (series, at, vtype, num_value, text_value, msg_key)
        select s.id, t.at, case t.vtype when 'n' then 0 when 'b' then 1 else 2 end, t.num_value, t.text_value, t.msg_key
        from exec_telemetry t join exec_series s on s.line = t.line and s.station = t.station and s.device = t.device and s.tag = t.tag
        order by t.at`.execute(db);
      await sql`drop table exec_telemetry`.execute(db);
    },
    async down(db: Kysely<unknown>) {
      await sql`create table exec_telemetry (
        msg_key text not null, tag text not null, line text not null, station text not null, device text not null,
        vtype text not null, num_value double precision, text_value text, at bigint not null,
        primary key (msg_key, tag)
      )`.execute(db);
      await sql`create index exec_telemetry_station on exec_telemetry (line, station, at)`.execute(db);
      await sql`insert into exec_telemetry (msg_key, tag, line, station, device, vtype, num_value, text_value, at)
        select x.msg_key, s.tag, s.line, s.station, s.device, case x.vtype when 0 then 'n' when 1 then 'b' else 's' end, x.num_value, x.text_value, x.at
        from exec_samples x join exec_series s on s.id = x.series`.execute(db);
      await sql`drop table exec_samples`.execute(db);
      await sql`drop table exec_series`.execute(db);
    },
  };
}

/**
 * Latest value per series (migration 0005_telemetry_latest). The (series, at) index of 0004 served
 * only "the latest value of each tag"; with ~20,000 series every batch of samples dirtied a page of
 * it per series, which made it the largest cost of storing telemetry (and it grows with the table).
 * A narrow table now keeps each series' latest sample (time, type, value), upserted once per series
 * per batch (a later-or-equal time wins), and the index is dropped: samples are appended in arrival
 * order with only the (msg_key, series) index that makes a re-delivered message a no-op.
 */
export function telemetryLatestMigration(): { up(db: Kysely<unknown>): Promise<void>; down(db: Kysely<unknown>): Promise<void> } {
  return {
    async up(db: Kysely<unknown>) {
      await sql`create table exec_latest (
        series bigint primary key, at bigint not null, vtype smallint not null, num_value double precision, text_value text
      )`.execute(db);
      // The latest sample of each series (ties on time: the greatest msg_key), while the (series, at) index still exists.
      await sql`insert into exec_latest (series, at, vtype, num_value, text_value)
        select x.series, x.at, x.vtype, x.num_value, x.text_value from exec_samples x
        where not exists (
          select 1 from exec_samples y where y.series = x.series and (y.at > x.at or (y.at = x.at and y.msg_key > x.msg_key))
        )`.execute(db);
      await sql`drop index exec_samples_series`.execute(db);
    },
    async down(db: Kysely<unknown>) {
      await sql`create index exec_samples_series on exec_samples (series, at)`.execute(db);
      await sql`drop table exec_latest`.execute(db);
    },
  };
}
