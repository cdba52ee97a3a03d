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
  it("lists every variable in the help", () => {
    expect(configHelp()).toContain("TAKT_DATABASE_URL");
    expect(configHelp()).toContain("TAKT_NATS_URL");
  });
});
