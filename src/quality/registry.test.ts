import { describe, expect, it } from "vitest";
import type { Verdict } from "./inspection/model.js";
import { deployLive, deployShadow, emptyRegistry, promoteShadow, registerModel, shadowReport, type InspectionRecord } from "./registry.js";
import { decide, emptyQueue, enqueue, labelledForRetraining, pending, type ReviewPolicy } from "./review.js";
import { checkAgainstOrder } from "./order-check.js";

const at = "2026-01-05T06:00:00Z";
const v = (label: string, score = 0.99): Verdict => ({ label, score, scores: { [label]: score } });
const classes = ["def_front", "ok_front"];

function registry() {
  let r = emptyRegistry();
  r = registerModel(r, { name: "casting", format: "takt-json", classes, metrics: { accuracy: 0.99 } }, at).registry;
  r = registerModel(r, { name: "casting", format: "onnx", classes, metrics: { accuracy: 0.995 } }, at).registry;
  r = registerModel(r, { name: "paint", format: "onnx", classes: ["ok", "run", "dust"], metrics: {} }, at).registry;
  return r;
}

describe("model registry", () => {
  it("versions count up per model name", () => {
    const r = registry();
    expect([...r.versions.keys()]).toEqual(["casting@1", "casting@2", "paint@1"]);
    expect(() => registerModel(r, { name: "Bad Name", format: "onnx", classes, metrics: {} }, at)).toThrow(/lower-case/);
  });
  it("deploys per station, runs a shadow beside the live model and promotes it", () => {
    let r = deployLive(registry(), "stn_q1", "casting@1");
    r = deployLive(r, "stn_q2", "casting@1");
    expect(() => deployShadow(r, "stn_q9", "casting@2")).toThrow(/no live model/);
    expect(() => deployShadow(r, "stn_q1", "paint@1")).toThrow(/classes/);
    expect(() => deployShadow(r, "stn_q1", "casting@1")).toThrow(/already live/);
    expect(() => deployLive(r, "stn_q1", "casting@7")).toThrow(/not found/);
    r = deployShadow(r, "stn_q1", "casting@2");
    expect(r.deployments.get("stn_q1")).toEqual({ station: "stn_q1", live: "casting@1", shadow: "casting@2" });
    expect(r.deployments.get("stn_q2")).toEqual({ station: "stn_q2", live: "casting@1" });
    r = promoteShadow(r, "stn_q1");
    expect(r.deployments.get("stn_q1")).toEqual({ station: "stn_q1", live: "casting@2" });
    expect(() => promoteShadow(r, "stn_q1")).toThrow(/no shadow/);
  });
  it("lists the shadow model's disagreements", () => {
    const rec = (id: string, live: string, shadow?: string): InspectionRecord => ({
      id,
      unit: `unit_${id}`,
      station: "stn_q1",
      image: `img/${id}.jpg`,
      at,
      live: { model: "casting@1", verdict: v(live) },
      ...(shadow ? { shadow: { model: "casting@2", verdict: v(shadow) } } : {}),
    });
    const rep = shadowReport([rec("1", "ok_front", "ok_front"), rec("2", "ok_front", "def_front"), rec("3", "def_front", "def_front"), rec("4", "ok_front")]);
    expect(rep.compared).toBe(3);
    expect(rep.agreement).toBeCloseTo(2 / 3, 12);
    expect(rep.disagreements.map((d) => d.id)).toEqual(["2"]);
  });
});

describe("review queue", () => {
  const policy: ReviewPolicy = { minScore: 0.9, okLabels: ["ok_front"], reviewDefects: true };
  const rec = (id: string, label: string, score: number, shadow?: string): InspectionRecord => ({
    id,
    unit: "unit_1",
    station: "stn_q1",
    image: `img/${id}.jpg`,
    at,
    live: { model: "casting@1", verdict: v(label, score) },
    ...(shadow ? { shadow: { model: "casting@2", verdict: v(shadow) } } : {}),
  });
  it("queues low-confidence, disagreeing and defect verdicts; confirmed and corrected labels are kept for retraining", () => {
    let q = emptyQueue();
    q = enqueue(q, rec("a", "ok_front", 0.99), policy);
    expect(q.items.size).toBe(0);
    q = enqueue(q, rec("b", "ok_front", 0.6), policy);
    q = enqueue(q, rec("c", "ok_front", 0.99, "def_front"), policy);
    q = enqueue(q, rec("d", "def_front", 0.97), policy);
    q = enqueue(q, rec("e", "ok_front", 0.99), policy, true);
    expect(pending(q).map((i) => [i.record.id, i.reasons])).toEqual([
      ["b", ["low_confidence"]],
      ["c", ["shadow_disagreement"]],
      ["d", ["defect_found"]],
      ["e", ["requested"]],
    ]);
    q = decide(q, "b", "def_front", "eng-anna", at);
    q = decide(q, "d", "def_front", "eng-anna", at);
    expect(() => decide(q, "d", "ok_front", "eng-ben", at)).toThrow(/already confirmed/);
    expect(() => decide(q, "zz", "ok_front", "eng-ben", at)).toThrow(/not found/);
    expect(labelledForRetraining(q)).toEqual([
      { image: "img/b.jpg", label: "def_front", corrected: true },
      { image: "img/d.jpg", label: "def_front", corrected: false },
    ]);
  });
});

describe("order-aware inspection", () => {
  const ordered = { wheel: "alloy-18", colour: "red", badge: "sport" };
  it("passes when every ordered attribute is recognised as ordered", () => {
    const r = checkAgainstOrder("unit_1", ordered, { wheel: v("alloy-18"), colour: v("red"), badge: v("sport") });
    expect(r.pass).toBe(true);
  });
  it("fails on a wrong wheel, an unchecked badge or an uncertain colour", () => {
    const r = checkAgainstOrder("unit_1", ordered, { wheel: v("steel-16", 0.97), colour: v("red", 0.5) });
    expect(r.pass).toBe(false);
    expect(r.mismatches).toEqual([{ attribute: "wheel", expected: "alloy-18", observed: "steel-16", score: 0.97 }]);
    expect(r.unchecked).toEqual(["badge"]);
    expect(r.uncertain).toEqual([{ attribute: "colour", observed: "red", score: 0.5 }]);
  });
});
