import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/server/config.js";
import { startRuntime, type Runtime } from "../../src/server/runtime.js";
import { dropPostgresSchema } from "../../src/adapters/sql/postgres.js";
import type { JetStreamBus } from "../../src/adapters/nats/jetstream-bus.js";
import { testCatalog } from "../support/test-catalog.js";
import { tinyModelJson, tinyPng } from "../support/tiny-inspection.js";
import { NATS_URL, PG_URL, uniqueName } from "./env.js";

/**
 * The rework loop on the production adapters: the camera finds a scratch on a planned unit (a
 * defect), planning pulls the unit out, it is repaired and passes re-inspection, and it re-enters
 * the released plan by itself through re-sequencing after the frozen horizon.
 */
async function until(cond: () => Promise<boolean>, ms: number): Promise<void> {
  const t0 = Date.now();
  while (!(await cond())) {
    if (Date.now() - t0 > ms) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe("rework re-enters the plan (PostgreSQL + NATS JetStream)", () => {
  const schema = uniqueName("takt_rw");
  const stream = uniqueName("TAKT_RW").toUpperCase();
  let rt: Runtime;
  const tok: Record<string, string> = {};
  const h = (role: string) => ({ authorization: `Bearer ${tok[role]}` });
  const post = (url: string, role: string, payload: object) => rt.app.inject({ method: "POST", url, headers: h(role), payload });
  const get = (url: string, role = "planner") => rt.app.inject({ url, headers: h(role) });

  beforeAll(async () => {
    rt = await startRuntime(
      loadConfig({ TAKT_DATABASE_URL: PG_URL, TAKT_DATABASE_SCHEMA: schema, TAKT_NATS_URL: NATS_URL, TAKT_NATS_STREAM: stream, TAKT_LOG_LEVEL: "silent", TAKT_PORT: "0", TAKT_MQTT_PORT: "0", TAKT_WEB_DIR: "/nonexistent" }),
      { catalog: testCatalog },
    );
    for (const t of rt.seed.tokens) tok[t.role] = t.token;
  }, 60_000);
  afterAll(async () => {
    await (rt.bus as JetStreamBus).deleteStream().catch(() => undefined);
    await rt.close();
    await dropPostgresSchema(PG_URL, schema);
  });

  it("a unit pulled out with a defect is put back once the defect is repaired and re-inspected", async () => {
    for (let i = 0; i < 16; i++) expect((await post("/api/v1/orders", "customer", { productId: "prd_test", selections: { colour: i % 2 ? "red" : "blue" } })).statusCode).toBe(201);
    const planId = (await post("/api/v1/plans", "planner", { seconds: 0.3, frozenCount: 3, seed: 1 })).json().id as string;
    let plan = (await get(`/api/v1/plans/${planId}`)).json();
    for (let i = 0; plan.status === "optimizing" && i < 100; i++) {
      await new Promise((r) => setTimeout(r, 100));
      plan = (await get(`/api/v1/plans/${planId}`)).json();
    }
    plan = (await post(`/api/v1/plans/${planId}/release`, "planner", {})).json();
    const victim = plan.sequence[8] as { orderId: string; unitId: string };

    // The paint camera finds a scratch on the unit: a defect is opened on it.
    expect((await post("/api/v1/quality/models", "quality", { name: "paint", format: "takt-json", model: tinyModelJson().toString("base64") })).statusCode).toBe(201);
    expect((await post("/api/v1/quality/stations/P01/live", "quality", { model: "paint@1", okLabels: ["ok"], defectCodes: { scratch: "PNT" }, location: "hood" })).statusCode).toBe(200);
    const insp = (await post("/api/v1/quality/stations/P01/inspections", "device", { unit: victim.unitId, image: tinyPng("scratch", 5).toString("base64") })).json();
    expect(insp.defect).toMatch(/^dfc_/);

    const pulled = (await post(`/api/v1/plans/${planId}/pull-out`, "planner", { orderId: victim.orderId })).json();
    expect(pulled.pulledOut).toEqual([victim.orderId]);
    const unitEvents = async () => (await rt.store.readStream(victim.unitId)).map((e) => e.type);
    await until(async () => (await unitEvents()).includes("unit.sent_to_rework"), 15_000);

    // Repaired, but not yet re-inspected: the unit stays out of the plan.
    expect((await post(`/api/v1/units/${victim.unitId}/defects/${insp.defect}/repair`, "operator", {})).statusCode).toBe(200);
    await new Promise((r) => setTimeout(r, 500));
    expect((await get(`/api/v1/plans/${planId}`)).json().pulledOut).toEqual([victim.orderId]);

    // Re-inspection passes: rework is done and the unit re-enters the plan after the frozen horizon.
    expect((await post(`/api/v1/units/${victim.unitId}/defects/${insp.defect}/reinspect`, "quality", { passed: true })).statusCode).toBe(200);
    await until(async () => (await get(`/api/v1/plans/${planId}`)).json().pulledOut.length === 0, 20_000);
    const back = (await get(`/api/v1/plans/${planId}`)).json();
    expect(back.sequence).toHaveLength(16);
    expect(back.sequence.slice(0, 3).map((p: { orderId: string }) => p.orderId)).toEqual(plan.sequence.slice(0, 3).map((p: { orderId: string }) => p.orderId));
    expect(back.sequence.findIndex((p: { orderId: string }) => p.orderId === victim.orderId)).toBeGreaterThanOrEqual(3);
    await until(async () => (await unitEvents()).includes("unit.returned_to_line"), 10_000);
    const ev = await unitEvents();
    expect(ev.indexOf("unit.sent_to_rework")).toBeLessThan(ev.indexOf("unit.rework_done"));
    expect(ev.indexOf("unit.rework_done")).toBeLessThan(ev.indexOf("unit.returned_to_line"));

    // A pull-out without a defect (a missing part, a customer change) is not rework: it stays out until planning puts it back.
    const other = back.sequence[10] as { orderId: string; unitId: string };
    expect((await post(`/api/v1/plans/${planId}/pull-out`, "planner", { orderId: other.orderId })).statusCode).toBe(200);
    await new Promise((r) => setTimeout(r, 1000));
    expect((await rt.store.readStream(other.unitId)).map((e) => e.type)).not.toContain("unit.sent_to_rework");
    expect((await get(`/api/v1/plans/${planId}`)).json().pulledOut).toEqual([other.orderId]);
  }, 90_000);
});
