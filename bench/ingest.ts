/**
 * Device ingest, end to end: station events and telemetry published over MQTT (QoS 1) through a
 * real broker into the platform, until stored and queryable.
 *   npm run bench -- ingest [--messages N] [--publishers P] [--window W] [--rate MSG_PER_S] [--broker mqtt://127.0.0.1:1883]
 * Default broker: the embedded aedes on a free port (what `takt serve` runs). Publishers run in a
 * worker thread (their own core), as devices would be separate processes. In the same run, the
 * broker's raw publish → subscribe rate (same publishers, one QoS 1 subscriber that stores
 * nothing) is measured as the ceiling. 10 lines × 40 stations; 1 message in 50 is a station event
 * (a unit walking the line), the rest one-tag telemetry. Zero loss is checked by counting rows.
 * SQLite with synchronous=full, the platform's default. On an external Mosquitto the publishers'
 * window is smaller by default (Mosquitto drops QoS 1 messages queued beyond max_queued_messages).
 */
import { Worker } from "node:worker_threads";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createRequire } from "node:module";
import mqtt from "mqtt";
import { sql } from "kysely";
import { systemClock } from "../src/kernel/index.js";
import { demoPlant, linesOf } from "../src/plant/index.js";
import { EmbeddedBroker } from "../src/adapters/mqtt/broker.js";
import { MqttIngest } from "../src/adapters/mqtt/ingest.js";
import { SqlExecutionRepository } from "../src/adapters/sql/execution-repository.js";
import { openSqliteStore } from "../src/adapters/sql/sqlite.js";
import { ExecutionIngest, type IngestBatch } from "../src/workflows/execution/index.js";
import { parseArgs, percentile, printTable } from "./util.js";

const LINES = Array.from({ length: 10 }, (_, i) => `L${String(i + 1).padStart(2, "0")}`);
const STATIONS = linesOf(demoPlant())[0]!.stations.map((s) => s.code);

interface PublishResult {
  telemetry: number;
  events: number;
  t0: number;
  t1: number;
}

/** Publishers in a worker thread: plain JS, loads mqtt by path. */
const PUBLISHER = `
const { parentPort, workerData: w } = require("node:worker_threads");
const mqtt = require(w.mqttPath);
(async () => {
  const clients = [];
  for (let i = 0; i < w.publishers; i++)
    clients.push(await mqtt.connectAsync(w.url, { clientId: "bench-" + w.prefix.replace(/\\W/g, "") + "-" + i + "-" + process.pid + "-" + Math.random().toString(36).slice(2, 6), clean: true, protocolVersion: 4, reconnectPeriod: 0 }));
  const walk = w.lines.map(() => ({ unit: 0, idx: 0, phase: 0 }));
  let telemetry = 0, events = 0;
  const t0 = Date.now();
  const per = Math.ceil(w.messages / w.publishers);
  await Promise.all(clients.map((c, ci) => new Promise((done) => {
    const myLines = w.lines.map((_, li) => li).filter((li) => li % w.publishers === ci);
    let sent = 0, acked = 0, inflight = 0, k = 0;
    // Open loop when a rate is given: each publisher may have sent rate/publishers × elapsed seconds.
    const allowed = () => (w.rate ? Math.floor(((Date.now() - t0) / 1000) * (w.rate / w.publishers)) + 1 : Infinity);
    const timer = w.rate ? setInterval(() => next(), 5) : null;
    const next = () => {
      while (inflight < w.window && sent < per && sent < allowed()) {
        const li = myLines[k % myLines.length];
        const line = w.lines[li];
        let topic, body;
        const now = Date.now();
        if (k % w.eventEvery === w.eventEvery - 1) {
          const s = walk[li];
          const station = w.stations[s.idx];
          const unit = "unit_" + line.toLowerCase() + "-" + s.unit;
          topic = w.prefix + "/" + line + "/" + station + "/" + (s.phase === 0 ? "unit-entered" : "unit-left");
          body = { id: "e" + line + "-" + s.unit + "-" + s.idx + "-" + s.phase, unit, at: now };
          if (s.phase === 0) s.phase = 1; else { s.phase = 0; s.idx++; if (s.idx === w.stations.length) { s.idx = 0; s.unit++; } }
          events++;
        } else {
          const station = w.stations[(k >> 3) % w.stations.length];
          topic = w.prefix + "/" + line + "/" + station + "/telemetry";
          body = { id: ci + "-" + k, at: now, tags: { ["tag" + (k % 50)]: (k % 1000) / 10 } };
          telemetry++;
        }
        k++; sent++; inflight++;
        c.publish(topic, JSON.stringify(body), { qos: 1 }, () => { inflight--; acked++; if (acked === per) { if (timer) clearInterval(timer); done(); } else next(); });
      }
    };
    next();
  })));
  const t1 = Date.now();
  for (const c of clients) await c.endAsync();
  parentPort.postMessage({ telemetry, events, t0, t1 });
})().catch((e) => { console.error(e); process.exit(1); });
`;

