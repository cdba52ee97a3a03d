import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ManualClock } from "../../src/kernel/index.js";
import { genealogyOf, historyOf, type Cycle, type StationSignal } from "../../src/execution/index.js";
import { ExecutionIngest, lineKpis, lineStateView, type IngestBatch } from "../../src/workflows/execution/index.js";
import { SqlExecutionRepository } from "../../src/adapters/sql/execution-repository.js";
import type { SqlStore } from "../../src/adapters/sql/sql-store.js";

/** One suite for the execution read models, run against every SQL dialect. */
type Sig = StationSignal extends infer T ? (T extends unknown ? Omit<T, "line"> : never) : never;
const layout = { code: "A1", stations: ["S1", "S2"], taktMs: 60_000 };
const batch = (signals: Sig[]): IngestBatch => ({ signals: signals.map((s) => ({ ...s, line: "A1" }) as StationSignal), telemetry: [], deadLetters: [] });
const clock = new ManualClock("2026-01-05T06:00:00Z");

export function describeExecutionContract(name: string, open: () => Promise<{ store: SqlStore; cleanup: () => Promise<void> }>): void {
  describe(`execution ingest workflow over the SQL read models (${name})`, () => {
  let store: SqlStore;
  let repo: SqlExecutionRepository;
  let ingest: ExecutionIngest;
  let cleanup: () => Promise<void>;
  beforeEach(async () => {
    ({ store, cleanup } = await open());
    await store.migrate();
    repo = new SqlExecutionRepository(store);
    ingest = new ExecutionIngest(store, repo, [layout], clock);
    await ingest.start();
  });
  afterEach(() => cleanup());

  it("tracks units, appends events once per message id, builds genealogy and answers lot → units", async () => {
    const r = await ingest.apply(
      batch([
        { kind: "unit_entered", id: "m1", station: "S1", unit: "unit_1", at: 0 },
        { kind: "part_installed", id: "m2", station: "S1", unit: "unit_1", partNumber: "BAT", serial: "B1", lot: "L7", at: 10_000 },
        { kind: "operation_done", id: "m3", station: "S1", unit: "unit_1", operation: "bolt", ok: true, values: [{ name: "torque", value: 61, uom: "N·m", min: 55, max: 65 }], at: 20_000 },
        { kind: "unit_left", id: "m4", station: "S1", unit: "unit_1", at: 50_000 },
        { kind: "unit_entered", id: "m5", station: "S2", unit: "unit_1", at: 60_000 },
        { kind: "unit_entered", id: "m6", station: "S1", unit: "unit_2", at: 60_000 },
        { kind: "part_installed", id: "m7", station: "S1", unit: "unit_2", partNumber: "BAT", serial: "B2", lot: "L7", at: 70_000 },
        { kind: "unit_left", id: "m8", station: "S2", unit: "unit_1", at: 110_000 },
        { kind: "unit_left", id: "bad", station: "S2", unit: "unit_9", at: 111_000 },
      ]),
    );
    expect(r).toMatchObject({ applied: 8, duplicates: 0, rejected: 1, deadLettered: 1 });
    const again = await ingest.apply(batch([{ kind: "unit_entered", id: "m1", station: "S1", unit: "unit_1", at: 0 }]));
    expect(again).toMatchObject({ applied: 0, duplicates: 1 });
    expect((await store.readStream("unit_1")).map((e) => e.type)).toEqual([
      "unit.entered_station",
      "part.installed",
      "operation.completed",
      "unit.left_station",
      "unit.entered_station",
      "unit.left_station",
    ]);
    expect(await repo.unit("unit_1")).toMatchObject({ completedAt: 110_000, lastStation: "S2", station: null });
    expect(await repo.unit("unit_2")).toMatchObject({ station: "S1", completedAt: null });
    const ab = await repo.asBuilt("unit_1");
    expect(ab?.parts).toEqual([{ partNumber: "BAT", serial: "B1", lot: "L7", station: "S1", at: 10_000 }]);
    expect(ab?.measurements[0]).toMatchObject({ name: "torque", value: 61, ok: true });
    expect((await repo.unitsOfLot("L7")).map((x) => x.unit)).toEqual(["unit_1", "unit_2"]);
    const dl = await repo.deadLetters(10);
    expect(dl[0]).toMatchObject({ kind: "rejected", reason: "unit unit_9 is not at station S2" });
    const view = lineStateView(ingest.line("A1")!);
    expect(view.stations.map((s) => [s.code, s.state, s.unit])).toEqual([["S1", "executing", "unit_2"], ["S2", "idle", null]]);
    const k = await lineKpis(repo, layout, { from: 0, to: 120_000 });
    expect(k.overall).toMatchObject({ pq: 1, gq: 1 });
    expect(k.overall.oee).toBeCloseTo(60 / 120, 12);
  });

  it("accepts a unit's late 'left' (after it entered the next station) as late, and the read models agree with the domain", async () => {
    // unit_1's "left S1" comes by a slower path (say OPC UA) than its "entered S2" (MQTT); unit_2 is in S1 by then.
    const sigs: Sig[] = [
      { kind: "unit_entered", id: "n1", station: "S1", unit: "unit_1", at: 0 },
      { kind: "unit_entered", id: "n2", station: "S2", unit: "unit_1", at: 60_000 },
      { kind: "unit_entered", id: "n3", station: "S1", unit: "unit_2", at: 61_000 },
      { kind: "operation_done", id: "n4", station: "S1", unit: "unit_2", operation: "bolt", ok: false, values: [] },
      { kind: "unit_left", id: "n5", station: "S1", unit: "unit_1", at: 59_000 },
      { kind: "unit_left", id: "n6", station: "S1", unit: "unit_9", at: 62_000 },
      { kind: "unit_left", id: "n7", station: "S2", unit: "unit_1", at: 110_000 },
      // unit_2's "left S1" never comes: its stay there stays open, in the domain and in SQL.
      { kind: "unit_entered", id: "n8", station: "S2", unit: "unit_2", at: 120_000 },
    ].map((x) => ({ ...x, at: x.at ?? 62_000 }) as Sig);
    const r = await ingest.apply(batch(sigs));
    expect(r).toMatchObject({ applied: 7, rejected: 1, late: 1, duplicates: 0 });
    expect(r.notes).toContain("unit unit_1 left S1 late (out of order): it had already entered S2");
    expect((await repo.deadLetters(10)).map((d) => d.reason)).toEqual(["unit unit_9 is not at station S1"]);
    const left = (await store.readStream("unit_1")).filter((e) => e.type === "unit.left_station");
    expect(left.map((e) => (e.data as { late?: boolean }).late ?? false)).toEqual([true, false]);
    // Not moved back: unit_1 completed at S2; unit_2 where it is; the same late "left" again is a duplicate.
    expect(await repo.unit("unit_1")).toMatchObject({ station: null, lastStation: "S2", completedAt: 110_000 });
    expect(await repo.unit("unit_2")).toMatchObject({ station: "S2", lastStation: "S2" });
    expect(await ingest.apply(batch([sigs[4]!]))).toMatchObject({ applied: 0, duplicates: 1, late: 0 });
    const view = lineStateView(ingest.line("A1")!);
    expect(view.lateLeaves).toBe(1);
    expect(view.stations.map((s) => [s.code, s.state, s.unit])).toEqual([["S1", "idle", null], ["S2", "executing", "unit_2"]]);
    // The SQL projection agrees with the pure domain over the accepted signals (log order).
    const accepted = batch(sigs.filter((x) => x.id !== "n6")).signals;
    const g = genealogyOf(accepted);
    for (const u of ["unit_1", "unit_2"]) expect((await repo.asBuilt(u))?.visits).toEqual(g.get(u)!.visits);
    expect((await repo.asBuilt("unit_1"))?.visits[0]).toEqual({ station: "S1", enteredAt: 0, leftAt: 59_000 });
    const byKey = (c: Cycle) => `${c.station}/${c.unit}/${c.enteredAt}`;
    const h = await repo.history("A1", { from: 0, to: 200_000 });
    expect([...h.cycles].sort((a, b) => byKey(a).localeCompare(byKey(b)))).toEqual([...historyOf(accepted).cycles].sort((a, b) => byKey(a).localeCompare(byKey(b))));
    expect(h.cycles.map(byKey).sort()).toEqual(["S1/unit_1/0", "S2/unit_1/60000"]);
  });

  it("survives a restart: tracking state and read models come back from the store", async () => {
    await ingest.apply(batch([{ kind: "unit_entered", id: "a", station: "S1", unit: "unit_1", at: 0 }, { kind: "andon_raised", id: "b", station: "S1", reason: "help", at: 1000 }]));
    const again = new ExecutionIngest(store, repo, [layout], clock);
    await again.start();
    expect(again.line("A1")!.stations["S1"]).toMatchObject({ unit: "unit_1", andon: { reason: "help" } });
    expect(await repo.andons("A1", true, 10)).toEqual([{ line: "A1", station: "S1", kind: "andon", reason: "help", unit: "unit_1", from: 1000, to: null }]);
  });

  it("checks units entering the first station against the released sequence, which survives a restart", async () => {
    await ingest.releaseSequence("A1", ["unit_1", "unit_2"]);
    await ingest.apply(batch([{ kind: "unit_entered", id: "s1", station: "S1", unit: "unit_2", at: 0 }]));
    const again = new ExecutionIngest(store, repo, [layout], clock);
    await again.start();
    expect(lineStateView(again.line("A1")!).units).toEqual([{ unit: "unit_2", station: "S1", lastStation: "S1", since: new Date(0).toISOString(), outOfSequence: true }]);
    expect(again.line("A1")!.sequence).toEqual(["unit_1", "unit_2"]);
  });

  it("stores telemetry once per message and tag", async () => {
    const t = { msgKey: "k1", line: "A1", station: "S1", device: "plc1", tag: "temp", value: 21.5, at: 5 };
    const r1 = await ingest.apply({ signals: [], telemetry: [t, { ...t, tag: "on", value: true }], deadLetters: [] });
    const r2 = await ingest.apply({ signals: [], telemetry: [t], deadLetters: [] });
    expect([r1.telemetryStored, r2.telemetryStored, r2.telemetryDuplicates]).toEqual([2, 0, 1]);
    expect(await repo.latestTags("A1", "S1")).toEqual([
      { device: "plc1", tag: "on", value: true, at: 5 },
      { device: "plc1", tag: "temp", value: 21.5, at: 5 },
    ]);
    // The latest value by time: a newer sample replaces it, an older one arriving late is stored but does not.
    const r3 = await ingest.apply({ signals: [], telemetry: [{ ...t, msgKey: "k3", value: 23, at: 9 }, { ...t, msgKey: "k4", tag: "mode", value: "auto", at: 7 }], deadLetters: [] });
    const r4 = await ingest.apply({ signals: [], telemetry: [{ ...t, msgKey: "k2", value: 22, at: 8 }], deadLetters: [] });
    expect([r3.telemetryStored, r4.telemetryStored]).toEqual([2, 1]);
    expect(await repo.countTelemetry()).toBe(5);
    expect(await repo.latestTags("A1", "S1")).toEqual([
      { device: "plc1", tag: "mode", value: "auto", at: 7 },
      { device: "plc1", tag: "on", value: true, at: 5 },
      { device: "plc1", tag: "temp", value: 23, at: 9 },
    ]);
  });
});
}
