/**
 * `npm run bench -- opcua [--stations 40] [--tags 10] [--rate 1000] [--seconds 5]`: OPC UA
 * values from a real node-opcua server (the simulator's device server) through Takt's OPC UA
 * client (tag map, monitored items, batched ingest) into the SQLite store. Writes `--rate`
 * telemetry values a second spread over stations × tags and measures the sustained stored
 * rate, loss (written − stored after draining) and write → stored latency. The writer runs in
 * the same process as server and client, so on a busy machine it may not reach `--rate`
 * (written/s says what it reached). Last line JSON.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { systemClock } from "../src/kernel/index.js";
import { DeviceOpcuaServer } from "../src/adapters/opcua/device-server.js";
import { OpcuaIngest } from "../src/adapters/opcua/opcua-ingest.js";
import { parseTagMap } from "../src/adapters/opcua/tag-map.js";
import { SqlExecutionRepository } from "../src/adapters/sql/execution-repository.js";
import { openSqliteStore } from "../src/adapters/sql/sqlite.js";
import { ExecutionIngest } from "../src/workflows/execution/index.js";
import { parseArgs, percentile, printTable } from "./util.js";

export async function main(argv: string[]): Promise<number> {
  const o = parseArgs(argv);
  const stations = Number(o["stations"] ?? 40);
  const perStation = Number(o["tags"] ?? 10);
  const rate = Number(o["rate"] ?? 1000);
  const seconds = Number(o["seconds"] ?? 5);
  const codes = Array.from({ length: stations }, (_, i) => `S${String(i + 1).padStart(2, "0")}`);
  const ids = codes.flatMap((s) => Array.from({ length: perStation }, (_, k) => `B1.${s}.T${k}`));
  const dir = mkdtempSync(join(tmpdir(), "takt-bench-opcua-"));
  const store = openSqliteStore({ dataDir: dir });
  await store.migrate();
  const exec = new ExecutionIngest(store, new SqlExecutionRepository(store), [{ code: "B1", stations: codes, taktMs: 60_000 }], systemClock);
  await exec.start();
  const device = await DeviceOpcuaServer.start({ port: 0, variables: ids.map((id) => ({ id, dataType: "Double", initial: 0 })) });
  const map = parseTagMap({
    endpoint: `opc.tcp://127.0.0.1:${device.port}/device`,
    line: "B1",
    defaults: { samplingMs: 0, publishingMs: 50 },
    tags: ids.map((id) => ({ nodeId: `ns=1;s=${id}`, name: id, station: id.split(".")[1]!, meaning: "telemetry" })),
  });
  const lat: number[] = [];
  let stored = 0;
  let since = Infinity; // samples before the writes start are the initial values of the monitored items
  const ing = await OpcuaIngest.start({
    map,
    station: () => undefined,
    clock: systemClock,
    sink: async (b) => {
      const r = await exec.apply(b);
      const now = Date.now();
      for (const t of b.telemetry)
        if (t.at >= since) {
          lat.push(now - t.at);
          stored++;
        }
      return r;
    },
  });
  await ing.ready;
  await new Promise((r) => setTimeout(r, 500));
  // Writes in 10 ms ticks, each tick the next slice of tags, every value distinct.
  const perTick = Math.max(1, Math.round(rate / 100));
  let written = 0;
  let next = 0;
  const t0 = Date.now();
  since = t0;
  let tick = 0;
  while (Date.now() - t0 < seconds * 1000) {
    const now = Date.now();
    for (let i = 0; i < perTick; i++) {
      device.set(ids[next]!, ++written, { at: now });
      next = (next + 1) % ids.length;
    }
    tick++;
    const wait = t0 + tick * 10 - Date.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    else await new Promise((r) => setImmediate(r));
  }
  const writeSecs = (Date.now() - t0) / 1000;
  const drainStart = Date.now();
  while (stored < written && Date.now() - drainStart < 10_000) await new Promise((r) => setTimeout(r, 50));
  await ing.flush();
  const totalSecs = (Date.now() - t0) / 1000;
  lat.sort((a, b) => a - b);
  const summary = {
    bench: "opcua",
    tags: ids.length,
    target_per_s: rate,
    written,
    written_per_s: Math.round(written / writeSecs),
    stored,
    lost: written - stored,
    stored_per_s: Math.round(stored / totalSecs),
    p50_ms: percentile(lat, 50),
    p99_ms: percentile(lat, 99),
    notifications: ing.stats.notifications,
  };
  printTable(["tags", "written/s", "stored", "lost", "stored/s", "p50 ms", "p99 ms"], [[ids.length, summary.written_per_s, stored, summary.lost, summary.stored_per_s, summary.p50_ms, summary.p99_ms]]);
  await ing.stop();
  await device.close();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
  console.log(JSON.stringify(summary));
  return 0;
}
