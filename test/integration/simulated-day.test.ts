import { afterAll, beforeAll, describe, expect, it } from "vitest";
import mqtt from "mqtt";
import { systemClock } from "../../src/kernel/index.js";
import { demoPlant, findLine } from "../../src/plant/index.js";
import { missingParts, simulateLine } from "../../src/execution/index.js";
import { ExecutionIngest, lineKpis, simStationsOf } from "../../src/workflows/execution/index.js";
import { SqlExecutionRepository } from "../../src/adapters/sql/execution-repository.js";
import { openSqliteStore } from "../../src/adapters/sql/sqlite.js";
import type { SqlStore } from "../../src/adapters/sql/sql-store.js";
import { EmbeddedBroker } from "../../src/adapters/mqtt/broker.js";
import { MqttIngest } from "../../src/adapters/mqtt/ingest.js";
import { encodeJsonSignal } from "../../src/adapters/mqtt/json-topics.js";

/** The demo line simulated at full speed through the embedded broker, checked against the simulation's truth. */
const line = findLine(demoPlant(), "A1")!;
let store: SqlStore;
let broker: EmbeddedBroker;
let ingest: MqttIngest;
let repo: SqlExecutionRepository;

beforeAll(async () => {
  store = openSqliteStore({ dataDir: ":memory:" });
  await store.migrate();
  repo = new SqlExecutionRepository(store);
  const exec = new ExecutionIngest(store, repo, [{ code: "A1", stations: line.stations.map((s) => s.code), taktMs: 90_000 }], systemClock);
  await exec.start();
  broker = await EmbeddedBroker.start({ host: "127.0.0.1", port: 0 });
  ingest = await MqttIngest.start({ source: { kind: "embedded", broker }, plant: { hasLine: (l) => l === "A1", hasStation: (l, s) => exec.hasStation(l, s) }, sink: (b) => exec.apply(b), clock: systemClock });
});
afterAll(async () => {
  await ingest.stop();
  await broker.close();
  await store.close();
});

describe("a simulated shift of demo line A1 through MQTT", () => {
  it("ends with every completed unit's genealogy complete and the OEE equal to the hand computation", async () => {
    const start = Date.parse("2026-01-05T06:00:00Z");
    const stations = simStationsOf(line);
    const sequence = Array.from({ length: 200 }, (_, i) => `unit_day-${i + 1}`);
    const { signals, truth } = simulateLine({ line: "A1", stations, taktMs: 90_000, sequence, start, durationMs: 3 * 3600_000, seed: 11, faultRate: 0.002, defectRate: 0.02, andonRate: 0.005 });
    const dev = await mqtt.connectAsync(`mqtt://127.0.0.1:${broker.port}`, { clientId: "sim", clean: true, protocolVersion: 4 });
    let inflight: Promise<unknown>[] = [];
    for (const s of signals) {
      const m = encodeJsonSignal(s);
      inflight.push(dev.publishAsync(m.topic, m.payload, { qos: 1 }));
      if (inflight.length >= 1000) {
        await Promise.all(inflight);
        inflight = [];
      }
    }
    await Promise.all(inflight); // every PUBACK: everything is stored
    await dev.endAsync();
    expect(ingest.stats).toMatchObject({ received: signals.length, stored: signals.length, rejected: 0, duplicates: 0 });
    expect(await repo.deadLetters(10)).toEqual([]);

    const expectedParts = stations.filter((s) => s.partNumber).map((s) => s.partNumber!);
    expect(truth.completed.length).toBeGreaterThan(60);
    for (const u of truth.completed) {
      const ab = (await repo.asBuilt(u))!;
      expect(missingParts(ab, expectedParts)).toEqual([]);
      expect(ab.visits.map((v) => v.station)).toEqual(line.stations.map((s) => s.code));
      expect((await repo.unit(u))!.completedAt).not.toBeNull();
    }
    // Forward genealogy: lot 0 of the battery (C02) went into the first 50 units of the sequence.
    expect((await repo.unitsOfLot("BATTERY-L0")).map((x) => x.unit).sort()).toEqual(sequence.slice(0, 50).sort());

    const k = await lineKpis(repo, { code: "A1", stations: line.stations.map((s) => s.code), taktMs: 90_000 }, { from: start, to: truth.end });
    const pbt = truth.end - start;
    const byStart = new Map<number, number>();
    for (const s of truth.stops) byStart.set(s.from, Math.max(byStart.get(s.from) ?? 0, s.to - s.from));
    const down = [...byStart.values()].reduce((a, b) => a + b, 0);
    expect(k.overall.pq).toBe(truth.completed.length);
    expect(k.overall.gq).toBe(truth.good.length);
    expect(k.overall.adotMs).toBe(down);
    expect(k.overall.availability).toBeCloseTo((pbt - down) / pbt, 12);
    expect(k.overall.effectiveness).toBeCloseTo((90_000 * truth.completed.length) / (pbt - down), 12);
    expect(k.overall.quality).toBeCloseTo(truth.good.length / truth.completed.length, 12);
    expect(k.overall.oee).toBeCloseTo((90_000 * truth.good.length) / pbt, 12);
  });
});
