import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../../kernel/index.js";
import { testCatalog as catalog } from "../../../test/support/test-catalog.js";
import { OrderService } from "../../workflows/orders/order-service.js";
import { loadConfig } from "../config.js";
import { startRuntime, type Runtime } from "../runtime.js";

let rt: Runtime;
const tok: Record<string, string> = {};
const h = (role: string) => ({ authorization: `Bearer ${tok[role]}` });

beforeAll(async () => {
  rt = await startRuntime(loadConfig({ TAKT_DATA_DIR: ":memory:", TAKT_LOG_LEVEL: "silent", TAKT_WEB_DIR: "/nonexistent", TAKT_MQTT_PORT: "0" }), { clock: new ManualClock("2026-03-02T06:00:00Z"), catalog });
  for (const t of rt.seed.tokens) tok[t.role] = t.token;
});
afterAll(async () => rt.close());

describe("orders over HTTP", () => {
  it("places an order configured and priced on the server, owned by the customer", async () => {
    const r = await rt.app.inject({ method: "POST", url: "/api/v1/orders", headers: h("customer"), payload: { productId: "prd_test", selections: { colour: "blue", roof: "glass" } } });
    expect(r.statusCode).toBe(201);
    const o = r.json();
    expect(o).toMatchObject({ status: "placed", customerId: "cus_demo" });
    expect(o.configuration.price.total).toEqual({ amount: 2_150_000, currency: "EUR" });
    expect(o.configuration.bom.map((l: { partNumber: string }) => l.partNumber)).toEqual(["BODY-1", "ROOF-G"]);
  });

  it("rejects a configuration that breaks a rule with 400 naming it, and writes nothing", async () => {
    const before = (await rt.store.listDocuments("orders")).length;
    const r = await rt.app.inject({ method: "POST", url: "/api/v1/orders", headers: h("customer"), payload: { productId: "prd_test", selections: { colour: "red", roof: "glass" } } });
    expect(r.statusCode).toBe(400);
    expect(r.json().issues[0]).toMatchObject({ path: "/selections/roof" });
    const unknown = await rt.app.inject({ method: "POST", url: "/api/v1/orders", headers: h("customer"), payload: { productId: "prd_test", selections: { wheels: "19" } } });
    expect(unknown.json().issues[0].path).toBe("/selections/wheels");
    expect((await rt.store.listDocuments("orders")).length).toBe(before);
  });

  it("a customer sees only its own orders; a planner sees all", async () => {
    const other = (await rt.app.inject({ method: "POST", url: "/api/v1/customers", headers: h("admin"), payload: { name: "O", email: "o@x.io" } })).json().id;
    const theirs = (await rt.app.inject({ method: "POST", url: "/api/v1/orders", headers: h("planner"), payload: { productId: "prd_test", selections: { colour: "red" }, customerId: other } })).json();
    expect((await rt.app.inject({ url: `/api/v1/orders/${theirs.id}`, headers: h("customer") })).statusCode).toBe(404);
    const mine = (await rt.app.inject({ url: "/api/v1/orders", headers: h("customer") })).json().orders;
    expect(mine.every((o: { customerId: string }) => o.customerId === "cus_demo")).toBe(true);
    const all = (await rt.app.inject({ url: "/api/v1/orders", headers: h("planner") })).json().orders;
    expect(all.length).toBeGreaterThan(mine.length);
  });

  it("changes and cancels until the frozen horizon, then 409 with the reason", async () => {
    const o = (await rt.app.inject({ method: "POST", url: "/api/v1/orders", headers: h("customer"), payload: { productId: "prd_test", selections: { colour: "red" } } })).json();
    const changed = await rt.app.inject({ method: "POST", url: `/api/v1/orders/${o.id}/change`, headers: h("customer"), payload: { selections: { colour: "blue", roof: "glass" } } });
    expect(changed.statusCode).toBe(200);
    expect(changed.json().configuration.price.total.amount).toBe(2_150_000);
    // the plan freezes it
    const slot = { planId: "plan_1", position: 3, frozen: false, plannedStart: "2026-03-03T06:04:30.000Z" };
    const svc = new OrderService(rt.store, catalog, new ManualClock("2026-03-02T07:00:00Z"));
    await svc.command(o.id, { kind: "schedule", slot });
    await svc.command(o.id, { kind: "freeze", slot });
    const late = await rt.app.inject({ method: "POST", url: `/api/v1/orders/${o.id}/cancel`, headers: h("customer"), payload: { reason: "changed my mind" } });
    expect(late.statusCode).toBe(409);
    expect(late.json().message).toContain("frozen horizon of plan plan_1");
    const tracking = (await rt.app.inject({ url: `/api/v1/orders/${o.id}/tracking`, headers: h("customer") })).json();
    expect(tracking).toMatchObject({ status: "scheduled", stageIndex: 1 });
    expect(tracking.eta).toBe(new Date(Date.parse(slot.plannedStart) + 40 * 90_000).toISOString());
  });

  it("streams an order's events live over SSE, resuming after Last-Event-ID", async () => {
    const o = (await rt.app.inject({ method: "POST", url: "/api/v1/orders", headers: h("customer"), payload: { productId: "prd_test", selections: { colour: "red" } } })).json();
    const url = await rt.listen();
    const ctl = new AbortController();
    const res = await fetch(`${url}/api/v1/orders/${o.id}/events`, { headers: h("customer"), signal: ctl.signal });
    expect(res.headers.get("content-type")).toContain("text/event-stream");
    const reader = res.body!.getReader();
    let text = "";
    const readUntil = async (s: string) => {
      while (!text.includes(s)) text += new TextDecoder().decode((await reader.read()).value);
    };
    await readUntil("event: order.placed");
    await rt.app.inject({ method: "POST", url: `/api/v1/orders/${o.id}/hold`, headers: h("planner"), payload: { reason: "supplier delay" } });
    await readUntil("event: order.held");
    expect(text).toContain("id: 2");
    ctl.abort();
    const again = await fetch(`${url}/api/v1/orders/${o.id}/events`, { headers: { ...h("customer"), "last-event-id": "1" } });
    const r2 = again.body!.getReader();
    const first = new TextDecoder().decode((await r2.read()).value);
    expect(first).toContain("event: order.held");
    expect(first).not.toContain("order.placed");
    await r2.cancel();
  });
});