function publish(opts: { url: string; prefix: string; messages: number; publishers: number; window: number; rate: number }): Promise<PublishResult> {
  const req = createRequire(import.meta.url);
  const mqttPath = req.resolve("mqtt");
  return new Promise((res, rej) => {
    const w = new Worker(PUBLISHER, { eval: true, workerData: { ...opts, mqttPath, lines: LINES, stations: STATIONS, eventEvery: 50 } });
    w.once("message", (m: PublishResult) => res(m));
    w.once("error", rej);
  });
}

/** The broker's own rate: the same publishers, one QoS 1 subscriber that counts and stores nothing. */
async function rawRate(url: string, messages: number, publishers: number, window: number, rate: number): Promise<{ rate: number; dropped: number }> {
  const prefix = `bench/raw${process.pid}`;
  const sub = await mqtt.connectAsync(url, { clientId: `bench-raw-sub-${process.pid}`, clean: true, protocolVersion: 4 });
  await sub.subscribeAsync(`${prefix}/#`, { qos: 1 });
  const total = Math.ceil(messages / publishers) * publishers;
  let got = 0;
  let tLast = 0;
  const all = new Promise<void>((r) =>
    sub.on("message", () => {
      got++;
      if (got === total) {
        tLast = Date.now();
        r();
      }
    }),
  );
  const pub = await publish({ url, prefix, messages, publishers, window, rate });
  // A broker may drop QoS 1 messages for a subscriber that falls behind (Mosquitto: max_queued_messages):
  // wait until all arrived or nothing arrived for a second, and count what was dropped.
  let last = -1;
  const deadline = Date.now() + 60_000;
  while (got < total && Date.now() < deadline) {
    const before = got;
    await Promise.race([all, new Promise((r) => setTimeout(r, 1000))]);
    if (got === before && got === last) break;
    last = got;
    if (got < total) tLast = Date.now();
  }
  await sub.endAsync();
  if (got < total) tLast -= 1000;
  return { rate: got / ((tLast - pub.t0) / 1000), dropped: total - got };
}

/** CPU time (user + system) of this process's main thread, ms, from /proc (Linux); NaN elsewhere. */
function mainThreadCpuMs(): number {
  try {
    const stat = readFileSync(`/proc/self/task/${process.pid}/stat`, "utf8");
    const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return ((Number(f[11]) + Number(f[12])) * 1000) / 100; // utime, stime in clock ticks (USER_HZ = 100)
  } catch {
    return NaN;
  }
}

