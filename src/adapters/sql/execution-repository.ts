import { CompiledQuery, sql, type Generated, type Kysely, type Transaction } from "kysely";
import { operationOk, type AsBuilt, type InstalledPart, type ProductionHistory, type StationSignal, type Window } from "../../execution/index.js";
import type { StoredEvent } from "../../workflows/ports.js";
import type { AndonRow, DeadLetter, DeadLetterRow, DeviceData, ExecutionRepository, TagValue, TelemetrySample, UnitRecord } from "../../workflows/execution/index.js";
import { signalOfEvent } from "../../workflows/execution/index.js";
import type { SqlStore } from "./sql-store.js";

type Num = number | string | bigint;
/** Tables of migrations 0003_execution, 0004_telemetry and 0005_telemetry_latest. */
interface ExecTables {
  exec_checkpoint: { name: string; position: Num };
  exec_units: { unit: string; line: string; station: string | null; last_station: string | null; first_seen_at: Num; completed_at: Num | null };
  exec_visits: { event_id: string; unit: string; line: string; station: string; entered_at: Num; left_at: Num | null; ok: number; first_visit: number };
  exec_parts: { event_id: string; unit: string; line: string; station: string; part_number: string; serial: string; lot: string; at: Num };
  exec_measurements: { event_id: string; idx: number; unit: string; line: string; station: string; operation: string; name: string; value: number; uom: string | null; ok: number; at: Num };
  exec_stops: { event_id: string; line: string; station: string; kind: string; reason: string; unit: string | null; from_at: Num; to_at: Num | null };
  exec_series: { id: Generated<Num>; line: string; station: string; device: string; tag: string };
  exec_latest: { series: Num; at: Num; vtype: number; num_value: number | null; text_value: string | null };
  exec_samples: { series: Num; at: Num; vtype: number; num_value: number | null; text_value: string | null; msg_key: string };
  exec_dead_letters: { seq: Generated<Num>; msg_key: string | null; at: Num; source: string; kind: string; reason: string; payload: string };
}
type Db = Kysely<ExecTables>;

const CHECKPOINT = "execution";
/** Telemetry rows per INSERT: 6 parameters each, well below SQLite's 32766-parameter bound (and PostgreSQL's 65535). */
const TELEMETRY_CHUNK = 1000;
/** Series per latest-value UPDATE (5 parameters each). */
const LATEST_CHUNK = 1000;
/** Series per INSERT when new tags appear (4 parameters each). */
const SERIES_CHUNK = 500;
const n = (v: Num | null): number => Number(v);
const nn = (v: Num | null): number | null => (v === null ? null : Number(v));

const samplesSqlCache = new Map<string, string>();
/** Multi-row insert of telemetry samples (6 parameters a row), duplicates (same message and series) ignored. */
function samplesSql(dialect: "sqlite" | "postgres", rows: number): string {
  const key = `${dialect}:${rows}`;
  let text = samplesSqlCache.get(key);
  if (!text) {
    const tuples: string[] = [];
    for (let r = 0; r < rows; r++) tuples.push(dialect === "postgres" ? `($${r * 6 + 1},$${r * 6 + 2},$${r * 6 + 3},$${r * 6 + 4},$${r * 6 + 5},$${r * 6 + 6})` : "(?,?,?,?,?,?)");
    text = `insert into exec_samples (series, at, vtype, num_value, text_value, msg_key) values ${tuples.join(",")} on conflict do nothing`;
    samplesSqlCache.set(key, text);
  }
  return text;
}

const latestSqlCache = new Map<string, string>();
/** Upserts each listed series' latest sample (5 parameters a row: series, at, vtype, num, text) unless it already holds a later one. */
function latestSql(dialect: "sqlite" | "postgres", rows: number): string {
  const key = `${dialect}:${rows}`;
  let text = latestSqlCache.get(key);
  if (!text) {
    const tuples: string[] = [];
    for (let r = 0; r < rows; r++) {
      const p = r * 5;
      tuples.push(dialect === "postgres" ? `($${p + 1},$${p + 2},$${p + 3},$${p + 4},$${p + 5})` : "(?,?,?,?,?)");
    }
    text =
      `insert into exec_latest (series, at, vtype, num_value, text_value) values ${tuples.join(",")} ` +
      `on conflict (series) do update set at = excluded.at, vtype = excluded.vtype, num_value = excluded.num_value, text_value = excluded.text_value where excluded.at >= exec_latest.at`;
    latestSqlCache.set(key, text);
  }
  return text;
}

