import { afterEach, beforeEach, describe, expect, it } from "vitest";
import mqtt from "mqtt";
import { systemClock } from "../../kernel/index.js";
import { ExecutionIngest } from "../../workflows/execution/index.js";
import { SqlExecutionRepository } from "../sql/execution-repository.js";
import { openSqliteStore } from "../sql/sqlite.js";
import type { SqlStore } from "../sql/sql-store.js";
import { EmbeddedBroker } from "./broker.js";
import { MqttIngest } from "./ingest.js";

describe("ingest through the embedded broker (aedes)", () => {
  let store: SqlStore;
  let broker: EmbeddedBroker;
  let ingest: MqttIngest;
  let repo: SqlExecutionRepository;
  beforeEach(async () => {
    store = openSqliteStore({ dataDir: ":memory:" });
    await store.migrate();
    repo = new SqlExecutionRepository(store);
    const exec = new ExecutionIngest(store, repo, [{ code: "A1", stations: ["T01", "T02"], taktMs: 90_000 }], systemClock);
    await exec.start();
    broker = await EmbeddedBroker.start({ host: "127.0.0.1", port: 0 });
    ingest = await MqttIngest.start({
      source: { kind: "embedded", broker },
      plant: { hasLine: (l) => l === "A1", hasStation: (l, s) => exec.hasStation(l, s) },
      sink: (b) => exec.apply(b),
      clock: systemClock,
    });
  });
  afterEach(async () => {
    await ingest.stop();
    await broker.close();
    await store.close();
  });

  it("acknowledges a QoS 1 message only once it is stored; a bad one is dead-lettered without stopping its neighbours", async () => {
    const dev = await mqtt.connectAsync(`mqtt://127.0.0.1:${broker.port}`, { clientId: "scanner-t01", clean: false, protocolVersion: 4 });
    const pub = (ev: string, body: unknown) => dev.publishAsync(`takt/v1/A1/T01/${ev}`, typeof body === "string" ? body : JSON.stringify(body), { qos: 1 });
    await Promise.all([
      pub("unit-entered", { id: "m1", unit: "unit_1" }),
      pub("part-installed", { id: "m2", unit: "unit_1", partNumber: "P", serial: "S1" }), // no lot
      pub("part-installed", { id: "m3", unit: "unit_1", partNumber: "P", serial: "S1", lot: "L1" }),
      pub("telemetry", "not json"),
      pub("telemetry", { id: "t1", tags: { temp: 21 } }),
    ]);
    // Every PUBACK arrived: everything must be stored already.
    expect((await store.readStream("unit_1")).map((e) => e.type)).toEqual(["unit.entered_station", "part.installed"]);
    expect((await repo.deadLetters(10)).map((d) => [d.kind, d.reason.split(";")[0]])).toEqual([
      ["malformed", "/: must have required properties lot"],
      ["malformed", "payload is not JSON: Unexpected token 'o', \"not json\" is not valid JSON"],
    ]);
    expect(await repo.countTelemetry()).toBe(1);
    expect(ingest.stats).toMatchObject({ received: 5, stored: 5, pending: 0 });
    await dev.endAsync();
  });

  it("a port already taken is a clear error naming TAKT_MQTT_PORT", async () => {
    await expect(EmbeddedBroker.start({ host: "127.0.0.1", port: broker.port })).rejects.toThrow(/TAKT_MQTT_PORT: port \d+ on 127.0.0.1 is already in use/);
  });
});

describe("a poisonous message", () => {
  it("cannot stall the stream: after retries the batch is applied one by one and the culprit dead-lettered", async () => {
    const store = openSqliteStore({ dataDir: ":memory:" });
    await store.migrate();
    const repo = new SqlExecutionRepository(store);
    const exec = new ExecutionIngest(store, repo, [{ code: "A1", stations: ["T01", "T02"], taktMs: 90_000 }], systemClock);
    await exec.start();
    const broker = await EmbeddedBroker.start({ host: "127.0.0.1", port: 0 });
    const ingest = await MqttIngest.start({
      source: { kind: "embedded", broker },
      plant: { hasLine: (l) => l === "A1", hasStation: (l, s) => exec.hasStation(l, s) },
      sink: async (b) => {
        if (b.signals.some((s) => "unit" in s && s.unit === "unit_poison")) throw new Error("boom");
        return exec.apply(b);
      },
      probe: () => store.ping(),
      clock: systemClock,
      maxDelayMs: 20,
    });
    const dev = await mqtt.connectAsync(`mqtt://127.0.0.1:${broker.port}`, { clientId: "d", protocolVersion: 4 });
    await Promise.all([
      dev.publishAsync("takt/v1/A1/T01/unit-entered", JSON.stringify({ id: "a", unit: "unit_ok" }), { qos: 1 }),
      dev.publishAsync("takt/v1/A1/T02/unit-entered", JSON.stringify({ id: "b", unit: "unit_poison" }), { qos: 1 }),
      dev.publishAsync("takt/v1/A1/T01/telemetry", JSON.stringify({ id: "c", tags: { x: 1 } }), { qos: 1 }),
    ]);
    expect((await store.readStream("unit_ok")).length).toBe(1);
    expect(await repo.countTelemetry()).toBe(1);
    expect((await repo.deadLetters(10)).map((d) => d.reason)).toEqual(["could not be applied: boom"]);
    expect(ingest.stats.storeErrors).toBe(3);
    await dev.endAsync();
    await ingest.stop();
    await broker.close();
    await store.close();
  });
});
