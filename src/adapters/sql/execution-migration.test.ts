import { sql } from "kysely";
import { Migrator } from "kysely/migration";
import { afterEach, describe, expect, it } from "vitest";
import { migrationProvider } from "./migrations.js";
import { SqlExecutionRepository } from "./execution-repository.js";
import { openSqliteStore } from "./sqlite.js";
import type { SqlStore } from "./sql-store.js";

describe("telemetry migrations (0004_telemetry, 0005_telemetry_latest)", () => {
  let store: SqlStore;
  afterEach(() => store.close());

  it("moves the telemetry of 0003 into series and samples, keeping values, types and idempotency", async () => {
    store = openSqliteStore({ dataDir: ":memory:" });
    const migrator = new Migrator({ db: store.db, provider: migrationProvider("sqlite") });
    const to3 = await migrator.migrateTo("0003_execution");
    expect(to3.error).toBeUndefined();
    await sql`insert into exec_telemetry (msg_key, tag, line, station, device, vtype, num_value, text_value, at) values
      ('m1', 'temp', 'A1', 'S1', 'plc1', 'n', 20.5, null, 1000),
      ('m2', 'temp', 'A1', 'S1', 'plc1', 'n', 21.5, null, 2000),
      ('m2', 'on', 'A1', 'S1', 'plc1', 'b', 1, null, 2000),
      ('m3', 'mode', 'A1', 'S2', 'plc2', 's', null, 'auto', 1500)`.execute(store.db);
    expect(await store.migrate()).toContain("0004_telemetry");

    const repo = new SqlExecutionRepository(store);
    expect(await repo.countTelemetry()).toBe(4);
    expect(await repo.latestTags("A1", "S1")).toEqual([
      { device: "plc1", tag: "on", value: true, at: 2000 },
      { device: "plc1", tag: "temp", value: 21.5, at: 2000 },
    ]);
    expect(await repo.latestTags("A1", "S2")).toEqual([{ device: "plc2", tag: "mode", value: "auto", at: 1500 }]);
    // A copied sample re-delivered is still a duplicate; a new one on a copied series is stored.
    const again = { msgKey: "m2", line: "A1", station: "S1", device: "plc1", tag: "temp", value: 21.5, at: 2000 };
    expect(await repo.insertTelemetry([again, { ...again, msgKey: "m4", value: 22, at: 3000 }])).toBe(1);
    expect(await repo.latestTags("A1", "S1")).toContainEqual({ device: "plc1", tag: "temp", value: 22, at: 3000 });

    // An older sample arriving late is stored but does not replace the latest value.
    expect(await repo.insertTelemetry([{ ...again, msgKey: "m0", value: 19, at: 500 }])).toBe(1);
    expect(await repo.latestTags("A1", "S1")).toContainEqual({ device: "plc1", tag: "temp", value: 22, at: 3000 });

    const down = await migrator.migrateTo("0003_execution");
    expect(down.error).toBeUndefined();
    const rows = await sql<{ n: number }>`select count(*) as n from exec_telemetry`.execute(store.db);
    expect(Number(rows.rows[0]!.n)).toBe(6);
  });

  it("0005_telemetry_latest takes each series' latest sample from 0004's samples, and goes back down", async () => {
    store = openSqliteStore({ dataDir: ":memory:" });
    const migrator = new Migrator({ db: store.db, provider: migrationProvider("sqlite") });
    expect((await migrator.migrateTo("0004_telemetry")).error).toBeUndefined();
    await sql`insert into exec_series (id, line, station, device, tag) values (1, 'A1', 'S1', 'plc', 'temp'), (2, 'A1', 'S1', 'plc', 'on'), (3, 'A1', 'S2', 'plc', 'idle')`.execute(store.db);
    await sql`insert into exec_samples (series, at, vtype, num_value, text_value, msg_key) values
      (1, 3000, 0, 23.5, null, 'm3'), (1, 1000, 0, 20, null, 'm1'), (1, 2000, 0, 21, null, 'm2'),
      (2, 1000, 1, 1, null, 'm1'), (2, 1000, 1, 0, null, 'm9')`.execute(store.db);
    expect(await store.migrate()).toContain("0005_telemetry_latest");
    const repo = new SqlExecutionRepository(store);
    // Out of order in the table, the latest by time wins; at equal times the greatest message key; a series without samples has no value.
    expect(await repo.latestTags("A1", "S1")).toEqual([
      { device: "plc", tag: "on", value: false, at: 1000 },
      { device: "plc", tag: "temp", value: 23.5, at: 3000 },
    ]);
    expect(await repo.latestTags("A1", "S2")).toEqual([]);
    // Within one batch the latest by time wins, whatever the order of arrival.
    const s = { line: "A1", station: "S2", device: "plc", tag: "idle" };
    expect(await repo.insertTelemetry([{ ...s, msgKey: "a", value: "x", at: 5000 }, { ...s, msgKey: "b", value: "y", at: 4000 }])).toBe(2);
    expect(await repo.latestTags("A1", "S2")).toEqual([{ device: "plc", tag: "idle", value: "x", at: 5000 }]);
    expect((await migrator.migrateTo("0004_telemetry")).error).toBeUndefined();
    const idx = await sql<{ name: string }>`select name from sqlite_master where type = 'index' and name = 'exec_samples_series'`.execute(store.db);
    expect(idx.rows).toHaveLength(1);
  });

  it("stores many new series of one batch at once and finds them again after a restart", async () => {
    store = openSqliteStore({ dataDir: ":memory:" });
    await store.migrate();
    const samples = Array.from({ length: 1200 }, (_, i) => ({ msgKey: `k${i}`, line: "A1", station: `S${i % 40}`, device: "d", tag: `t${i}`, value: i, at: i }));
    expect(await new SqlExecutionRepository(store).insertTelemetry(samples)).toBe(1200);
    const fresh = new SqlExecutionRepository(store);
    expect(await fresh.insertTelemetry([...samples.slice(0, 10), { ...samples[0]!, msgKey: "new", at: 5000, value: -1 }])).toBe(1);
    expect(await fresh.latestTags("A1", "S0")).toContainEqual({ device: "d", tag: "t0", value: -1, at: 5000 });
    expect(await fresh.countTelemetry()).toBe(1201);
  });
});