const seriesKey = (line: string, station: string, device: string, tag: string): string => `${line}\u0000${station}\u0000${device}\u0000${tag}`;

/** Series created in a transaction, by seriesKey; remembered once it committed. */
type FreshSeries = Map<string, { line: string; station: string; device: string; tag: string; id: number }>;

/** Series ids by line, station, device and tag: nested maps, no key string built per sample on the hot path. */
class SeriesIds {
  private readonly m = new Map<string, Map<string, Map<string, Map<string, number>>>>();
  get(line: string, station: string, device: string, tag: string): number | undefined {
    return this.m.get(line)?.get(station)?.get(device)?.get(tag);
  }
  set(line: string, station: string, device: string, tag: string, id: number): void {
    let a = this.m.get(line);
    if (!a) this.m.set(line, (a = new Map()));
    let b = a.get(station);
    if (!b) a.set(station, (b = new Map()));
    let c = b.get(device);
    if (!c) b.set(device, (c = new Map()));
    c.set(tag, id);
  }
}

/**
 * The execution read models in SQL, over the store's kysely handle (SQLite or PostgreSQL).
 * `project` is the projection from the event log: it runs in one transaction with the
 * checkpoint, so every event is projected exactly once.
 */
export class SqlExecutionRepository implements ExecutionRepository {
  private readonly db: Db;
  constructor(private readonly store: SqlStore) {
    this.db = store.db as unknown as Db;
  }

  async checkpoint(): Promise<number> {
    const r = await this.db.selectFrom("exec_checkpoint").select("position").where("name", "=", CHECKPOINT).executeTakeFirst();
    return r ? n(r.position) : 0;
  }

  async project(events: readonly StoredEvent[], upTo: number, device?: DeviceData): Promise<number> {
    const fresh: FreshSeries = new Map();
    const inserted = await this.db.transaction().execute(async (trx) => {
      for (const e of events) {
        const s = signalOfEvent(e);
        if (s) await projectOne(trx, this.store.kind, s);
      }
      const stored = device && device.telemetry.length > 0 ? await this.insertTelemetryIn(trx, device.telemetry, fresh) : 0;
      if (device) await insertDeadLettersIn(trx, device.deadLetters);
      await trx
        .insertInto("exec_checkpoint")
        .values({ name: CHECKPOINT, position: upTo })
        .onConflict((oc) => oc.column("name").doUpdateSet({ position: upTo }))
        .execute();
      return stored;
    });
    this.remember(fresh);
    return inserted;
  }

  async insertTelemetry(samples: readonly TelemetrySample[]): Promise<number> {
    if (samples.length === 0) return 0;
    const fresh: FreshSeries = new Map();
    const inserted = await this.db.transaction().execute((trx) => this.insertTelemetryIn(trx, samples, fresh));
    // Series created in the transaction are known only once it committed.
    this.remember(fresh);
    return inserted;
  }

  /** Series id per (line, station, device, tag), loaded once; series are never deleted. */
  private series: SeriesIds | null = null;

  private remember(fresh: ReadonlyMap<string, { line: string; station: string; device: string; tag: string; id: number }>): void {
    for (const f of fresh.values()) this.series!.set(f.line, f.station, f.device, f.tag, f.id);
  }

