import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawn } from "node:child_process";
import mqtt from "mqtt";
import { ManualClock } from "../kernel/index.js";
import { embeddedBrokerNeedsToken, loadConfig } from "./config.js";
import { startRuntime, type Runtime } from "./runtime.js";

/** Devices on the embedded broker with TAKT_MQTT_AUTH=token: an API token of role device is the MQTT password. */
let rt: Runtime;
const tok: Record<string, string> = {};

beforeAll(async () => {
  const config = loadConfig({ TAKT_DATA_DIR: ":memory:", TAKT_LOG_LEVEL: "silent", TAKT_WEB_DIR: "/nonexistent", TAKT_MQTT_PORT: "0", TAKT_MQTT_AUTH: "token" });
  rt = await startRuntime(config, { clock: new ManualClock() });
  for (const t of rt.seed.tokens) tok[t.role] = t.token;
});
afterAll(async () => rt.close());

const connect = (password?: string) =>
  mqtt.connectAsync(rt.mqttUrl!, { clientId: `dev-${Math.random().toString(36).slice(2)}`, protocolVersion: 4, reconnectPeriod: 0, connectTimeout: 3000, ...(password !== undefined ? { username: "device", password } : {}) });

describe("embedded broker: device authentication by token", () => {
  it("lets a device token connect and publish (the message is stored)", async () => {
    const dev = await connect(tok["device"]);
    await dev.publishAsync("takt/v1/A1/C04/telemetry", JSON.stringify({ id: "auth-1", tags: { torque: 12.5 } }), { qos: 1 });
    await dev.endAsync();
    const r = await rt.app.inject({ method: "GET", url: "/api/v1/devices/ingest", headers: { authorization: `Bearer ${tok["engineer"]}` } });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({ telemetrySamples: 1 });
  });

  it("refuses no password, a malformed or unknown token, and a token of another role", async () => {
    const unknown = tok["device"]!.replace(/\.[^.]+$/, ".AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
    for (const pw of [undefined, "not-a-token", unknown, tok["planner"]!]) {
      const err = await connect(pw).then(
        async (c) => {
          await c.endAsync();
          return null;
        },
        (e: Error) => e,
      );
      expect(err?.message, `password ${pw}`).toMatch(/Not authorized/i);
    }
  });

  it("auto asks for tokens only when the broker listens beyond this machine", () => {
    expect(embeddedBrokerNeedsToken({ mqttAuth: "auto", mqttHost: "127.0.0.1" })).toBe(false);
    expect(embeddedBrokerNeedsToken({ mqttAuth: "auto", mqttHost: "[::1]" })).toBe(false);
    expect(embeddedBrokerNeedsToken({ mqttAuth: "auto", mqttHost: "localhost" })).toBe(false);
    expect(embeddedBrokerNeedsToken({ mqttAuth: "auto", mqttHost: "0.0.0.0" })).toBe(true);
    expect(embeddedBrokerNeedsToken({ mqttAuth: "auto", mqttHost: "10.1.2.3" })).toBe(true);
    expect(embeddedBrokerNeedsToken({ mqttAuth: "none", mqttHost: "0.0.0.0" })).toBe(false);
    expect(embeddedBrokerNeedsToken({ mqttAuth: "token", mqttHost: "127.0.0.1" })).toBe(true);
    expect(() => loadConfig({ TAKT_MQTT_AUTH: "maybe" })).toThrow(/TAKT_MQTT_AUTH/);
    expect(() => loadConfig({ TAKT_MQTT_BROKER_CERT: "/c.pem" })).toThrow(/TAKT_MQTT_BROKER_KEY: TLS on the embedded broker needs both/);
  });

  it("takt simulate connects with --device-token, and without one says what is missing", async () => {
    const run = (...extra: string[]) =>
      new Promise<{ code: number | null; out: string }>((resolve) => {
        const p = spawn(process.execPath, ["bin/takt.mjs", "simulate", "--broker", rt.mqttUrl!, "--speed", "0", "--hours", "0.05", "--seed", "4", "-q", ...extra], { env: { ...process.env, TAKT_DEVICE_TOKEN: "" } });
        let out = "";
        p.stdout.on("data", (d: Buffer) => (out += d.toString()));
        p.stderr.on("data", (d: Buffer) => (out += d.toString()));
        p.on("close", (code) => resolve({ code, out }));
      });
    const refused = await run();
    expect(refused.code).toBe(1);
    expect(refused.out).toMatch(/Not authorized.*--device-token/s);
    const ok = await run("--device-token", tok["device"]!);
    expect(ok.code, ok.out).toBe(0);
    const state = await rt.app.inject({ method: "GET", url: "/api/v1/lines/A1/state", headers: { authorization: `Bearer ${tok["operator"]}` } });
    // Three simulated minutes: units entered the first stations (none has crossed the 40-station line yet).
    expect((state.json() as { units: unknown[] }).units.length).toBeGreaterThan(0);
  }, 60_000);
});
