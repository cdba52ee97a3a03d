import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../../kernel/index.js";
import { loadConfig } from "../config.js";
import { startRuntime, type Runtime } from "../runtime.js";

let rt: Runtime;
const tok: Record<string, string> = {};
const h = (role: string) => ({ authorization: `Bearer ${tok[role]}` });

beforeAll(async () => {
  rt = await startRuntime(loadConfig({ TAKT_DATA_DIR: ":memory:", TAKT_LOG_LEVEL: "silent", TAKT_WEB_DIR: "/nonexistent", TAKT_MQTT_PORT: "0" }), { clock: new ManualClock() });
  for (const t of rt.seed.tokens) tok[t.role] = t.token;
});
afterAll(async () => rt.close());

describe("quality SPC over HTTP", () => {
  it("lists characteristics, refuses a chart without data naming why, and other roles", async () => {
    const list = await rt.app.inject({ url: "/api/v1/quality/lines/A1/characteristics", headers: h("quality") });
    expect(list.statusCode).toBe(200);
    expect(list.json().characteristics).toEqual([]);
    const r = await rt.app.inject({ url: "/api/v1/quality/lines/A1/stations/C04/spc/torque?subgroup=5", headers: h("quality") });
    expect(r.statusCode).toBe(400);
    expect(r.json().message).toContain("only 0 values");
    expect((await rt.app.inject({ url: "/api/v1/quality/lines/A1/characteristics", headers: h("customer") })).statusCode).toBe(403);
    expect((await rt.app.inject({ url: "/api/v1/quality/lines/A1/stations/C04/spc/torque?subgroup=99", headers: h("quality") })).statusCode).toBe(400);
  });
});