export async function main(argv: string[]): Promise<number> {
  const o = parseArgs(argv);
  // Half a million messages: 20-25 s at the target rate, long enough for the tables to grow well past the page cache.
  const messages = Number(o["messages"] ?? 500_000);
  const publishers = Number(o["publishers"] ?? 5);
  const external = typeof o["broker"] === "string" ? o["broker"] : null;
  // Mosquitto drops QoS 1 messages for a subscriber once more than max_queued_messages (default 1000) wait for it:
  // keep the publishers' total window below that on an external broker.
  const window = Number(o["window"] ?? (external ? 100 : 500));
  /** Offered load, msg/s, for the platform run (0 = as fast as the broker takes it). */
  const rate = Number(o["rate"] ?? 0);
  const dir = mkdtempSync(join(tmpdir(), "takt-ingest-"));
  const store = openSqliteStore({ dataDir: dir, synchronous: "full" });
  let broker: EmbeddedBroker | null = null;
  try {
    await store.migrate();
    const repo = new SqlExecutionRepository(store);
    const exec = new ExecutionIngest(store, repo, LINES.map((code) => ({ code, stations: STATIONS, taktMs: 90_000 })), systemClock);
    await exec.start();
    if (!external) broker = await EmbeddedBroker.start({ host: "127.0.0.1", port: 0 });
    const url = external ?? `mqtt://127.0.0.1:${broker!.port}`;

    // --skip-raw: only the platform run (for profiling).
    const { rate: raw, dropped: rawDropped } = o["skip-raw"] ? { rate: NaN, dropped: 0 } : await rawRate(url, messages, publishers, window, 0);

    const lat: number[] = [];
    let storedAll = 0;
    let doneAt = 0;
    let lastStoredAt = 0;
    const total = Math.ceil(messages / publishers) * publishers;
    const sink = async (b: IngestBatch) => {
      const r = await exec.apply(b);
      const now = Date.now();
      for (const t of b.telemetry) lat.push(now - t.at);
      for (const s of b.signals) lat.push(now - s.at);
      storedAll += b.telemetry.length + b.signals.length + b.deadLetters.length;
      lastStoredAt = now;
      if (storedAll >= total && !doneAt) doneAt = now;
      return r;
    };
    const codes = new Set(LINES);
    const ingest = await MqttIngest.start({
      source: external ? { kind: "external", url: external, clientId: `takt-bench-${process.pid}` } : { kind: "embedded", broker: broker! },
      plant: { hasLine: (l) => codes.has(l), hasStation: (l, s) => exec.hasStation(l, s) },
      sink,
      clock: systemClock,
    });
    const elu0 = performance.eventLoopUtilization();
    const cpu0 = mainThreadCpuMs();
    const pub = await publish({ url, prefix: "takt/v1", messages, publishers, window, rate });
    const sent = pub.telemetry + pub.events;
    const deadline = Date.now() + 120_000;
    while (!doneAt && Date.now() < deadline && !(lastStoredAt && Date.now() - lastStoredAt > 3000 && Date.now() - pub.t1 > 3000)) await new Promise((r) => setTimeout(r, 10));
    await ingest.stop();
    const elu = performance.eventLoopUtilization(elu0);
    const cpuMs = mainThreadCpuMs() - cpu0;
    // On a shared machine wall time hides how much CPU the platform needs: the main thread's own CPU time per message is the
    // load-independent figure (1e6 / µs per message = the rate one free core would sustain).
    const cpuPerMsg = Number.isNaN(cpuMs) ? NaN : (cpuMs * 1000) / sent;
    console.log(
      `platform main thread: ${(elu.active / 1000).toFixed(1)} s busy of ${((elu.idle + elu.active) / 1000).toFixed(1)} s; CPU ${(cpuMs / 1000).toFixed(1)} s = ${cpuPerMsg.toFixed(1)} µs per message (${Math.round(1e6 / cpuPerMsg)} msg/s on one free core)`,
    );
    // With loss (a broker dropping messages), the rate is what was stored over the time it took.
    const e2e = doneAt ? sent / ((doneAt - pub.t0) / 1000) : storedAll / ((lastStoredAt - pub.t0) / 1000);

    // Zero loss: every message is in the store, queryable.
    const tel = await repo.countTelemetry();
    const ev = await sql<{ n: number }>`select count(*) as n from events where type in ('unit.entered_station', 'unit.left_station')`.execute(store.db);
    const events = Number(ev.rows[0]?.n ?? 0);
    const dead = (await repo.deadLetters(1000)).length;
    const lost = pub.telemetry - tel + (pub.events - events);
    lat.sort((a, b) => a - b);
    const p50 = percentile(lat, 50);
    const p99 = percentile(lat, 99);

    console.log(`ingest over MQTT QoS 1, ${external ? `external broker ${external}` : "embedded aedes"}, ${publishers} publishers (worker thread), window ${window}, SQLite sync=full`);
    printTable(
      ["run", "messages", "msg/s", "p50 ms", "p99 ms", "lost", "dead letters"],
      [
        ["broker raw (pub → sub)", messages, Math.round(raw), "", "", rawDropped, ""],
        ["platform (pub → stored)", sent, Math.round(e2e), p50, p99, lost, dead],
      ],
    );
    console.log(`stored: ${tel} telemetry samples, ${events} station events; ratio to raw ${(e2e / raw).toFixed(3)}; target >= 20000 msg/s and >= 0.5 of raw`);
    console.log(
      JSON.stringify({
        bench: "ingest",
        broker: external ?? "embedded",
        messages: sent,
        offered_rate: rate || null,
        station_events: pub.events,
        e2e_msg_per_s: Math.round(e2e),
        raw_msg_per_s: Math.round(raw),
        raw_dropped_by_broker: rawDropped,
        ratio_to_raw: +(e2e / raw).toFixed(3),
        p50_ms: p50,
        p99_ms: p99,
        main_thread_cpu_us_per_msg: +cpuPerMsg.toFixed(1),
        lost,
        dead_letters: dead,
        target_met: e2e >= 20_000 && e2e / raw >= 0.5 && lost === 0,
      }),
    );
    return lost === 0 ? 0 : 1;
  } finally {
    await broker?.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

