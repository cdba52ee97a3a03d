import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../../kernel/index.js";
import { loadConfig } from "../config.js";
import { startRuntime, type Runtime } from "../runtime.js";

let rt: Runtime;
const tok: Record<string, string> = {};
const h = (role: string) => ({ authorization: `Bearer ${tok[role]}` });
let productId = "";

beforeAll(async () => {
  rt = await startRuntime(loadConfig({ TAKT_DATA_DIR: ":memory:", TAKT_LOG_LEVEL: "silent", TAKT_WEB_DIR: "/nonexistent", TAKT_MQTT_PORT: "0" }), { clock: new ManualClock("2026-03-02T06:00:00Z") });
  for (const t of rt.seed.tokens) tok[t.role] = t.token;
});
afterAll(async () => rt.close());

describe("the demo product in the platform", { timeout: 90_000 }, () => {
  it("is seeded at first start and listed", async () => {
    const r = (await rt.app.inject({ url: "/api/v1/products", headers: h("customer") })).json();
    expect(r.products).toHaveLength(1);
    productId = r.products[0].id;
  });

  it("shows valid and blocked values with a reason, never a dead end", async () => {
    const v = (await rt.app.inject({ method: "POST", url: `/api/v1/products/${productId}/configure`, headers: h("customer"), payload: { selections: {} } })).json();
    expect(BigInt(v.count)).toBeGreaterThan(1000n);
    expect(v.families.length).toBeGreaterThanOrEqual(10);
    // pick the first value of each family in turn, always a valid one: the session can never dead-end
    let sel: Record<string, string> = {};
    let blockedSeen = false;
    for (const f of v.families) {
      const view = (await rt.app.inject({ method: "POST", url: `/api/v1/products/${productId}/configure`, headers: h("customer"), payload: { selections: sel } })).json();
      const fam = view.families.find((x: { id: string }) => x.id === f.id);
      const blocked = fam.values.filter((x: { valid: boolean }) => !x.valid);
      for (const b of blocked) {
        blockedSeen = true;
        expect(b.blockedBy.reason.length).toBeGreaterThan(5);
      }
      const pick = fam.values.find((x: { valid: boolean }) => x.valid);
      expect(pick).toBeDefined();
      sel = { ...sel, [f.id]: pick.id };
    }
    expect(blockedSeen).toBe(true);
    const done = (await rt.app.inject({ method: "POST", url: `/api/v1/products/${productId}/configure`, headers: h("customer"), payload: { selections: sel } })).json();
    expect(done.complete).toBe(true);
    expect(done.count).toBe("1");
    const order = await rt.app.inject({ method: "POST", url: "/api/v1/orders", headers: h("customer"), payload: { productId, selections: sel } });
    expect(order.statusCode).toBe(201);
    expect(order.json().configuration.bom.length).toBeGreaterThan(20);
    expect(order.json().configuration.price.total.amount).toBe(done.price.total.amount);
  });

  it("completes with defaults and with the cheapest choices", async () => {
    const d = (await rt.app.inject({ method: "POST", url: `/api/v1/products/${productId}/complete`, headers: h("customer"), payload: { selections: {} } })).json();
    const c = (await rt.app.inject({ method: "POST", url: `/api/v1/products/${productId}/complete`, headers: h("customer"), payload: { selections: {}, strategy: "cheapest" } })).json();
    expect(d.complete && c.complete).toBe(true);
    // "cheapest" minimizes the sum of the chosen values' prices exactly (rule-conditioned surcharges are not part of it)
    const optionSum = (v: { families: { selected: string; values: { id: string; price: { amount: number } }[] }[] }) =>
      v.families.reduce((t, f) => t + f.values.find((x) => x.id === f.selected)!.price.amount, 0);
    expect(optionSum(c)).toBeLessThanOrEqual(optionSum(d));
  });

  it("gives the operator work instructions for a released unit: tasks with times and the parts to scan", async () => {
    const d = (await rt.app.inject({ method: "POST", url: `/api/v1/products/${productId}/complete`, headers: h("customer"), payload: { selections: {} } })).json();
    const order = (await rt.app.inject({ method: "POST", url: "/api/v1/orders", headers: h("customer"), payload: { productId, selections: d.selections } })).json();
    const plan = (await rt.app.inject({ method: "POST", url: "/api/v1/plans", headers: h("planner"), payload: { seconds: 0.2 } })).json();
    let status = plan.status;
    for (let i = 0; i < 100 && status === "optimizing"; i++) {
      await new Promise((r) => setTimeout(r, 50));
      status = (await rt.app.inject({ url: `/api/v1/plans/${plan.id}`, headers: h("planner") })).json().status;
    }
    const released = (await rt.app.inject({ method: "POST", url: `/api/v1/plans/${plan.id}/release`, headers: h("planner"), payload: {} })).json();
    const unitId = released.sequence.find((p: { orderId: string }) => p.orderId === order.id).unitId;
    const station = order.configuration.bom.find((b: { station?: string }) => b.station).station;
    const wi = await rt.app.inject({ url: `/api/v1/lines/A1/stations/${station}/instructions?unit=${unitId}`, headers: h("operator") });
    expect(wi.statusCode).toBe(200);
    const body = wi.json();
    expect(body.orderId).toBe(order.id);
    expect(body.parts.length).toBeGreaterThan(0);
    expect(body.parts.map((x: { partNumber: string }) => x.partNumber)).toEqual(
      order.configuration.bom.filter((b: { station?: string }) => b.station === station).map((b: { partNumber: string }) => b.partNumber),
    );
    expect(body.taskSeconds).toBe(body.tasks.reduce((t: number, x: { seconds: number }) => t + x.seconds, 0));
    const empty = await rt.app.inject({ url: `/api/v1/lines/A1/stations/${station}/instructions`, headers: h("operator") });
    expect(empty.statusCode).toBe(200);
    expect(empty.json()).toMatchObject({ station, unit: null });
    expect((await rt.app.inject({ url: `/api/v1/lines/A1/stations/Z99/instructions?unit=${unitId}`, headers: h("operator") })).statusCode).toBe(404);
  });

  it("names an unknown family or value with 400", async () => {
    const r = await rt.app.inject({ method: "POST", url: `/api/v1/products/${productId}/configure`, headers: h("customer"), payload: { selections: { flux_capacitor: "yes" } } });
    expect(r.statusCode).toBe(400);
    expect(r.json().message).toContain("flux_capacitor");
    const o = await rt.app.inject({ method: "POST", url: "/api/v1/orders", headers: h("customer"), payload: { productId, selections: { flux_capacitor: "yes" } } });
    expect(o.statusCode).toBe(400);
  });
});
