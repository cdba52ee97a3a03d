import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../../kernel/index.js";
import { tinyModelJson, tinyModelOnnx, tinyPng, TINY_FEATURES } from "../../../test/support/tiny-inspection.js";
import { loadConfig } from "../config.js";
import { startRuntime, type Runtime } from "../runtime.js";

let rt: Runtime;
const tok: Record<string, string> = {};
const h = (role: string) => ({ authorization: `Bearer ${tok[role]}` });
const b64 = (b: Buffer) => b.toString("base64");

beforeAll(async () => {
  rt = await startRuntime(loadConfig({ TAKT_DATA_DIR: ":memory:", TAKT_LOG_LEVEL: "silent", TAKT_WEB_DIR: "/nonexistent", TAKT_MQTT_PORT: "0" }), { clock: new ManualClock() });
  for (const t of rt.seed.tokens) tok[t.role] = t.token;
});
afterAll(async () => rt.close());

const post = (url: string, role: string, payload: object) => rt.app.inject({ method: "POST", url, headers: h(role), payload });

describe("AI inspection over HTTP", () => {
  it("registers model versions; a corrupt or non-base64 file is a 400 naming the field; only quality engineers register", async () => {
    const r1 = await post("/api/v1/quality/models", "quality", { name: "paint", format: "takt-json", model: b64(tinyModelJson()), metrics: { accuracy: 0.99 } });
    expect(r1.statusCode).toBe(201);
    expect(r1.json()).toMatchObject({ ref: "paint@1", classes: ["ok", "scratch"], metrics: { accuracy: 0.99 }, inputKind: "features" });
    const r2 = await post("/api/v1/quality/models", "quality", { name: "paint", format: "onnx", model: b64(tinyModelOnnx(true)), classes: ["ok", "scratch"], input: { kind: "features", features: TINY_FEATURES }, output: "probabilities" });
    expect(r2.statusCode).toBe(201);
    expect(r2.json().ref).toBe("paint@2");
    const corrupt = await post("/api/v1/quality/models", "quality", { name: "paint", format: "takt-json", model: b64(Buffer.from("{ not json")) });
    expect(corrupt.statusCode).toBe(400);
    expect(corrupt.json().issues[0].path).toBe("/model");
    expect(corrupt.json().message).toMatch(/invalid JSON/);
    const notB64 = await post("/api/v1/quality/models", "quality", { name: "paint", format: "takt-json", model: "@@@@" });
    expect(notB64.statusCode).toBe(400);
    expect(notB64.json().issues[0].path).toBe("/model");
    const onnxNoClasses = await post("/api/v1/quality/models", "quality", { name: "paint", format: "onnx", model: b64(tinyModelOnnx()) });
    expect(onnxNoClasses.json().issues[0].path).toBe("/classes");
    const badName = await post("/api/v1/quality/models", "quality", { name: "Paint!", format: "takt-json", model: b64(tinyModelJson()) });
    expect(badName.statusCode).toBe(400);
    expect((await post("/api/v1/quality/models", "operator", { name: "paint", format: "takt-json", model: b64(tinyModelJson()) })).statusCode).toBe(403);
    const list = await rt.app.inject({ url: "/api/v1/quality/models", headers: h("quality") });
    expect(list.json().models.map((m: { ref: string }) => m.ref)).toEqual(["paint@1", "paint@2"]);
    expect((await rt.app.inject({ url: "/api/v1/quality/models", headers: h("customer") })).statusCode).toBe(403);
  });

  it("deploys live and shadow at a station; an unknown model is 404, shadow without live 409", async () => {
    expect((await post("/api/v1/quality/stations/P02/shadow", "quality", { model: "paint@2" })).statusCode).toBe(409);
    expect((await post("/api/v1/quality/stations/P01/live", "quality", { model: "paint@9", okLabels: ["ok"], defectCodes: { scratch: "PNT" }, location: "door-fl" })).statusCode).toBe(404);
    const bad = await post("/api/v1/quality/stations/P01/live", "quality", { model: "paint@1", okLabels: ["ok"], location: "door-fl" });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().issues[0].path).toBe("/defectCodes");
    const live = await post("/api/v1/quality/stations/P01/live", "quality", { model: "paint@1", okLabels: ["ok"], defectCodes: { scratch: "PNT" }, location: "door-fl", minScore: 0.6 });
    expect(live.statusCode).toBe(200);
    const sh = await post("/api/v1/quality/stations/P01/shadow", "quality", { model: "paint@2" });
    expect(sh.json()).toMatchObject({ station: "P01", live: "paint@1", shadow: "paint@2", policy: { okLabels: ["ok"], minScore: 0.6 } });
    expect((await rt.app.inject({ url: "/api/v1/quality/deployments", headers: h("device") })).json().deployments).toHaveLength(1);
  });

  let scratchId = "";
  it("inspects: a scratch opens a defect on the unit, the image is kept; a bad image is a 400 with a clear message", async () => {
    const ok = await post("/api/v1/quality/stations/P01/inspections", "device", { unit: "unit_r1", image: b64(tinyPng("ok", 3)) });
    expect(ok.statusCode).toBe(201);
    expect(ok.json()).toMatchObject({ unit: "unit_r1", live: { model: "paint@1", verdict: { label: "ok" } }, shadow: { model: "paint@2", verdict: { label: "scratch" } }, defect: null });
    const bad = await post("/api/v1/quality/stations/P01/inspections", "operator", { unit: "unit_r2", image: b64(tinyPng("scratch", 4)) });
    expect(bad.json().live.verdict.label).toBe("scratch");
    scratchId = bad.json().id;
    const d = (await rt.app.inject({ url: "/api/v1/units/unit_r2/defects", headers: h("quality") })).json();
    expect(d.defects).toMatchObject([{ code: "PNT", station: "P01", state: "open" }]);
    const notImage = await post("/api/v1/quality/stations/P01/inspections", "device", { unit: "unit_r1", image: b64(Buffer.from("just some text")) });
    expect(notImage.statusCode).toBe(400);
    expect(notImage.json().message).toMatch(/not a JPEG or PNG/);
    expect(notImage.json().issues[0].path).toBe("/image");
    const truncated = await post("/api/v1/quality/stations/P01/inspections", "device", { unit: "unit_r1", image: b64(tinyPng("ok", 3).subarray(0, 50)) });
    expect(truncated.statusCode).toBe(400);
    expect(truncated.json().message).toMatch(/damaged PNG/);
    expect((await post("/api/v1/quality/stations/P01/inspections", "device", { unit: "nope", image: b64(tinyPng("ok", 3)) })).statusCode).toBe(400);
    expect((await post("/api/v1/quality/stations/Z99/inspections", "device", { unit: "unit_r1", image: b64(tinyPng("ok", 3)) })).statusCode).toBe(409);
    expect((await post("/api/v1/quality/stations/P01/inspections", "customer", { unit: "unit_r1", image: b64(tinyPng("ok", 3)) })).statusCode).toBe(403);
    const big = await post("/api/v1/quality/stations/P01/inspections", "device", { unit: "unit_r1", image: "A".repeat(6 * 1024 * 1024) });
    expect(big.statusCode).toBe(413);

    const list = (await rt.app.inject({ url: "/api/v1/quality/inspections?station=P01", headers: h("quality") })).json();
    expect(list.inspections).toHaveLength(2);
    const img = await rt.app.inject({ url: `/api/v1/quality/inspections/${scratchId}/image`, headers: h("quality") });
    expect(img.statusCode).toBe(200);
    expect(img.headers["content-type"]).toBe("image/png");
    expect(img.rawPayload.equals(tinyPng("scratch", 4))).toBe(true);
    expect((await rt.app.inject({ url: "/api/v1/quality/inspections/insp_nothere/image", headers: h("quality") })).statusCode).toBe(404);
    const all = (await rt.app.inject({ url: "/api/v1/quality/defects?state=open", headers: h("quality") })).json();
    expect(all).toMatchObject({ open: 1, total: 1, defects: [{ unit: "unit_r2", code: "PNT", severity: "minor", state: "open" }] });
  });

  it("lists shadow disagreements and the review queue; a correction is kept and exported for retraining", async () => {
    const sh = (await rt.app.inject({ url: "/api/v1/quality/shadow?station=P01", headers: h("quality") })).json();
    expect(sh).toMatchObject({ compared: 2, agreement: 0 });
    const q = (await rt.app.inject({ url: "/api/v1/quality/review?state=pending", headers: h("quality") })).json();
    expect(q.items).toHaveLength(2);
    expect(q.items[0].reasons).toContain("shadow_disagreement");
    expect((await post(`/api/v1/quality/review/${scratchId}`, "quality", { label: "dent" })).statusCode).toBe(400);
    expect((await post(`/api/v1/quality/review/${scratchId}`, "operator", { label: "ok" })).statusCode).toBe(403);
    const c = await post(`/api/v1/quality/review/${scratchId}`, "quality", { label: "ok" });
    expect(c.statusCode).toBe(200);
    expect(c.json()).toMatchObject({ state: "corrected", label: "ok" });
    expect((await post(`/api/v1/quality/review/${scratchId}`, "quality", { label: "ok" })).statusCode).toBe(409);
    const d = (await rt.app.inject({ url: "/api/v1/units/unit_r2/defects", headers: h("quality") })).json();
    expect(d.defects[0].state).toBe("verified");
    const labels = (await rt.app.inject({ url: "/api/v1/quality/labels", headers: h("quality") })).json();
    expect(labels.labels).toEqual([{ inspection: scratchId, image: expect.any(String), station: "P01", model: "paint@1", label: "ok", corrected: true }]);
    expect((await rt.app.inject({ url: "/api/v1/quality/labels", headers: h("customer") })).statusCode).toBe(403);
    const promoted = await post("/api/v1/quality/stations/P01/promote", "quality", {});
    expect(promoted.json()).toMatchObject({ live: "paint@2" });
  });
});
