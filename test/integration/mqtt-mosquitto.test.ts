import { afterAll, beforeAll, describe, expect, it } from "vitest";
import mqtt, { type MqttClient } from "mqtt";
import { systemClock } from "../../src/kernel/index.js";
import { ExecutionIngest, type IngestBatch } from "../../src/workflows/execution/index.js";
import { SqlExecutionRepository } from "../../src/adapters/sql/execution-repository.js";
import { openSqliteStore } from "../../src/adapters/sql/sqlite.js";
import type { SqlStore } from "../../src/adapters/sql/sql-store.js";
import { MqttIngest } from "../../src/adapters/mqtt/ingest.js";
import { decodeSparkplug, encodeSparkplug } from "../../src/adapters/mqtt/sparkplug-codec.js";
import { MQTT_URL, uniqueName } from "./env.js";

/** Against the real Mosquitto: Takt ingests as a client with a persistent QoS 1 session. */
const LINE = uniqueName("L").replace(/_/g, "-");
const STATIONS = ["T01", "T02", "C04"];
let store: SqlStore;
let repo: SqlExecutionRepository;

async function platform(clientId: string, slow = 0): Promise<{ ingest: MqttIngest; exec: ExecutionIngest }> {
  const exec = new ExecutionIngest(store, repo, [{ code: LINE, stations: STATIONS, taktMs: 90_000 }], systemClock);
  await exec.start();
  const sink = async (b: IngestBatch) => {
    if (slow) await new Promise((r) => setTimeout(r, slow));
    return exec.apply(b);
  };
  const ingest = await MqttIngest.start({
    source: { kind: "external", url: MQTT_URL, clientId },
    plant: { hasLine: (l) => l === LINE, hasStation: (l, s) => exec.hasStation(l, s) },
    sink,
    clock: systemClock,
    maxBatch: 50,
  });
  return { ingest, exec };
}

async function until(cond: () => Promise<boolean> | boolean, ms = 8000): Promise<void> {
  const t0 = Date.now();
  while (!(await cond())) {
    if (Date.now() - t0 > ms) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 20));
  }
}

const device = (id: string, opts: mqtt.IClientOptions = {}) => mqtt.connectAsync(MQTT_URL, { clientId: `${LINE}-${id}`, clean: true, protocolVersion: 4, reconnectPeriod: 0, ...opts });
const count = async (type: string) => (await store.readAll(0, 100_000)).filter((e) => e.type === type).length;
const myLetters = async () => (await repo.deadLetters(1000)).filter((d) => d.source.includes(LINE));

beforeAll(async () => {
  store = openSqliteStore({ dataDir: ":memory:" });
  await store.migrate();
  repo = new SqlExecutionRepository(store);
});
afterAll(() => store.close());