  /** Creates the series of `first` (one sample each) that do not exist yet and puts every one's id into `fresh`. */
  private async createSeries(trx: Transaction<ExecTables>, first: readonly TelemetrySample[], fresh: FreshSeries): Promise<void> {
    const pg = this.store.kind === "postgres";
    for (let i = 0; i < first.length; i += SERIES_CHUNK) {
      const chunk = first.slice(i, i + SERIES_CHUNK);
      const params: string[] = [];
      for (const s of chunk) params.push(s.line, s.station, s.device, s.tag);
      const tuples = chunk.map((_, r) => (pg ? `($${r * 4 + 1},$${r * 4 + 2},$${r * 4 + 3},$${r * 4 + 4})` : "(?,?,?,?)")).join(",");
      await trx.executeQuery(CompiledQuery.raw(`insert into exec_series (line, station, device, tag) values ${tuples} on conflict do nothing`, params));
      const rows = await trx.executeQuery<{ id: Num; line: string; station: string; device: string; tag: string }>(
        CompiledQuery.raw(`select id, line, station, device, tag from exec_series where (line, station, device, tag) in (values ${tuples})`, params),
      );
      for (const r of rows.rows) fresh.set(seriesKey(r.line, r.station, r.device, r.tag), { line: r.line, station: r.station, device: r.device, tag: r.tag, id: n(r.id) });
    }
    for (const s of first) if (!fresh.has(seriesKey(s.line, s.station, s.device, s.tag))) throw new Error(`telemetry series ${s.line}/${s.station}/${s.device}/${s.tag} was not created`);
  }

  private async insertTelemetryIn(trx: Transaction<ExecTables>, samples: readonly TelemetrySample[], fresh: FreshSeries): Promise<number> {
    if (!this.series) {
      const all = await trx.selectFrom("exec_series").selectAll().execute();
      this.series = new SeriesIds();
      for (const r of all) this.series.set(r.line, r.station, r.device, r.tag, n(r.id));
    }
    const known = this.series;
    const ids = new Array<number>(samples.length);
    let missing: Map<string, TelemetrySample> | null = null;
    for (let i = 0; i < samples.length; i++) {
      const s = samples[i]!;
      const id = known.get(s.line, s.station, s.device, s.tag) ?? (fresh.size > 0 ? fresh.get(seriesKey(s.line, s.station, s.device, s.tag))?.id : undefined);
      if (id === undefined) (missing ??= new Map()).set(seriesKey(s.line, s.station, s.device, s.tag), s);
      else ids[i] = id;
    }
    if (missing) {
      await this.createSeries(trx, [...missing.values()], fresh);
      for (let i = 0; i < samples.length; i++) {
        if (ids[i] !== undefined) continue;
        const s = samples[i]!;
        ids[i] = fresh.get(seriesKey(s.line, s.station, s.device, s.tag))!.id;
      }
    }
    const dialect = this.store.kind;
    let inserted = 0;
    for (let i = 0; i < samples.length; i += TELEMETRY_CHUNK) {
      const end = Math.min(samples.length, i + TELEMETRY_CHUNK);
      const params: unknown[] = [];
      for (let j = i; j < end; j++) {
        const s = samples[j]!;
        const v = s.value;
        if (typeof v === "number") params.push(ids[j], s.at, 0, v, null, s.msgKey);
        else if (typeof v === "boolean") params.push(ids[j], s.at, 1, v ? 1 : 0, null, s.msgKey);
        else params.push(ids[j], s.at, 2, null, v, s.msgKey);
      }
      // Hot path: pre-built SQL text per row count (the SQLite adapter caches the prepared statement).
      const r = await trx.executeQuery(CompiledQuery.raw(samplesSql(dialect, end - i), params));
      inserted += Number(r.numAffectedRows ?? 0n);
    }
    // Each series' latest sample of the batch (a later time wins; at equal times the later one in the batch).
    const latest = new Map<number, number>();
    for (let j = 0; j < samples.length; j++) {
      const k = latest.get(ids[j]!);
      if (k === undefined || samples[j]!.at >= samples[k]!.at) latest.set(ids[j]!, j);
    }
    const rows = [...latest.values()];
    for (let i = 0; i < rows.length; i += LATEST_CHUNK) {
      const end = Math.min(rows.length, i + LATEST_CHUNK);
      const params: unknown[] = [];
      for (let r = i; r < end; r++) {
        const j = rows[r]!;
        const s = samples[j]!;
        const v = s.value;
        if (typeof v === "number") params.push(ids[j], s.at, 0, v, null);
        else if (typeof v === "boolean") params.push(ids[j], s.at, 1, v ? 1 : 0, null);
        else params.push(ids[j], s.at, 2, null, v);
      }
      await trx.executeQuery(CompiledQuery.raw(latestSql(dialect, end - i), params));
    }
    return inserted;
  }

