import { sql } from "kysely";
import { Migrator } from "kysely/migration";
import { afterEach, describe, expect, it } from "vitest";
import { migrationProvider } from "./migrations.js";
import { SqlExecutionRepository } from "./execution-repository.js";
import { openSqliteStore } from "./sqlite.js";
import type { SqlStore } from "./sql-store.js";

describe("migration 0004_telemetry", () => {
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

    const down = await migrator.migrateTo("0003_execution");
    expect(down.error).toBeUndefined();
    const rows = await sql<{ n: number }>`select count(*) as n from exec_telemetry`.execute(store.db);
    expect(Number(rows.rows[0]!.n)).toBe(5);
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