describe("MQTT ingest against Mosquitto", () => {
  it("JSON topics: a bad payload is dead-lettered without stopping its neighbours", async () => {
    const { ingest } = await platform(uniqueName("takt-json"));
    const dev = await device("scanner");
    const t = `takt/v1/${LINE}/T01`;
    await dev.publishAsync(`${t}/unit-entered`, JSON.stringify({ id: "j1", unit: "unit_j" }), { qos: 1 });
    await dev.publishAsync(`${t}/part-installed`, JSON.stringify({ id: "j2", unit: "unit_j", partNumber: "P", serial: 42, lot: "L" }), { qos: 1 });
    await dev.publishAsync(`${t}/part-installed`, Buffer.from([0xde, 0xad]), { qos: 1 });
    await dev.publishAsync(`takt/v1/${LINE}/X99/unit-entered`, JSON.stringify({ id: "j3", unit: "unit_j" }), { qos: 1 });
    await dev.publishAsync(`${t}/part-installed`, JSON.stringify({ id: "j4", unit: "unit_j", partNumber: "P", serial: "S42", lot: "L" }), { qos: 1 });
    await until(async () => (await repo.asBuilt("unit_j"))?.parts.length === 1 && (await myLetters()).length === 3);
    const letters = await myLetters();
    expect(letters.map((d) => d.kind).sort()).toEqual(["malformed", "malformed", "unknown_device"]);
    expect(letters.find((d) => d.reason.startsWith("/serial"))).toBeDefined();
    await dev.endAsync();
    await ingest.stop();
  });

  it("QoS 1 persistent session: the ingest crashes mid-stream, messages keep coming, the restarted ingest gets every one, none applied twice", async () => {
    const clientId = uniqueName("takt-ingest");
    const first = await platform(clientId, 30); // slow store: the crash finds messages received but not yet acknowledged
    const dev = await device("gw");
    const N = 120;
    const pubs: Promise<unknown>[] = [];
    for (let i = 0; i < N; i++) {
      const unit = `unit_q${i}`;
      pubs.push(dev.publishAsync(`takt/v1/${LINE}/T02/unit-entered`, JSON.stringify({ id: `q${i}e`, unit }), { qos: 1 }));
      pubs.push(dev.publishAsync(`takt/v1/${LINE}/T02/unit-left`, JSON.stringify({ id: `q${i}l`, unit }), { qos: 1 }));
      pubs.push(dev.publishAsync(`takt/v1/${LINE}/T02/telemetry`, JSON.stringify({ id: `q${i}t`, tags: { torque: i } }), { qos: 1 }));
      if (i === N / 3) {
        await until(() => first.ingest.stats.stored > 10);
        await first.ingest.stop({ crash: true });
      }
    }
    await Promise.all(pubs); // Mosquitto acknowledged all of them: it holds them for the session
    expect(first.ingest.stats.stored).toBeLessThan(3 * N);
    const second = await platform(clientId);
    await until(async () => (await count("unit.left_station")) >= N && (await repo.countTelemetry()) >= N);
    await new Promise((r) => setTimeout(r, 300)); // anything re-delivered late would show now
    const entered = (await store.readAll(0, 100_000)).filter((e) => e.type === "unit.entered_station" && String(e.source).includes("T02"));
    expect(entered).toHaveLength(N);
    expect((await store.readAll(0, 100_000)).filter((e) => e.type === "unit.left_station" && String(e.source).includes("T02"))).toHaveLength(N);
    expect((await myLetters()).filter((d) => d.source.includes("T02"))).toEqual([]);
    await dev.endAsync();
    await second.ingest.stop();
  });

  it("Sparkplug B: an edge node that dies is reborn; an unknown alias gets a rebirth request and the node answers it", async () => {
    const { ingest } = await platform(uniqueName("takt-sp"));
    const edge = "edge1";
    let tsClock = Date.now();
    const ts = () => (tsClock += 5); // strictly increasing payload timestamps: "latest value" is unambiguous
    let bdSeq = 0;
    let seq = 0;
    const next = () => seq++ % 256;
    const enc = encodeSparkplug;
    const connectEdge = async (): Promise<MqttClient> => {
      const c = await device(`${edge}-${bdSeq}`, {
        will: { topic: `spBv1.0/${LINE}/NDEATH/${edge}`, payload: Buffer.from(enc({ timestamp: ts(), metrics: [{ name: "bdSeq", type: "UInt64", value: bdSeq }] })), qos: 1, retain: false },
      });
      await c.subscribeAsync(`spBv1.0/${LINE}/NCMD/${edge}`, { qos: 1 });
      await birth(c);
      return c;
    };
    const birth = async (c: MqttClient) => {
      seq = 0;
      await c.publishAsync(`spBv1.0/${LINE}/NBIRTH/${edge}`, Buffer.from(enc({ timestamp: ts(), seq: next(), metrics: [{ name: "bdSeq", type: "UInt64", value: bdSeq }, { name: "Node Control/Rebirth", type: "Boolean", value: false }] })), { qos: 1 });
      await c.publishAsync(`spBv1.0/${LINE}/DBIRTH/${edge}/C04`, Buffer.from(enc({ timestamp: ts(), seq: next(), metrics: [{ name: "Torque", alias: 10, type: "Double", value: 0 }, { name: "Takt/Event/fault-raised", alias: 11, type: "String", value: JSON.stringify({ id: `f${bdSeq}`, code: "E1" }) }] })), { qos: 1 });
    };
    let c = await connectEdge();
    await c.publishAsync(`spBv1.0/${LINE}/DDATA/${edge}/C04`, Buffer.from(enc({ timestamp: ts(), seq: next(), metrics: [{ alias: 10, type: "Double", value: 41.5 }] })), { qos: 1 });
    await until(() => ingest.sparkplug.online(LINE, "C04") === true && ingest.stats.stored >= 3);
    expect(await repo.latestTags(LINE, "C04")).toContainEqual(expect.objectContaining({ tag: "Torque", value: 41.5 }));

    // The node dies (connection lost): Mosquitto publishes its will, the NDEATH.
    c.stream.destroy();
    await until(() => ingest.sparkplug.online(LINE, "C04") === false);
    // Data from a dead node is dead-lettered (and asks for a rebirth), never applied.
    const ghost = await device("ghost");
    await ghost.publishAsync(`spBv1.0/${LINE}/DDATA/${edge}/C04`, Buffer.from(enc({ timestamp: ts(), seq: 3, metrics: [{ alias: 10, type: "Double", value: 99 }] })), { qos: 1 });
    await until(async () => (await myLetters()).some((d) => d.kind === "not_born"));
    await ghost.endAsync();

    // Reborn with the next bdSeq.
    bdSeq++;
    c = await connectEdge();
    await until(() => ingest.sparkplug.online(LINE, "C04") === true);
    const rebirth = new Promise<number>((resolve) =>
      c.on("message", (topic, payload) => {
        const m = decodeSparkplug(payload).metrics.find((x) => x.name === "Node Control/Rebirth");
        if (topic.endsWith(`/NCMD/${edge}`) && m?.value === true) resolve(Date.now());
      }),
    );
    await c.publishAsync(`spBv1.0/${LINE}/DDATA/${edge}/C04`, Buffer.from(enc({ timestamp: ts(), seq: next(), metrics: [{ alias: 77, type: "Double", value: 1 }] })), { qos: 1 });
    await rebirth;
    await birth(c); // the node answers the rebirth request with new birth certificates
    expect((await myLetters()).some((d) => d.kind === "unknown_alias")).toBe(true);
    await c.publishAsync(`spBv1.0/${LINE}/DDATA/${edge}/C04`, Buffer.from(enc({ timestamp: ts(), seq: next(), metrics: [{ alias: 10, type: "Double", value: 43 }] })), { qos: 1 });
    await until(async () => (await repo.latestTags(LINE, "C04")).some((t) => t.tag === "Torque" && t.value === 43));
    expect(ingest.stats.rebirthRequests).toBeGreaterThanOrEqual(2);
    expect(await count("station.faulted")).toBeGreaterThanOrEqual(1);
    await c.endAsync();
    await ingest.stop();
  });
});
