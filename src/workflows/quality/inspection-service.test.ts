import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock, ValidationError } from "../../kernel/index.js";
import { openSqliteStore } from "../../adapters/sql/sqlite.js";
import { onnxRuntimeFactory } from "../../adapters/inference/onnx-runtime.js";
import { builtinRuntimeFactory } from "../../quality/index.js";
import { tinyModelJson, tinyModelOnnx, tinyPng, TINY_FEATURES } from "../../../test/support/tiny-inspection.js";
import type { Store } from "../ports.js";
import { ORDERS } from "../orders/order-service.js";
import { UNIT_ORDERS } from "../planning/plan-model.js";
import { DefectService } from "./defect-service.js";
import { InspectionService } from "./inspection-service.js";

let store: Store;
let defects: DefectService;
let svc: InspectionService;
const clock = new ManualClock("2026-03-02T06:00:00Z");
const policy = { okLabels: ["ok"], defectCodes: { scratch: "PNT" }, location: "door-fl", minScore: 0.6 };

beforeAll(async () => {
  store = openSqliteStore({ dataDir: ":memory:", clock });
  await store.migrate();
  defects = new DefectService(store, clock, { id: "gate_eol", station: "end-of-line", requires: [] });
  svc = new InspectionService(store, clock, defects, [builtinRuntimeFactory, onnxRuntimeFactory]);
});
afterAll(async () => {
  await svc.close();
  await store.close();
});

