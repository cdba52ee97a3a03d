import { describe, expect, it } from "vitest";
import type { ValidationError } from "../kernel/index.js";
import { configHelp, loadConfig } from "./config.js";

describe("config", () => {
  it("has embedded defaults that need no server", () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ port: 8080, host: "127.0.0.1", dataDir: "./.takt", databaseUrl: null, natsUrl: null, demo: true });
  });
  it("names the variable that is wrong", () => {
    expect(() => loadConfig({ TAKT_PORT: "eighty" })).toThrow(/TAKT_PORT/);
    expect(() => loadConfig({ TAKT_DATABASE_URL: "mysql://x" })).toThrow(/TAKT_DATABASE_URL/);
    try {
      loadConfig({ TAKT_DEMO: "maybe", TAKT_PORT: "70000" });
    } catch (e) {
      expect((e as ValidationError).issues.map((i) => i.path).sort()).toEqual(["TAKT_DEMO", "TAKT_PORT"]);
    }
  });
  it("takes TLS and credentials for an external broker, checks they fit together and never echoes a secret", () => {
    const c = loadConfig({ TAKT_MQTT_URL: "mqtts://broker.plant:8883", TAKT_MQTT_USERNAME: "takt", TAKT_MQTT_PASSWORD: "pw", TAKT_MQTT_CA: "/etc/takt/ca.pem" });
    expect(c).toMatchObject({ mqttUrl: "mqtts://broker.plant:8883", mqttUsername: "takt", mqttPassword: "pw", mqttCa: "/etc/takt/ca.pem", mqttCert: null });
    expect(() => loadConfig({ TAKT_MQTT_URL: "mqtt://broker:1883", TAKT_MQTT_CA: "/ca.pem" })).toThrow(/TAKT_MQTT_CA: needs a TLS broker URL/);
    expect(() => loadConfig({ TAKT_MQTT_URL: "mqtts://broker", TAKT_MQTT_CERT: "/c.pem" })).toThrow(/TAKT_MQTT_KEY: a client certificate needs both/);
    expect(() => loadConfig({ TAKT_MQTT_PASSWORD: "pw" })).toThrow(/TAKT_MQTT_PASSWORD: is for an external broker/);
    let msg = "";
    try {
      loadConfig({ TAKT_MQTT_URL: "http://takt:hunter2@broker", TAKT_MQTT_PASSWORD: "" });
    } catch (e) {
      msg = (e as Error).message;
    }
    expect(msg).toMatch(/TAKT_MQTT_URL: .*takt:\*\*\*@broker/);
    expect(msg).not.toContain("hunter2");
  });
  it("lists every variable in the help", () => {
    expect(configHelp()).toContain("TAKT_DATABASE_URL");
    expect(configHelp()).toContain("TAKT_NATS_URL");
  });
});