  async insertDeadLetters(letters: readonly DeadLetter[]): Promise<void> {
    if (letters.length > 0) await insertDeadLettersIn(this.db, letters);
  }

  async deadLetters(limit: number, afterSeq = 0): Promise<DeadLetterRow[]> {
    const rows = await this.db.selectFrom("exec_dead_letters").selectAll().where("seq", ">", afterSeq).orderBy("seq").limit(limit).execute();
    return rows.map((r) => ({ seq: n(r.seq), msgKey: r.msg_key, at: n(r.at), source: r.source, kind: r.kind as DeadLetter["kind"], reason: r.reason, payload: r.payload }));
  }

  async latestDeadLetters(limit: number, beforeSeq?: number): Promise<DeadLetterRow[]> {
    let q = this.db.selectFrom("exec_dead_letters").selectAll();
    if (beforeSeq !== undefined) q = q.where("seq", "<", beforeSeq);
    const rows = await q.orderBy("seq", "desc").limit(limit).execute();
    return rows.map((r) => ({ seq: n(r.seq), msgKey: r.msg_key, at: n(r.at), source: r.source, kind: r.kind as DeadLetter["kind"], reason: r.reason, payload: r.payload }));
  }

  async countTelemetry(): Promise<number> {
    const r = await this.db.selectFrom("exec_samples").select((eb) => eb.fn.countAll().as("c")).executeTakeFirst();
    return Number(r?.c ?? 0);
  }

  async latestTags(line: string, station: string): Promise<TagValue[]> {
    const rows = await this.db
      .selectFrom("exec_series as s")
      .innerJoin("exec_latest as l", "l.series", "s.id")
      .select(["s.device", "s.tag", "l.vtype", "l.num_value", "l.text_value", "l.at"])
      .where("s.line", "=", line)
      .where("s.station", "=", station)
      .orderBy("s.device")
      .orderBy("s.tag")
      .execute();
    return rows.map((r) => {
      const vtype = Number(r.vtype);
      const value = vtype === 2 ? (r.text_value ?? "") : vtype === 1 ? Number(r.num_value) !== 0 : Number(r.num_value);
      return { device: r.device, tag: r.tag, value, at: n(r.at) };
    });
  }

  async unit(unit: string): Promise<UnitRecord | undefined> {
    const r = await this.db.selectFrom("exec_units").selectAll().where("unit", "=", unit).executeTakeFirst();
    return r ? { unit: r.unit, line: r.line, station: r.station, lastStation: r.last_station, firstSeenAt: n(r.first_seen_at), completedAt: nn(r.completed_at) } : undefined;
  }

  async asBuilt(unit: string): Promise<AsBuilt | undefined> {
    const u = await this.db.selectFrom("exec_units").select(["line"]).where("unit", "=", unit).executeTakeFirst();
    if (!u) return undefined;
    const [parts, ms, visits] = await Promise.all([
      this.db.selectFrom("exec_parts").selectAll().where("unit", "=", unit).orderBy("at").orderBy("event_id").execute(),
      this.db.selectFrom("exec_measurements").selectAll().where("unit", "=", unit).orderBy("at").orderBy("event_id").orderBy("idx").execute(),
      this.db.selectFrom("exec_visits").selectAll().where("unit", "=", unit).orderBy("entered_at").execute(),
    ]);
    const failedOps = new Set(ms.filter((m) => !m.ok).map((m) => m.event_id));
    const failedVisits = visits.filter((v) => !v.ok).length;
    return {
      unit,
      line: u.line,
      parts: parts.map(toPart),
      measurements: ms.map((m) => ({ operation: m.operation, name: m.name, value: Number(m.value), uom: m.uom, ok: !!m.ok, station: m.station, at: n(m.at) })),
      visits: visits.map((v) => ({ station: v.station, enteredAt: n(v.entered_at), leftAt: nn(v.left_at) })),
      failedOperations: Math.max(failedOps.size, failedVisits),
    };
  }

