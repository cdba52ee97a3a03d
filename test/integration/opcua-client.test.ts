import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DeviceOpcuaServer, type DeviceVariable } from "../../src/adapters/opcua/device-server.js";
import { OpcuaIngest } from "../../src/adapters/opcua/opcua-ingest.js";
import { parseTagMap } from "../../src/adapters/opcua/tag-map.js";
import type { StationSignal } from "../../src/execution/index.js";
import { systemClock } from "../../src/kernel/index.js";
import { loadConfig } from "../../src/server/config.js";
import { freePort } from "./env.js";
import { startRuntime, type Runtime } from "../../src/server/runtime.js";

/**
 * Takt subscribed through a tag map to a real OPC UA server (node-opcua) started here, on a
 * fixed free port so it can be killed and started again: values become stored station events
 * (genealogy), the subscription comes back by itself after the restart, a silent tag and a bad
 * status go stale and recover, visible in the API and /metrics.
 */
const dir = mkdtempSync(join(tmpdir(), "takt-opcua-client-"));
let port = 0;
let device: DeviceOpcuaServer;
let rt: Runtime;
const tok: Record<string, string> = {};
const variables: DeviceVariable[] = [
  { id: "C04.Unit", dataType: "String", initial: "" },
  { id: "C04.Torque", dataType: "Double", initial: 0 },
  { id: "C04.Lot", dataType: "String", initial: "" },
  { id: "C04.Serial", dataType: "String", initial: "" },
  { id: "C04.Andon", dataType: "Boolean", initial: false },
  { id: "C04.Heartbeat", dataType: "Double", initial: 0 },
];
const tagMap = (endpoint: string) => ({
  endpoint,
  line: "A1",
  defaults: { samplingMs: 0, publishingMs: 50 },
  tags: [
    { nodeId: "ns=1;s=C04.Unit", name: "c04-unit", station: "C04", meaning: "current_unit" },
    { nodeId: "ns=1;s=C04.Torque", name: "c04-torque", station: "C04", meaning: "operation_value", characteristic: "torque", operation: "marriage_bolts", uom: "N·m", min: 40, max: 50 },
    { nodeId: "ns=1;s=C04.Lot", name: "c04-lot", station: "C04", meaning: "part_lot", partNumber: "BOLT-M12" },
    { nodeId: "ns=1;s=C04.Serial", name: "c04-serial", station: "C04", meaning: "part_serial", partNumber: "BOLT-M12" },
    { nodeId: "ns=1;s=C04.Andon", name: "c04-andon", station: "C04", meaning: "andon", reason: "nut runner" },
    { nodeId: "ns=1;s=C04.Heartbeat", name: "c04-heartbeat", station: "C04", meaning: "telemetry", staleAfterMs: 1200 },
  ],
});

