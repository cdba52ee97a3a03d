import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../../kernel/index.js";
import { loadConfig } from "../config.js";
import { startRuntime, type Runtime } from "../runtime.js";

let rt: Runtime;
const tok: Record<string, string> = {};
const h = (role: string) => ({ authorization: `Bearer ${tok[role]}` });
const clock = new ManualClock("2026-03-02T06:00:00Z");

beforeAll(async () => {
  rt = await startRuntime(loadConfig({ TAKT_DATA_DIR: ":memory:", TAKT_LOG_LEVEL: "silent", TAKT_WEB_DIR: "/nonexistent", TAKT_MQTT_PORT: "0" }), { clock });
  for (const t of rt.seed.tokens) tok[t.role] = t.token;
});
afterAll(async () => rt.close());

/** Orders one car, sequences and releases it; returns its unit and a station where it gets parts. */
async function releasedUnit(): Promise<{ unitId: string; station: string; partNumbers: string[] }> {
  const productId = (await rt.app.inject({ url: "/api/v1/products", headers: h("customer") })).json().products[0].id;
  const d = (await rt.app.inject({ method: "POST", url: `/api/v1/products/${productId}/complete`, headers: h("customer"), payload: { selections: {} } })).json();
  const order = (await rt.app.inject({ method: "POST", url: "/api/v1/orders", headers: h("customer"), payload: { productId, selections: d.selections } })).json();
  const plan = (await rt.app.inject({ method: "POST", url: "/api/v1/plans", headers: h("planner"), payload: { seconds: 0.2 } })).json();
  let status = plan.status;
  for (let i = 0; i < 100 && status === "optimizing"; i++) {
    await new Promise((r) => setTimeout(r, 50));
    status = (await rt.app.inject({ url: `/api/v1/plans/${plan.id}`, headers: h("planner") })).json().status;
  }
  const released = (await rt.app.inject({ method: "POST", url: `/api/v1/plans/${plan.id}/release`, headers: h("planner"), payload: {} })).json();
  const unitId = released.sequence.find((p: { orderId: string }) => p.orderId === order.id).unitId as string;
  const bom = order.configuration.bom as { station?: string; partNumber: string }[];
  const station = bom.find((b) => b.station)!.station!;
  return { unitId, station, partNumbers: bom.filter((b) => b.station === station).map((b) => b.partNumber) };
}

