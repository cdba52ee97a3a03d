import { afterAll, beforeAll, describe, expect, it } from "vitest";
import mqtt from "mqtt";
import { loadConfig } from "../config.js";
import { startRuntime, type Runtime } from "../runtime.js";

let rt: Runtime;
const tok: Record<string, string> = {};
const get = async (url: string, role = "engineer") => {
  const r = await rt.app.inject({ method: "GET", url, headers: { authorization: `Bearer ${tok[role]}` } });
  return { status: r.statusCode, body: r.json() as Record<string, unknown> };
};

beforeAll(async () => {
  rt = await startRuntime(loadConfig({ TAKT_DATA_DIR: ":memory:", TAKT_LOG_LEVEL: "silent", TAKT_WEB_DIR: "/nonexistent", TAKT_MQTT_PORT: "0" }));
  for (const t of rt.seed.tokens) tok[t.role] = t.token;
});
afterAll(async () => rt.close());

describe("execution API over the embedded broker", () => {
  it("ingests device messages and answers line state, unit genealogy, lot → units, andons, OEE, dead letters and /metrics", async () => {
    const ingest = await get("/api/v1/devices/ingest");
    expect(ingest.body).toMatchObject({ mode: "embedded" });
    const dev = await mqtt.connectAsync(ingest.body["url"] as string, { clientId: "line-a1-gw", clean: false, protocolVersion: 4 });
    const t0 = Date.parse("2026-01-05T06:00:00Z");
    const pub = (station: string, ev: string, body: Record<string, unknown>) => dev.publishAsync(`takt/v1/A1/${station}/${ev}`, JSON.stringify(body), { qos: 1 });
    await pub("T01", "unit-entered", { id: "1", unit: "unit_a", at: t0 });
    await pub("T01", "part-installed", { id: "2", unit: "unit_a", partNumber: "VIN-PLATE", serial: "S-1", lot: "LOT-9", at: t0 + 10_000 });
    await pub("T01", "operation-done", { id: "3", unit: "unit_a", operation: "scan", ok: true, values: [{ name: "torque", value: 12.5, uom: "N·m", min: 10, max: 15 }], at: t0 + 20_000 });
    await pub("T01", "andon-raised", { id: "4", reason: "label missing", at: t0 + 30_000 });
    await pub("T01", "unit-left", { id: "5", unit: "unit_a", at: t0 + 80_000 });
    await pub("T02", "unit-entered", { id: "6", unit: "unit_a", at: t0 + 90_000 });
    await pub("T02", "unit-entered", { id: "7", unit: "unit_b" }); // station occupied: rejected
    await dev.endAsync();

    const state = await get("/api/v1/lines/A1/state", "operator");
    expect(state.status).toBe(200);
    const st = state.body["stations"] as unknown as { code: string; state: string; unit: string | null; andon: unknown }[];
    expect(st[0]).toMatchObject({ code: "T01", state: "idle", andon: { reason: "label missing" } });
    expect(st[1]).toMatchObject({ code: "T02", state: "executing", unit: "unit_a" });

    const unit = await get("/api/v1/units/unit_a", "quality");
    expect(unit.body).toMatchObject({ station: "T02", genealogy: { parts: [{ serial: "S-1", lot: "LOT-9", station: "T01" }], measurements: [{ name: "torque", value: 12.5, ok: true }] } });
    expect((await get("/api/v1/lots/LOT-9/units", "quality")).body).toMatchObject({ lot: "LOT-9", units: [{ unit: "unit_a" }] });
    expect((await get("/api/v1/lines/A1/andons", "operator")).body).toMatchObject({ andons: [{ station: "T01", kind: "andon", unit: "unit_a", to: null }] });

    const oee = await get(`/api/v1/lines/A1/oee?from=${new Date(t0).toISOString()}&to=${new Date(t0 + 900_000).toISOString()}`, "planner");
    expect(oee.status).toBe(200);
    const t01 = (oee.body["stations"] as unknown as { code: string; pq: number; oee: number }[]).find((s) => s.code === "T01")!;
    expect(t01.pq).toBe(1);
    expect(t01.oee).toBeCloseTo(90 / 900, 12);

    const dl = await get("/api/v1/devices/dead-letters");
    expect((dl.body["deadLetters"] as unknown as { reason: string }[])[0]!.reason).toBe("station T02 is occupied by unit_a");
    expect((await get("/api/v1/units/unit_zz")).status).toBe(404);
    expect((await get("/api/v1/devices/dead-letters", "customer")).status).toBe(403);
    // Newest first, and the page below a given seq.
    const all = (await get("/api/v1/devices/dead-letters?limit=1000")).body["deadLetters"] as unknown as { seq: number }[];
    const desc = (await get("/api/v1/devices/dead-letters?order=desc&limit=1000")).body["deadLetters"] as unknown as { seq: number }[];
    expect(desc.map((d) => d.seq)).toEqual(all.map((d) => d.seq).reverse());
    const top = desc[0]!.seq;
    const below = (await get(`/api/v1/devices/dead-letters?order=desc&before=${top}&limit=1000`)).body["deadLetters"] as unknown as { seq: number }[];
    expect(below.map((d) => d.seq)).toEqual(desc.slice(1).map((d) => d.seq));
    expect((await get("/api/v1/devices/dead-letters?order=desc&after=1")).status).toBe(400);
    expect((await get("/api/v1/devices/dead-letters?before=5")).status).toBe(400);

    const metrics = await rt.app.inject({ method: "GET", url: "/metrics" });
    expect(metrics.body).toMatch(/takt_mqtt_messages_stored_total 7/);
    expect(metrics.body).toMatch(/takt_mqtt_dead_letters_total\{kind="rejected"\} 1/);
  });

  it("takes device events over HTTP too (role device), validating the payload by field", async () => {
    const post = (body: unknown) =>
      rt.app.inject({ method: "POST", url: "/api/v1/lines/A1/stations/C04/fault-raised", headers: { authorization: `Bearer ${tok["device"]}` }, payload: body as object });
    const bad = await post({ id: "f1" });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ issues: [{ path: "/" }] });
    const ok = await post({ id: "f1", code: "E17" });
    expect(ok.statusCode).toBe(202);
    expect((await post({ id: "f1", code: "E17" })).json()).toMatchObject({ applied: 0, duplicates: 1 });
  });
});

describe("MQTT settings", () => {
  it("parse TAKT_MQTT_PORT (off disables) and refuse a bad TAKT_MQTT_URL by name", () => {
    expect(loadConfig({ TAKT_MQTT_PORT: "off" }).mqttPort).toBeNull();
    expect(loadConfig({}).mqttPort).toBe(1884);
    expect(() => loadConfig({ TAKT_MQTT_URL: "http://broker" })).toThrow(/TAKT_MQTT_URL/);
    expect(() => loadConfig({ TAKT_MQTT_PORT: "99999" })).toThrow(/TAKT_MQTT_PORT/);
  });
});