const get = async (url: string, role = "engineer") => {
  const r = await rt.app.inject({ method: "GET", url, headers: { authorization: `Bearer ${tok[role]}` } });
  return { status: r.statusCode, body: r.json() as Record<string, unknown> };
};
const until = async <T>(what: string, f: () => Promise<T | undefined | false>, ms = 10_000): Promise<T> => {
  const t0 = Date.now();
  for (;;) {
    const v = await f();
    if (v) return v;
    if (Date.now() - t0 > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
};
interface TagRow {
  name: string;
  stale: boolean;
  staleReason: string | null;
  status: string;
}
const tag = async (name: string) => ((await get("/api/v1/devices/opcua")).body["tags"] as TagRow[]).find((t) => t.name === name)!;
const unitOf = async (unit: string) => {
  const r = await get(`/api/v1/units/${unit}`, "quality");
  return r.status === 200 ? (r.body as { station: string | null; genealogy: { parts: { serial: string; lot: string }[]; measurements: { name: string; value: number; ok: boolean }[] } }) : undefined;
};

beforeAll(async () => {
  port = await freePort();
  device = await DeviceOpcuaServer.start({ port, variables });
  const file = join(dir, "tagmap.json");
  writeFileSync(file, JSON.stringify(tagMap(`opc.tcp://127.0.0.1:${port}/device`)));
  rt = await startRuntime(loadConfig({ TAKT_DATA_DIR: ":memory:", TAKT_LOG_LEVEL: "silent", TAKT_WEB_DIR: "/nonexistent", TAKT_MQTT_PORT: "off", TAKT_OPCUA_TAGMAP: file }));
  for (const t of rt.seed.tokens) tok[t.role] = t.token;
  await until("the subscription", async () => ((await get("/api/v1/devices/opcua")).body["stats"] as { connected: boolean } | null)?.connected);
}, 60_000);
afterAll(async () => {
  await rt?.close();
  await device?.close().catch(() => undefined);
  rmSync(dir, { recursive: true, force: true });
});

describe("OPC UA client through a tag map", () => {
  it("turns tag value changes into stored station events: unit, part serial and lot, torque, andon", async () => {
    const t0 = Date.now();
    device.set("C04.Unit", "unit_opc1", { at: t0 });
    device.set("C04.Lot", "LOT-77", { at: t0 + 10 });
    await new Promise((r) => setTimeout(r, 150));
    device.set("C04.Serial", "BOLT-000123", { at: t0 + 200 });
    device.set("C04.Torque", 45.5, { at: t0 + 300 });
    device.set("C04.Andon", true, { at: t0 + 400 });
    const u = await until("the genealogy of unit_opc1", async () => {
      const x = await unitOf("unit_opc1");
      return x && x.genealogy.measurements.length > 0 && x.genealogy.parts.length > 0 ? x : undefined;
    });
    expect(u.station).toBe("C04");
    expect(u.genealogy.parts).toMatchObject([{ serial: "BOLT-000123", lot: "LOT-77" }]);
    expect(u.genealogy.measurements).toMatchObject([{ name: "torque", value: 45.5, ok: true }]);
    const andon = await until("the andon", async () => ((await get("/api/v1/lines/A1/andons", "operator")).body["andons"] as { station: string; reason: string }[]).find((a) => a.station === "C04"));
    expect(andon).toMatchObject({ reason: "nut runner" });
    device.set("C04.Andon", false, { at: t0 + 500 });
    const api = (await get("/api/v1/devices/opcua")).body;
    expect(api).toMatchObject({ configured: true, endpoint: `opc.tcp://127.0.0.1:${port}/device` });
    expect((await get("/api/v1/devices/opcua", "customer")).status).toBe(403);
  });

  it("marks a silent tag and a bad status stale, and clears both when good data returns (API, /metrics)", async () => {
    // The heartbeat has staleAfterMs 1200 and has not changed since start: stale (silent).
    await until("heartbeat stale", async () => (await tag("c04-heartbeat")).stale);
    expect((await tag("c04-heartbeat")).staleReason).toBe("silent");
    let metrics = (await rt.app.inject({ method: "GET", url: "/metrics" })).body;
    expect(metrics).toMatch(/takt_opcua_tag_stale\{tag="c04-heartbeat",line="A1",station="C04"\} 1/);
    device.set("C04.Heartbeat", 1);
    await until("heartbeat fresh", async () => !(await tag("c04-heartbeat")).stale);
    metrics = (await rt.app.inject({ method: "GET", url: "/metrics" })).body;
    expect(metrics).toMatch(/takt_opcua_tag_stale\{tag="c04-heartbeat",line="A1",station="C04"\} 0/);
    // The torque has no timeout: a bad status makes it stale at once.
    device.set("C04.Torque", 0, { bad: true });
    await until("torque stale", async () => (await tag("c04-torque")).stale);
    expect(await tag("c04-torque")).toMatchObject({ staleReason: "bad_status", status: "BadSensorFailure" });
    device.set("C04.Torque", 44);
    await until("torque fresh", async () => !(await tag("c04-torque")).stale);
    const transitions = (await get("/api/v1/devices/opcua")).body["transitions"] as { tag: string; stale: boolean }[];
    expect(transitions.filter((t) => t.tag === "c04-torque").map((t) => t.stale)).toEqual([true, false]);
  });

  it("resubscribes by itself after the server is killed and started again on the same port", async () => {
    device.set("C04.Heartbeat", 2);
    await device.close();
    await until("connection loss noticed", async () => !((await get("/api/v1/devices/opcua")).body["stats"] as { connected: boolean }).connected);
    device = await DeviceOpcuaServer.start({ port, variables });
    const stats = await until(
      "the session repaired",
      async () => {
        const s = (await get("/api/v1/devices/opcua")).body["stats"] as { connected: boolean; sessionRepairs: number; connectionLosses: number };
        return s.connected && s.sessionRepairs >= 1 ? s : undefined;
      },
      20_000,
    );
    expect(stats.connectionLosses).toBeGreaterThanOrEqual(1);
    // Data flows again on the new server without anyone touching the client.
    const t1 = Date.now();
    device.set("C04.Unit", "unit_opc2", { at: t1 });
    device.set("C04.Torque", 47, { at: t1 + 100 });
    const u = await until("unit_opc2 at C04 with its torque", async () => {
      const x = await unitOf("unit_opc2");
      return x && x.station === "C04" && x.genealogy.measurements.length > 0 ? x : undefined;
    });
    expect(u.genealogy.measurements).toMatchObject([{ name: "torque", value: 47, ok: true }]);
  }, 40_000);

  it("signs and encrypts, logs in with a user, and keeps retrying a refused login until it is accepted", async () => {
    const users: Record<string, string> = { takt: "old-secret" };
    const secure = await DeviceOpcuaServer.start({ port: 0, variables: [{ id: "C05.Unit", dataType: "String", initial: "" }], users });
    const map = parseTagMap(
      { endpoint: `opc.tcp://127.0.0.1:${secure.port}/device`, securityMode: "SignAndEncrypt", securityPolicy: "Basic256Sha256", user: { name: "takt", passwordEnv: "PLC_PW" }, line: "A1", tags: [{ nodeId: "ns=1;s=C05.Unit", station: "C05", meaning: "current_unit" }] },
      { env: { PLC_PW: "new-secret" } },
    );
    const signals: StationSignal[] = [];
    const ing = await OpcuaIngest.start({ map, sink: async (b) => (signals.push(...b.signals), { duplicates: 0, rejected: 0, telemetryDuplicates: 0 }), station: () => undefined, clock: systemClock, reconnectInitialMs: 200, reconnectMaxMs: 500 });
    try {
      const refused = await until("the refused login", async () => ing.stats.lastError ?? undefined, 20_000);
      expect(refused).toMatch(/BadUserAccessDenied|BadIdentityTokenRejected|denied|rejected/i);
      expect(ing.stats.connected).toBe(false);
      users["takt"] = "new-secret"; // the server's admin fixes the account: the next retry gets in
      await until("the subscription", async () => ing.stats.connected, 20_000);
      expect(ing.stats.lastError).toBeNull();
      secure.set("C05.Unit", "unit_sec");
      await until("the signal", async () => signals.length > 0);
      expect(signals).toMatchObject([{ kind: "unit_entered", station: "C05", unit: "unit_sec" }]);
    } finally {
      await ing.stop();
      await secure.close();
    }
  }, 45_000);

  it("refuses a bad tag map with an error naming the field", async () => {
    const bad = join(dir, "bad.json");
    writeFileSync(bad, JSON.stringify({ ...tagMap("opc.tcp://127.0.0.1:1/x"), tags: [{ nodeId: "ns=1;s=X", station: "Z99", meaning: "operation_value" }] }));
    const err = await startRuntime(loadConfig({ TAKT_DATA_DIR: ":memory:", TAKT_LOG_LEVEL: "silent", TAKT_WEB_DIR: "/nonexistent", TAKT_MQTT_PORT: "off", TAKT_OPCUA_TAGMAP: bad })).then(
      () => null,
      (e: unknown) => e as Error,
    );
    expect(err?.message).toMatch(/bad\.json: invalid OPC UA tag map: .*\/tags\/0\/station: unknown station Z99 on line A1.*\/tags\/0\/characteristic: required for meaning operation_value/);
  });
});