  async unitsOfLot(lot: string): Promise<{ unit: string; parts: InstalledPart[] }[]> {
    const rows = await this.db.selectFrom("exec_parts").selectAll().where("lot", "=", lot).orderBy("unit").orderBy("at").execute();
    const by = new Map<string, InstalledPart[]>();
    for (const r of rows) {
      const list = by.get(r.unit) ?? [];
      list.push(toPart(r));
      by.set(r.unit, list);
    }
    return [...by].map(([unit, parts]) => ({ unit, parts }));
  }

  async andons(line: string, openOnly: boolean, limit: number): Promise<AndonRow[]> {
    let q = this.db.selectFrom("exec_stops").selectAll().where("line", "=", line);
    if (openOnly) q = q.where("to_at", "is", null);
    const rows = await q.orderBy("from_at", "desc").limit(limit).execute();
    return rows.map((r) => ({ line: r.line, station: r.station, kind: r.kind as "andon" | "fault", reason: r.reason, unit: r.unit, from: n(r.from_at), to: nn(r.to_at) }));
  }

  async history(line: string, w: Window): Promise<ProductionHistory> {
    // Cycles ending in the window, plus every cycle of the units that left the line in it (for line quality).
    const rows = await sql<ExecTables["exec_visits"]>`
      select * from exec_visits where line = ${line} and left_at is not null and (
        (left_at >= ${w.from} and left_at < ${w.to})
        or unit in (select unit from exec_units where line = ${line} and completed_at >= ${w.from} and completed_at < ${w.to}))`.execute(this.db);
    const stops = await this.db
      .selectFrom("exec_stops")
      .selectAll()
      .where("line", "=", line)
      .where("from_at", "<", w.to)
      .where((eb) => eb.or([eb("to_at", "is", null), eb("to_at", ">", w.from)]))
      .execute();
    return {
      cycles: rows.rows.map((v) => ({ station: v.station, unit: v.unit, enteredAt: n(v.entered_at), leftAt: n(v.left_at), ok: !!v.ok, firstVisit: !!v.first_visit })),
      stops: stops.map((s) => ({ station: s.station, kind: s.kind as "andon" | "fault", from: n(s.from_at), to: nn(s.to_at) })),
    };
  }
}

async function insertDeadLettersIn(db: Db | Transaction<ExecTables>, letters: readonly DeadLetter[]): Promise<void> {
  if (letters.length === 0) return;
  await db
    .insertInto("exec_dead_letters")
    .values(letters.map((d) => ({ msg_key: d.msgKey, at: d.at, source: d.source.slice(0, 512), kind: d.kind, reason: d.reason.slice(0, 1000), payload: d.payload.slice(0, 4096) })))
    .onConflict((oc) => oc.column("msg_key").doNothing())
    .execute();
}

function toPart(r: ExecTables["exec_parts"]): InstalledPart {
  return { partNumber: r.part_number, serial: r.serial, lot: r.lot, station: r.station, at: n(r.at) };
}

const rawSqlCache = new Map<string, string>();
/** Runs SQL written with `?` placeholders (numbered `$n` on PostgreSQL). */
async function raw<R>(trx: Transaction<ExecTables>, dialect: "sqlite" | "postgres", text: string, params: readonly unknown[]): Promise<R[]> {
  let q = text;
  if (dialect === "postgres") {
    q = rawSqlCache.get(text) ?? "";
    if (!q) {
      let i = 0;
      q = text.replace(/\?/g, () => `$${++i}`);
      rawSqlCache.set(text, q);
    }
  }
  return (await trx.executeQuery<R>(CompiledQuery.raw(q, [...params]))).rows;
}