describe("inspection service", () => {
  it("registers versions (takt-json and ONNX with its classes), refusing a corrupt file naming the field", async () => {
    const v1 = await svc.register({ name: "paint", format: "takt-json", bytes: tinyModelJson(), metrics: { accuracy: 1 } });
    expect(v1).toMatchObject({ name: "paint", version: 1, classes: ["ok", "scratch"], metrics: { accuracy: 1 } });
    const v2 = await svc.register({ name: "paint", format: "onnx", bytes: tinyModelOnnx(true), classes: ["ok", "scratch"], input: { kind: "features", features: TINY_FEATURES }, output: "probabilities" });
    expect(v2.version).toBe(2);
    const bad = await svc.register({ name: "paint", format: "takt-json", bytes: Buffer.from('{"format":"nope"}') }).catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(ValidationError);
    expect((bad as ValidationError).issues[0]!.path).toBe("/model");
    const onnxBad = await svc.register({ name: "paint", format: "onnx", bytes: Buffer.from("garbage"), classes: ["ok", "scratch"], input: { kind: "features", features: TINY_FEATURES } }).catch((e: unknown) => e);
    expect((onnxBad as ValidationError).issues[0]!.path).toBe("/model");
    const noClasses = await svc.register({ name: "paint", format: "onnx", bytes: tinyModelOnnx(), input: { kind: "features", features: TINY_FEATURES } }).catch((e: unknown) => e);
    expect((noClasses as ValidationError).issues[0]!.path).toBe("/classes");
    expect((await svc.models()).map((m) => `${m.name}@${m.version}`)).toEqual(["paint@1", "paint@2"]);
  });

  it("refuses a live deployment whose policy leaves a defect class without a catalog code", async () => {
    await expect(svc.deploy("P01", { role: "live", model: "paint@1", policy: { ...policy, defectCodes: {} } })).rejects.toThrow(/no defect code for class scratch/);
    await expect(svc.deploy("P01", { role: "live", model: "paint@1", policy: { ...policy, defectCodes: { scratch: "XXX" } } })).rejects.toThrow(/not in the plant catalog/);
  });

  it("inspects with the live model: a scratch opens a defect the gate holds; the shadow disagrees and goes to review", async () => {
    await svc.deploy("P01", { role: "live", model: "paint@1", policy });
    await svc.deploy("P01", { role: "shadow", model: "paint@2" });
    const good = await svc.inspect("P01", "unit_a", tinyPng("ok", 7));
    expect(good.live.verdict.label).toBe("ok");
    expect(good.defect).toBeNull();
    expect(good.shadow?.verdict.label).toBe("scratch");
    expect(good.review).toContain("shadow_disagreement");
    const bad = await svc.inspect("P01", "unit_b", tinyPng("scratch", 8));
    expect(bad.live.verdict.label).toBe("scratch");
    expect(bad.defect).toMatch(/^dfc_/);
    const u = await defects.ofUnit("unit_b");
    expect(u.defects).toHaveLength(1);
    expect(u.defects[0]).toMatchObject({ code: "PNT", station: "P01", state: "open", location: "door-fl" });
    expect(await store.transaction((tx) => defects.decideIn(tx, "unit_b"))).toMatchObject({ pass: false });
    const sh = await svc.shadow("P01");
    expect(sh.compared).toBe(2);
    expect(sh.agreement).toBe(0);
    expect(sh.disagreements.map((d) => d.unit).sort()).toEqual(["unit_a", "unit_b"]);
    const img = await svc.image(good.id);
    expect(img.contentType).toBe("image/png");
    expect(img.bytes.equals(tinyPng("ok", 7))).toBe(true);
    expect((await svc.inspections({ unit: "unit_b" })).map((i) => i.id)).toEqual([bad.id]);
  });

  it("refuses a file that is not an image, or a damaged PNG, on /image", async () => {
    const e1 = await svc.inspect("P01", "unit_a", Buffer.from("hello")).catch((e: unknown) => e);
    expect((e1 as ValidationError).issues[0]!.path).toBe("/image");
    const e2 = await svc.inspect("P01", "unit_a", tinyPng("ok", 1).subarray(0, 60)).catch((e: unknown) => e);
    expect((e2 as ValidationError).message).toMatch(/damaged PNG/);
  });

  it("review: a false alarm corrected to ok closes its defect; a confirmation keeps the label; labels export for retraining", async () => {
    const q = await svc.reviewQueue("pending");
    expect(q).toHaveLength(2);
    const bad = q.find((i) => i.record.unit === "unit_b")!;
    const corrected = await svc.decide(bad.record.id, "ok", "eng-anna");
    expect(corrected.state).toBe("corrected");
    expect((await defects.ofUnit("unit_b")).defects[0]!.state).toBe("verified");
    const good = q.find((i) => i.record.unit === "unit_a")!;
    expect((await svc.decide(good.record.id, "ok", "eng-anna")).state).toBe("confirmed");
    await expect(svc.decide(good.record.id, "ok", "eng-anna")).rejects.toThrow(/already confirmed/);
    await expect(svc.decide(bad.record.id, "dent", "eng-anna")).rejects.toThrow(/not a class/);
    const labels = await svc.labelled();
    expect(labels.map((l) => [l.inspection, l.label, l.corrected]).sort()).toEqual([[good.record.id, "ok", false], [bad.record.id, "ok", true]].sort());
  });

  it("order-aware: the recognised attribute is checked against the unit's order; a mismatch is a MIS defect", async () => {
    await svc.register({ name: "finish", format: "takt-json", bytes: tinyModelJson(false, ["plain", "striped"]) });
    await svc.deploy("X01", { role: "live", model: "finish@1", policy: { okLabels: [], defectCodes: {}, location: "body", minScore: 0.6, attribute: "finish" } });
    await store.transaction(async (tx) => {
      await tx.putDocument(UNIT_ORDERS, "unit_o1", 0, { unitId: "unit_o1", orderId: "ord_o1", planId: "plan_1" });
      await tx.putDocument(ORDERS, "ord_o1", 0, { id: "ord_o1", configuration: { selections: { finish: "plain", colour: "red" } } });
    });
    const match = await svc.inspect("X01", "unit_o1", tinyPng("ok", 21));
    expect(match.orderCheck).toMatchObject({ pass: true, mismatches: [] });
    expect(match.defect).toBeNull();
    const wrong = await svc.inspect("X01", "unit_o1", tinyPng("scratch", 22));
    expect(wrong.orderCheck).toMatchObject({ pass: false, mismatches: [{ attribute: "finish", expected: "plain", observed: "striped" }] });
    const d = (await defects.ofUnit("unit_o1")).defects;
    expect(d).toMatchObject([{ id: wrong.defect, code: "MIS", severity: "critical", station: "X01" }]);
    // A unit without an order (a test body) is inspected, not order-checked.
    expect((await svc.inspect("X01", "unit_noorder", tinyPng("scratch", 23))).orderCheck).toBeNull();
  });

  it("promotes the shadow to live", async () => {
    const d = await svc.deploy("P01", { role: "promote" });
    expect(d).toMatchObject({ station: "P01", live: "paint@2" });
    expect(d.shadow).toBeUndefined();
  });
});
