import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../../kernel/index.js";
import { testCatalog } from "../../../test/support/test-catalog.js";
import { loadConfig } from "../config.js";
import { startRuntime, type Runtime } from "../runtime.js";
import { boundsOf } from "../../workflows/planning/plan-service.js";

let rt: Runtime;
const tok: Record<string, string> = {};
const h = (role: string) => ({ authorization: `Bearer ${tok[role]}` });
const N = 60;

beforeAll(async () => {
  rt = await startRuntime(loadConfig({ TAKT_DATA_DIR: ":memory:", TAKT_LOG_LEVEL: "silent", TAKT_WEB_DIR: "/nonexistent", TAKT_MQTT_PORT: "0" }), { clock: new ManualClock("2026-03-02T06:00:00Z"), catalog: testCatalog });
  for (const t of rt.seed.tokens) tok[t.role] = t.token;
  for (let i = 0; i < N; i++) {
    const selections = i % 3 === 0 ? { colour: "blue", roof: "glass" } : { colour: i % 2 ? "red" : "blue" };
    const r = await rt.app.inject({ method: "POST", url: "/api/v1/orders", headers: h("customer"), payload: { productId: "prd_test", selections } });
    expect(r.statusCode).toBe(201);
  }
});
afterAll(async () => rt.close());

