import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../kernel/index.js";
import { loadConfig } from "./config.js";
import { startRuntime, type Runtime } from "./runtime.js";

/** The line in /metrics: state, andon, counters, and the 8-hour ISO 22400 KPIs equal to the API's. */
let rt: Runtime;
const tok: Record<string, string> = {};
const t0 = Date.parse("2026-01-05T06:00:00Z");
const clock = new ManualClock(t0);

beforeAll(async () => {
  rt = await startRuntime(loadConfig({ TAKT_DATA_DIR: ":memory:", TAKT_LOG_LEVEL: "silent", TAKT_WEB_DIR: "/nonexistent", TAKT_MQTT_PORT: "off" }), { clock });
  for (const t of rt.seed.tokens) tok[t.role] = t.token;
});
afterAll(async () => rt.close());

const signal = async (station: string, event: string, body: Record<string, unknown>) => {
  const r = await rt.app.inject({ method: "POST", url: `/api/v1/lines/A1/stations/${station}/${event}`, headers: { authorization: `Bearer ${tok["device"]}` }, payload: body });
  expect(r.statusCode, r.body).toBe(202);
};
const metric = (text: string, name: string, labels: string): number | undefined => {
  const m = new RegExp(`^${name}\\{${labels.replace(/[{}"]/g, (c) => `\\${c}`)}\\} (\\S+)$`, "m").exec(text);
  return m ? Number(m[1]) : undefined;
};

describe("/metrics: the line", () => {
  it("exposes station states, andons, units and the KPIs of the last 8 hours (the same as GET /lines/:line/oee)", async () => {
    await signal("T01", "unit-entered", { id: "m1", unit: "unit_m1", at: t0 + 60_000 });
    await signal("T01", "andon-raised", { id: "m2", reason: "label missing", at: t0 + 70_000 });
    await signal("T01", "unit-left", { id: "m3", unit: "unit_m1", at: t0 + 130_000 });
    await signal("T02", "unit-entered", { id: "m4", unit: "unit_m1", at: t0 + 140_000 });
    clock.set(t0 + 900_000);

    const text = (await rt.app.inject({ method: "GET", url: "/metrics" })).body;
    expect(metric(text, "takt_station_state", 'line="A1",station="T02",state="executing"')).toBe(1);
    expect(metric(text, "takt_station_state", 'line="A1",station="T02",state="idle"')).toBe(0);
    expect(metric(text, "takt_station_state", 'line="A1",station="T01",state="idle"')).toBe(1);
    expect(metric(text, "takt_station_andon", 'line="A1",station="T01"')).toBe(1);
    expect(metric(text, "takt_line_units_on_line", 'line="A1"')).toBe(1);
    expect(metric(text, "takt_line_units_completed_total", 'line="A1"')).toBe(0);

    const from = new Date(t0 + 900_000 - 8 * 3600_000).toISOString();
    const to = new Date(t0 + 900_000).toISOString();
    const api = (await rt.app.inject({ method: "GET", url: `/api/v1/lines/A1/oee?from=${from}&to=${to}`, headers: { authorization: `Bearer ${tok["planner"]}` } })).json() as {
      overall: { oee: number | null; availability: number | null };
      stations: { code: string; oee: number | null }[];
    };
    const t01 = api.stations.find((s) => s.code === "T01")!;
    expect(t01.oee).toBeGreaterThan(0);
    expect(metric(text, "takt_station_oee", 'line="A1",station="T01"')).toBeCloseTo(t01.oee!, 9);
    if (api.overall.availability !== null) expect(metric(text, "takt_line_availability", 'line="A1"')).toBeCloseTo(api.overall.availability, 9);
    else expect(metric(text, "takt_line_availability", 'line="A1"')).toBeUndefined();
    // A station that produced nothing has no OEE: no series rather than a misleading 0.
    const c10 = api.stations.find((s) => s.code === "C10")!;
    expect(c10.oee).toBeNull();
    expect(metric(text, "takt_station_oee", 'line="A1",station="C10"')).toBeUndefined();
  });
});