describe("the operator at a station", { timeout: 90_000 }, () => {
  let unit: Awaited<ReturnType<typeof releasedUnit>>;
  let seq = 0;
  const device = (station: string, event: string, body: Record<string, unknown>) =>
    rt.app.inject({ method: "POST", url: `/api/v1/lines/A1/stations/${station}/${event}`, headers: h("device"), payload: { id: `d${++seq}`, at: clock.nowMs(), ...body } });

  it("sees 'no unit' (200, unit null) at an empty station, then the unit's instructions when it arrives", async () => {
    unit = await releasedUnit();
    const empty = await rt.app.inject({ url: `/api/v1/lines/A1/stations/${unit.station}/instructions`, headers: h("operator") });
    expect(empty.statusCode).toBe(200);
    expect(empty.json()).toMatchObject({ station: unit.station, unit: null, taktSeconds: 90 });
    expect((await device(unit.station, "unit-entered", { unit: unit.unitId })).statusCode).toBe(202);
    const wi = (await rt.app.inject({ url: `/api/v1/lines/A1/stations/${unit.station}/instructions`, headers: h("operator") })).json();
    expect(wi).toMatchObject({ unit: unit.unitId, unitId: unit.unitId, station: unit.station });
    expect(wi.parts.map((p: { partNumber: string }) => p.partNumber)).toEqual(unit.partNumbers);
  });

  it("records a scanned part with serial and lot in the unit's genealogy; refuses a part not in the BOM and a unit not at the station", async () => {
    const url = `/api/v1/lines/A1/stations/${unit.station}/parts`;
    const partNumber = unit.partNumbers[0]!;
    const ok = await rt.app.inject({ method: "POST", url, headers: h("operator"), payload: { unit: unit.unitId, partNumber, serial: "SN-0001", lot: "LOT-42" } });
    expect(ok.statusCode).toBe(201);
    const genealogy = (await rt.app.inject({ url: `/api/v1/units/${unit.unitId}`, headers: h("quality") })).json().genealogy;
    expect(genealogy.parts).toEqual([expect.objectContaining({ partNumber, serial: "SN-0001", lot: "LOT-42", station: unit.station })]);
    expect((await rt.app.inject({ url: "/api/v1/lots/LOT-42/units", headers: h("quality") })).json().units).toEqual([expect.objectContaining({ unit: unit.unitId })]);

    const wrong = await rt.app.inject({ method: "POST", url, headers: h("operator"), payload: { unit: unit.unitId, partNumber: "NOT-A-PART", serial: "S", lot: "L" } });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().issues[0].path).toBe("/partNumber");
    const elsewhere = await rt.app.inject({ method: "POST", url, headers: h("operator"), payload: { unit: "unit_other", partNumber, serial: "S", lot: "L" } });
    expect(elsewhere.statusCode).toBe(409);
    const badSerial = await rt.app.inject({ method: "POST", url, headers: h("operator"), payload: { unit: unit.unitId, partNumber, serial: "has space", lot: "L" } });
    expect(badSerial.statusCode).toBe(400);
    expect((await rt.app.inject({ method: "POST", url, headers: h("customer"), payload: { unit: unit.unitId, partNumber, serial: "S", lot: "L" } })).statusCode).toBe(403);
  });

  it("raises andon with a reason and clears it; the andon board and OEE see it like a device's", async () => {
    const url = `/api/v1/lines/A1/stations/${unit.station}/andon`;
    expect((await rt.app.inject({ method: "POST", url, headers: h("operator"), payload: { reason: "   " } })).statusCode).toBe(400);
    expect((await rt.app.inject({ method: "POST", url, headers: h("operator"), payload: {} })).statusCode).toBe(400);
    expect((await rt.app.inject({ method: "POST", url, headers: h("customer"), payload: { reason: "x" } })).statusCode).toBe(403);
    expect((await rt.app.inject({ method: "POST", url: "/api/v1/lines/A1/stations/Z99/andon", headers: h("operator"), payload: { reason: "x" } })).statusCode).toBe(404);

    const raisedAt = clock.nowMs();
    const raised = await rt.app.inject({ method: "POST", url, headers: h("operator"), payload: { reason: "torque tool broken" } });
    expect(raised.statusCode).toBe(201);
    expect(raised.json()).toMatchObject({ station: unit.station, andon: { reason: "torque tool broken", unit: unit.unitId } });
    expect((await rt.app.inject({ method: "POST", url, headers: h("operator"), payload: { reason: "again" } })).statusCode).toBe(409);
    const board = (await rt.app.inject({ url: "/api/v1/lines/A1/andons", headers: h("planner") })).json().andons;
    expect(board).toEqual([expect.objectContaining({ station: unit.station, kind: "andon", reason: "torque tool broken", unit: unit.unitId, to: null })]);
    const state = (await rt.app.inject({ url: "/api/v1/lines/A1/state", headers: h("admin") })).json();
    expect(state.stations.find((s: { code: string }) => s.code === unit.station).andon).toMatchObject({ reason: "torque tool broken" });

    clock.advance(60_000);
    const cleared = await rt.app.inject({ method: "POST", url: `${url}/clear`, headers: h("operator"), payload: {} });
    expect(cleared.statusCode).toBe(200);
    expect(cleared.json().andon).toBeNull();
    expect((await rt.app.inject({ method: "POST", url: `${url}/clear`, headers: h("operator"), payload: {} })).statusCode).toBe(409);
    expect((await rt.app.inject({ url: "/api/v1/lines/A1/andons", headers: h("planner") })).json().andons).toEqual([]);
    const window = `from=${new Date(raisedAt - 1000).toISOString()}&to=${new Date(raisedAt + 120_000).toISOString()}`;
    const oee = (await rt.app.inject({ url: `/api/v1/lines/A1/oee?${window}`, headers: h("planner") })).json();
    expect(oee.stations.find((s: { code: string }) => s.code === unit.station).andonMs).toBe(60_000);
  });

  it("streams the line state live (SSE): the state at once, then one per change", async () => {
    const base = await rt.app.listen({ port: 0, host: "127.0.0.1" });
    const abort = new AbortController();
    const res = await fetch(`${base}/api/v1/lines/A1/live`, { headers: h("admin"), signal: abort.signal });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/event-stream");
    const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
    let text = "";
    const states = (): { stations: { code: string; andon: { reason: string } | null }[] }[] =>
      text.split("\n\n").filter((b) => b.includes("event: state")).map((b) => JSON.parse(b.split("\ndata: ")[1]!));
    const until = async (n: number) => {
      while (states().length < n) text += (await reader.read()).value ?? "";
    };
    await until(1);
    expect(states()[0]!.stations).toHaveLength(40);
    await rt.app.inject({ method: "POST", url: `/api/v1/lines/A1/stations/${unit.station}/andon`, headers: h("operator"), payload: { reason: "live check" } });
    await until(2);
    expect(states().at(-1)!.stations.find((s) => s.code === unit.station)!.andon).toMatchObject({ reason: "live check" });
    await rt.app.inject({ method: "POST", url: `/api/v1/lines/A1/stations/${unit.station}/andon/clear`, headers: h("operator"), payload: {} });
    await until(3);
    expect(states().at(-1)!.stations.find((s) => s.code === unit.station)!.andon).toBeNull();
    expect((await fetch(`${base}/api/v1/lines/A1/live`, { headers: h("customer") })).status).toBe(403);
    expect((await fetch(`${base}/api/v1/lines/ZZ/live`, { headers: h("admin") })).status).toBe(404);
    abort.abort();
  });
});