async function projectOne(trx: Transaction<ExecTables>, dialect: "sqlite" | "postgres", s: StationSignal & { completed?: boolean; late?: boolean }): Promise<void> {
  switch (s.kind) {
    // Unit movements are most of the station events: pre-built SQL (kysely's builder costs more than these statements).
    case "unit_entered": {
      const prior = await raw<{ event_id: string }>(trx, dialect, "select event_id from exec_visits where unit = ? and station = ? limit 1", [s.unit, s.station]);
      await raw(trx, dialect, "insert into exec_visits (event_id, unit, line, station, entered_at, left_at, ok, first_visit) values (?, ?, ?, ?, ?, null, 1, ?) on conflict (event_id) do nothing", [
        s.id,
        s.unit,
        s.line,
        s.station,
        s.at,
        prior.length > 0 ? 0 : 1,
      ]);
      // A stay still open at another station lost its "left" at the edge, or the "left" comes late by another
      // path: the stay stays open (as in the domain's genealogy), counts as a cycle only once its "left" comes.
      await raw(
        trx,
        dialect,
        "insert into exec_units (unit, line, station, last_station, first_seen_at, completed_at) values (?, ?, ?, ?, ?, null) on conflict (unit) do update set station = ?, last_station = ?",
        [s.unit, s.line, s.station, s.station, s.at, s.station, s.station],
      );
      return;
    }
    case "unit_left":
      // Ends the unit's last open stay at the station (as the domain's genealogy does), on time or late.
      await raw(
        trx,
        dialect,
        "update exec_visits set left_at = ? where event_id = (select event_id from exec_visits where unit = ? and station = ? and left_at is null order by entered_at desc, event_id desc limit 1)",
        [s.at, s.unit, s.station],
      );
      // A late "left" (the unit is already in the next station): its time only, the unit stays where it is.
      if (s.late) return;
      if (s.completed) await raw(trx, dialect, "update exec_units set station = null, last_station = ?, completed_at = ? where unit = ?", [s.station, s.at, s.unit]);
      else await raw(trx, dialect, "update exec_units set station = null, last_station = ? where unit = ?", [s.station, s.unit]);
      return;
    case "operation_done": {
      if (s.values.length > 0)
        await trx
          .insertInto("exec_measurements")
          .values(
            s.values.map((m, idx) => ({
              event_id: s.id,
              idx,
              unit: s.unit,
              line: s.line,
              station: s.station,
              operation: s.operation,
              name: m.name,
              value: m.value,
              uom: m.uom ?? null,
              ok: s.ok && (m.min === undefined || m.value >= m.min) && (m.max === undefined || m.value <= m.max) ? 1 : 0,
              at: s.at,
            })),
          )
          .onConflict((oc) => oc.columns(["event_id", "idx"]).doNothing())
          .execute();
      if (!operationOk(s)) {
        const last = await trx.selectFrom("exec_visits").select("event_id").where("unit", "=", s.unit).where("station", "=", s.station).orderBy("entered_at", "desc").limit(1).executeTakeFirst();
        if (last) await trx.updateTable("exec_visits").set({ ok: 0 }).where("event_id", "=", last.event_id).execute();
      }
      return;
    }
    case "part_installed":
      await trx
        .insertInto("exec_parts")
        .values({ event_id: s.id, unit: s.unit, line: s.line, station: s.station, part_number: s.partNumber, serial: s.serial, lot: s.lot, at: s.at })
        .onConflict((oc) => oc.column("event_id").doNothing())
        .execute();
      return;
    case "andon_raised":
    case "fault_raised":
      await trx
        .insertInto("exec_stops")
        .values({
          event_id: s.id,
          line: s.line,
          station: s.station,
          kind: s.kind === "andon_raised" ? "andon" : "fault",
          reason: s.kind === "andon_raised" ? s.reason : `${s.code}${s.text ? `: ${s.text}` : ""}`,
          unit: s.kind === "andon_raised" ? (s.unit ?? null) : null,
          from_at: s.at,
          to_at: null,
        })
        .onConflict((oc) => oc.column("event_id").doNothing())
        .execute();
      return;
    case "andon_cleared":
    case "fault_cleared":
      await trx
        .updateTable("exec_stops")
        .set({ to_at: s.at })
        .where("line", "=", s.line)
        .where("station", "=", s.station)
        .where("kind", "=", s.kind === "andon_cleared" ? "andon" : "fault")
        .where("to_at", "is", null)
        .execute();
      return;
    case "state_reported":
      return;
  }
}