describe("planning over HTTP", () => {
  let planId = "";
  it("sequences the waiting orders under rules derived from work content and the paint limit", async () => {
    const r = await rt.app.inject({ method: "POST", url: "/api/v1/plans", headers: h("planner"), payload: { seconds: 0.5, paintBatchLimit: 5, frozenCount: 10, seed: 7 } });
    expect(r.statusCode).toBe(202);
    planId = r.json().id;
    expect(r.json().status).toBe("optimizing");
    await new Promise((res) => setTimeout(res, 700));
    let plan = (await rt.app.inject({ url: `/api/v1/plans/${planId}`, headers: h("planner") })).json();
    for (let i = 0; plan.status === "optimizing" && i < 50; i++) {
      await new Promise((res) => setTimeout(res, 100));
      plan = (await rt.app.inject({ url: `/api/v1/plans/${planId}`, headers: h("planner") })).json();
    }
    expect(plan.status).toBe("proposed");
    expect(plan.rules.map((x: { station: string }) => x.station)).toEqual(["T04"]);
    const ids = plan.sequence.map((p: { orderId: string }) => p.orderId);
    expect(new Set(ids).size).toBe(N);
    let run = 1;
    for (let i = 1; i < plan.sequence.length; i++) {
      run = plan.sequence[i].colour === plan.sequence[i - 1].colour ? run + 1 : 1;
      expect(run).toBeLessThanOrEqual(5);
    }
    expect(plan.value.objective).toBeLessThanOrEqual(plan.start.objective);
    expect(plan.progress.length).toBeGreaterThanOrEqual(2);
    expect(plan.value.hprc).toBeGreaterThanOrEqual(plan.bounds.hprc);
  });

  it("releases: orders scheduled, the horizon frozen and closed to changes", async () => {
    const r = await rt.app.inject({ method: "POST", url: `/api/v1/plans/${planId}/release`, headers: h("planner"), payload: {} });
    expect(r.statusCode).toBe(200);
    const plan = r.json();
    const first = plan.sequence[0].orderId;
    const last = plan.sequence.at(-1).orderId;
    const o1 = (await rt.app.inject({ url: `/api/v1/orders/${first}`, headers: h("planner") })).json();
    expect(o1.slot).toMatchObject({ planId, position: 1, frozen: true });
    const cancel = await rt.app.inject({ method: "POST", url: `/api/v1/orders/${first}/cancel`, headers: h("customer"), payload: { reason: "x" } });
    expect(cancel.statusCode).toBe(409);
    const on = (await rt.app.inject({ url: `/api/v1/orders/${last}`, headers: h("planner") })).json();
    expect(on.slot).toMatchObject({ frozen: false, position: N });
    expect((await rt.app.inject({ method: "POST", url: `/api/v1/plans/${planId}/release`, headers: h("planner"), payload: {} })).statusCode).toBe(409);
  });

  it("pulls a unit out and puts it back, keeping frozen positions, fast", async () => {
    const before = (await rt.app.inject({ url: `/api/v1/plans/${planId}`, headers: h("planner") })).json();
    const frozenIds = before.sequence.filter((p: { frozen: boolean }) => p.frozen).map((p: { orderId: string }) => p.orderId);
    const victim = before.sequence[30].orderId;
    const t0 = Date.now();
    const pulled = (await rt.app.inject({ method: "POST", url: `/api/v1/plans/${planId}/pull-out`, headers: h("planner"), payload: { orderId: victim } })).json();
    expect(Date.now() - t0).toBeLessThan(1500);
    expect(pulled.sequence).toHaveLength(N - 1);
    expect(pulled.sequence.slice(0, 10).map((p: { orderId: string }) => p.orderId)).toEqual(frozenIds);
    expect(pulled.pulledOut).toEqual([victim]);
    // bounds are those of the units still in the sequence, not of the plan as proposed
    expect(pulled.bounds).toEqual(boundsOf(pulled, 0));
    expect(pulled.value.objective).toBeGreaterThanOrEqual(pulled.bounds.objective);
    const back = (await rt.app.inject({ method: "POST", url: `/api/v1/plans/${planId}/put-back`, headers: h("planner"), payload: { orderId: victim } })).json();
    expect(back.sequence).toHaveLength(N);
    expect(back.sequence.slice(0, 10).map((p: { orderId: string }) => p.orderId)).toEqual(frozenIds);
    expect(back.sequence.findIndex((p: { orderId: string }) => p.orderId === victim)).toBeGreaterThanOrEqual(10);
  });

  it("station events move the released orders through production, quality and completion", async () => {
    const plan = (await rt.app.inject({ url: `/api/v1/plans/${planId}`, headers: h("planner") })).json();
    const { unitId, orderId } = plan.sequence[0];
    const site = (await rt.app.inject({ url: "/api/v1/plant", headers: h("planner") })).json().site;
    const stations: string[] = site.areas[0].lines[0].stations.map((s: { code: string }) => s.code);
    const move = async (type: string, station: string) =>
      rt.store.transaction((tx) => tx.append(unitId, "any", [{ type, source: `/lines/A1/stations/${station}`, subject: unitId, stream: unitId, data: { line: "A1", station, unit: unitId, at: 0 } }]));
    const order = async () => (await rt.app.inject({ url: `/api/v1/orders/${orderId}`, headers: h("planner") })).json();
    const waitFor = async (pred: (o: { status: string; currentStation: string | null }) => boolean) => {
      for (let i = 0; i < 100 && !pred(await order()); i++) await new Promise((r) => setTimeout(r, 20));
      return order();
    };
    rt.relay.kick();
    await move("unit.entered_station", stations[0]!);
    rt.relay.kick();
    expect(await waitFor((o) => o.status === "in_production")).toMatchObject({ status: "in_production", currentStation: stations[0], unitId });
    await move("unit.entered_station", "F05");
    rt.relay.kick();
    expect((await waitFor((o) => o.currentStation === "F05")).currentStation).toBe("F05");
    await move("unit.entered_station", "Q01");
    rt.relay.kick();
    expect((await waitFor((o) => o.status === "in_quality")).status).toBe("in_quality");
    await move("unit.left_station", stations.at(-1)!);
    rt.relay.kick();
    expect((await waitFor((o) => o.status === "completed")).status).toBe("completed");
    const tracking = (await rt.app.inject({ url: `/api/v1/orders/${orderId}/tracking`, headers: h("planner") })).json();
    expect(tracking.stageIndex).toBe(4);
  });

  it("holds a unit with a defect at the end-of-line gate; repair and re-inspection release it and complete the order", async () => {
    const plan = (await rt.app.inject({ url: `/api/v1/plans/${planId}`, headers: h("planner") })).json();
    const { unitId, orderId } = plan.sequence[1];
    const site = (await rt.app.inject({ url: "/api/v1/plant", headers: h("planner") })).json().site;
    const stations: string[] = site.areas[0].lines[0].stations.map((s: { code: string }) => s.code);
    const put = async (type: string, station: string, extra: Record<string, unknown> = {}) => {
      await rt.store.transaction((tx) => tx.append(unitId, "any", [{ type, source: `/lines/A1/stations/${station}`, subject: unitId, stream: unitId, data: { line: "A1", station, unit: unitId, at: 0, ...extra } }]));
      rt.relay.kick();
    };
    const order = async () => (await rt.app.inject({ url: `/api/v1/orders/${orderId}`, headers: h("planner") })).json();
    const defectsOf = async () => (await rt.app.inject({ url: `/api/v1/units/${unitId}/defects`, headers: h("quality") })).json();
    const until = async (pred: () => Promise<boolean>) => {
      for (let i = 0; i < 150 && !(await pred()); i++) await new Promise((r) => setTimeout(r, 20));
    };
    await put("unit.entered_station", stations[0]!);
    await put("operation.completed", "C04", { operation: "marriage bolts", ok: true, values: [{ name: "torque", value: 151, uom: "N·m", min: 110, max: 130 }] });
    await until(async () => (await defectsOf()).defects.length === 1);
    const found = (await defectsOf()).defects[0];
    expect(found).toMatchObject({ code: "TRQ", station: "C04", state: "open" });
    await put("unit.entered_station", "Q01");
    await put("unit.left_station", stations.at(-1)!);
    await until(async () => (await defectsOf()).heldAt !== null);
    expect((await defectsOf()).heldAt).toBe("end-of-line");
    expect((await order()).status).toBe("in_quality");
    const rep = await rt.app.inject({ method: "POST", url: `/api/v1/units/${unitId}/defects/${found.id}/repair`, headers: h("quality"), payload: { note: "bolts re-torqued" } });
    expect(rep.statusCode).toBe(200);
    expect((await order()).status).toBe("in_quality");
    const ok = await rt.app.inject({ method: "POST", url: `/api/v1/units/${unitId}/defects/${found.id}/reinspect`, headers: h("quality"), payload: { passed: true } });
    expect(ok.json()).toMatchObject({ heldAt: null });
    expect((await order()).status).toBe("completed");
    const bad = await rt.app.inject({ method: "POST", url: `/api/v1/units/${unitId}/defects`, headers: h("quality"), payload: { station: "Q05", code: "XYZ", location: "hood" } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().issues[0].path).toBe("/code");
  });

  it("refuses planning to other roles and bad input", async () => {
    expect((await rt.app.inject({ method: "POST", url: "/api/v1/plans", headers: h("customer"), payload: {} })).statusCode).toBe(403);
    const bad = await rt.app.inject({ method: "POST", url: "/api/v1/plans", headers: h("planner"), payload: { seconds: -1 } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().issues[0].path).toBe("/seconds");
  });

  it("releasing a plan supersedes the other proposals and the plan released before", async () => {
    const propose = async (seed: number) => {
      const id = (await rt.app.inject({ method: "POST", url: "/api/v1/plans", headers: h("planner"), payload: { seconds: 0.2, frozenCount: 5, seed } })).json().id as string;
      for (let i = 0; i < 100; i++) {
        const p = (await rt.app.inject({ url: `/api/v1/plans/${id}`, headers: h("planner") })).json();
        if (p.status !== "optimizing") break;
        await new Promise((res) => setTimeout(res, 50));
      }
      return id;
    };
    const first = await propose(1);
    const second = await propose(2);
    expect((await rt.app.inject({ method: "POST", url: `/api/v1/plans/${second}/release`, headers: h("planner"), payload: {} })).statusCode).toBe(200);
    const status = async (id: string) => (await rt.app.inject({ url: `/api/v1/plans/${id}`, headers: h("planner") })).json().status;
    expect(await status(first)).toBe("superseded");
    expect(await status(planId)).toBe("superseded");
    expect(await status(second)).toBe("released");
    expect((await rt.app.inject({ method: "POST", url: `/api/v1/plans/${first}/release`, headers: h("planner"), payload: {} })).statusCode).toBe(409);
  });
});
