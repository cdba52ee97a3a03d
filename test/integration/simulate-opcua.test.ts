import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadConfig } from "../../src/server/config.js";
import { freePort } from "./env.js";
import { startRuntime, type Runtime } from "../../src/server/runtime.js";
import type { LineTracking } from "../../src/execution/index.js";
import { LINE_TRACKING_COLLECTION } from "../../src/workflows/execution/index.js";

/**
 * `takt simulate --opcua` as a real process: the torque stations (C04, C10) are served by the
 * simulator's OPC UA server and reach the platform through its tag map, the other 38 stations
 * over MQTT; the units' genealogy holds what came both ways.
 */
const dir = mkdtempSync(join(tmpdir(), "takt-sim-opcua-"));
let rt: Runtime;
let port = 0;
const tok: Record<string, string> = {};

const get = async (url: string, role = "engineer") => {
  const r = await rt.app.inject({ method: "GET", url, headers: { authorization: `Bearer ${tok[role]}` } });
  return { status: r.statusCode, body: r.json() as Record<string, unknown> };
};

beforeAll(async () => {
  port = await freePort();
  const printed = spawnSync(process.execPath, ["bin/takt.mjs", "simulate", "--opcua", "--opcua-port", String(port), "--print-tagmap"], { encoding: "utf8" });
  expect(printed.status, printed.stderr).toBe(0);
  const file = join(dir, "tagmap.json");
  writeFileSync(file, printed.stdout);
  rt = await startRuntime(loadConfig({ TAKT_DATA_DIR: ":memory:", TAKT_LOG_LEVEL: "silent", TAKT_WEB_DIR: "/nonexistent", TAKT_MQTT_PORT: "0", TAKT_OPCUA_TAGMAP: file }));
  for (const t of rt.seed.tokens) tok[t.role] = t.token;
}, 60_000);
afterAll(async () => {
  await rt?.close();
  rmSync(dir, { recursive: true, force: true });
});

interface UnitView {
  station: string | null;
  genealogy: { parts: { partNumber: string; serial: string; lot: string; station: string }[]; measurements: { name: string; value: number; station: string }[]; visits: { station: string }[] };
}

describe("takt simulate --opcua", () => {
  it("drives the torque stations over OPC UA and the rest over MQTT into the platform", async () => {
    const sim = spawn(process.execPath, ["bin/takt.mjs", "simulate", "--line", "demo", "--speed", "0", "--hours", "0.6", "--seed", "5", "--opcua", "--opcua-port", String(port), "--broker", rt.mqttUrl!, "-q"], { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let stdout = "";
    sim.stdout!.on("data", (d: Buffer) => ((out += d.toString()), (stdout += d.toString())));
    sim.stderr!.on("data", (d: Buffer) => (out += d.toString()));
    const code = await new Promise<number | null>((r) => sim.once("exit", r));
    expect(code, out).toBe(0);
    // node-opcua's own warnings (e.g. NODE-OPCUA-W27 at load) do not reach the CLI's output.
    expect(stdout).not.toMatch(/NODE-OPCUA/);
    expect(out).toMatch(/OPC UA stations C04, C10 served at opc\.tcp:\/\/127\.0\.0\.1:\d+\/takt-sim/);

    const opc = (await get("/api/v1/devices/opcua")).body as { stats: { signals: number; stored: number; sessionRepairs: number } };
    expect(opc.stats.signals).toBeGreaterThan(20);
    // The first unit has passed C10: its torques came over OPC UA (C04, C10), its wheels' serial and lot too.
    let unit: UnitView | undefined;
    const t0 = Date.now();
    while (Date.now() - t0 < 10_000) {
      const r = await get("/api/v1/units/unit_sim5-00001", "quality");
      unit = r.body as unknown as UnitView;
      if (r.status === 200 && unit.genealogy.measurements.length >= 2 && unit.genealogy.parts.some((p) => p.station === "C10")) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(unit!.genealogy.measurements.map((m) => m.station).sort()).toEqual(["C04", "C10"]);
    expect(unit!.genealogy.parts.find((p) => p.station === "C10")).toMatchObject({ partNumber: "WHEELS", serial: "WHEELS-000000", lot: "WHEELS-L0" });
    // MQTT stations before and after: the visits run through the OPC UA stations without a gap.
    const visits = unit!.genealogy.visits.map((v) => v.station);
    expect(visits.slice(visits.indexOf("C03"), visits.indexOf("F01") + 1)).toEqual(["C03", "C04", "C05", "C06", "C07", "C08", "C09", "C10", "F01"]);
    const dead = (await get("/api/v1/devices/dead-letters")).body["deadLetters"] as { source: string; reason: string }[];
    expect(dead).toEqual([]);
    // The simulator does not hold MQTT back for OPC UA: units entered the station after an OPC UA one before their
    // "left" there came (sampled, published every 50 ms); those "left"s were taken late, none refused (above).
    const tracking = (await rt.store.getDocument<LineTracking>(LINE_TRACKING_COLLECTION, "A1"))!.body;
    expect(tracking.lateLeaves).toBeGreaterThan(0);
  }, 90_000);
});
