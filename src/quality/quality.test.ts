import { describe, expect, it } from "vitest";
import { idFromSlug, makeEvent, ManualClock, type TaktEvent } from "../kernel/index.js";
import { captureMeasurements, characteristicsFor, definePlan, isSampled, type InspectionPlan, type StationResultData } from "./plans.js";
import { defineCatalog, recordDefect, reinspectDefect, repairDefect } from "./defects.js";
import { assertGatePass, gateDecision, gateEvent, type QualityGate } from "./gates.js";
import { finishRework, onLine, returnToLine, sendToRework } from "./rework.js";
import { addInspection, emptyYield, yieldReport } from "./yield.js";
import { checkRules, imrChart, spcAlerts } from "./spc/index.js";

const torque = { kind: "variable", id: "torque_m6", name: "M6 bolt torque", unit: "N·m", nominal: 10, lsl: 9, usl: 11, chart: "xbar-r" } as const;
const generic: InspectionPlan = definePlan({ id: "p1", station: "stn_t04", variant: { product: "bike" }, characteristics: [torque], sample: { everyNth: 1, subgroupSize: 5 } });
const eDrive: InspectionPlan = definePlan({
  id: "p2",
  station: "stn_t04",
  variant: { product: "bike", options: { motor: "e-drive" } },
  characteristics: [{ ...torque, nominal: 12, lsl: 11.5, usl: 12.5 }, { kind: "variable", id: "gap_battery", name: "battery gap", unit: "mm", nominal: 2, lsl: 1.5, usl: 2.5, chart: "i-mr" }],
  sample: { everyNth: 1, subgroupSize: 5 },
});
const eBike = { product: "bike", options: { motor: "e-drive" } };
const plainBike = { product: "bike", options: { motor: "none" } };

describe("inspection plans", () => {
  it("picks the most specific variant's limits per characteristic", () => {
    const cs = characteristicsFor([generic, eDrive], "stn_t04", eBike);
    expect(cs.map((c) => c.id).sort()).toEqual(["gap_battery", "torque_m6"]);
    expect(cs.find((c) => c.id === "torque_m6")).toMatchObject({ nominal: 12 });
    expect(characteristicsFor([generic, eDrive], "stn_t04", plainBike)).toEqual([torque]);
    expect(characteristicsFor([generic, eDrive], "stn_t05", eBike)).toEqual([]);
  });
  it("rejects a plan with crossed limits", () => {
    expect(() => definePlan({ ...generic, characteristics: [{ ...torque, lsl: 12, usl: 11 }] })).toThrow(/invalid/);
  });
  it("samples every Nth unit", () => {
    expect([1, 2, 3, 4, 5, 6].filter((n) => isSampled({ everyNth: 3, subgroupSize: 1 }, n))).toEqual([3, 6]);
  });
  it("captures station measurements, judging each against the unit's variant", () => {
    const clock = new ManualClock();
    const ev = makeEvent<StationResultData>(
      { type: "station.results_reported", source: "/stations/stn_t04", subject: "unit_1", stream: "unit_1", data: { unit: "unit_1", station: "stn_t04", measurements: { torque_m6: 10.2, spare: 3 } } },
      1,
      clock,
    ) as TaktEvent<StationResultData>;
    const r = captureMeasurements(ev, [generic, eDrive], eBike);
    expect(r.measurements).toEqual([expect.objectContaining({ characteristic: "torque_m6", withinSpec: false })]);
    expect(r.unplanned).toEqual(["spare"]);
    expect(r.missing).toEqual(["gap_battery"]);
    expect(captureMeasurements(ev, [generic], plainBike).measurements[0]!.withinSpec).toBe(true);
  });
});

const catalog = defineCatalog([
  { code: "SCR", description: "paint scratch", severity: "minor", locations: ["frame", "fork"] },
  { code: "LOOSE", description: "loose fastener", severity: "critical", locations: [] },
]);
const gate: QualityGate = { id: "g-final", station: "stn_q9", requires: ["torque_m6"] };
const at = "2026-01-05T06:00:00Z";
const okTorque = { unit: "unit_1", station: "stn_t04", characteristic: "torque_m6", value: 10, withinSpec: true, deviation: 0, at };

describe("defects, gates and rework", () => {
  it("checks codes and locations against the catalog", () => {
    expect(() => recordDefect(catalog, { id: idFromSlug("defect", "1"), unit: "unit_1", station: "s", code: "XXX", location: "frame", at })).toThrow(/unknown defect/);
    expect(() => recordDefect(catalog, { id: idFromSlug("defect", "1"), unit: "unit_1", station: "s", code: "SCR", location: "saddle", at })).toThrow(/cannot be at/);
    expect(() => defineCatalog([catalog.types.get("SCR")!, catalog.types.get("SCR")!])).toThrow(/duplicate/);
  });

  it("a unit with an open defect cannot pass; repaired is not enough; re-inspected passes", () => {
    let d = recordDefect(catalog, { id: idFromSlug("defect", "1"), unit: "unit_1", station: "stn_q1", code: "SCR", location: "frame", at });
    expect(d.severity).toBe("minor");
    let g = gateDecision(gate, "unit_1", [d], [okTorque]);
    expect(g.pass).toBe(false);
    expect(g.reasons[0]).toMatch(/open defect SCR/);
    expect(() => assertGatePass(g)).toThrow(/cannot pass gate g-final/);
    expect(gateEvent(g).type).toBe("unit.held_at_gate");
    d = repairDefect(d, at, "rework-1");
    expect(gateDecision(gate, "unit_1", [d], [okTorque]).pass).toBe(false);
    d = reinspectDefect(d, false, at, "qa-2");
    expect(d.state).toBe("open");
    d = reinspectDefect(repairDefect(d, at), true, at, "qa-2");
    expect(d.state).toBe("verified");
    expect(d.history.map((h) => h.state)).toEqual(["open", "repaired", "open", "repaired", "verified"]);
    g = gateDecision(gate, "unit_1", [d], [okTorque]);
    expect(g.pass).toBe(true);
    expect(gateEvent(g).type).toBe("unit.passed_gate");
    expect(() => repairDefect(d, at)).toThrow(/verified, not open/);
  });

  it("a gate blocks a missing or out-of-spec required measurement; the latest one counts", () => {
    expect(gateDecision(gate, "unit_1", [], []).reasons).toEqual(["no measurement of torque_m6"]);
    const bad = { ...okTorque, value: 12, withinSpec: false };
    expect(gateDecision(gate, "unit_1", [], [bad]).pass).toBe(false);
    expect(gateDecision(gate, "unit_1", [], [bad, okTorque]).pass).toBe(true);
    // Another unit's defects do not block this one.
    const other = recordDefect(catalog, { id: idFromSlug("defect", "2"), unit: "unit_2", station: "s", code: "LOOSE", location: "x", at });
    expect(gateDecision(gate, "unit_1", [other], [okTorque]).pass).toBe(true);
  });

  it("rework: off the line, repaired and re-inspected, back through re-sequencing", () => {
    let d = recordDefect(catalog, { id: idFromSlug("defect", "3"), unit: "unit_1", station: "stn_q1", code: "LOOSE", location: "stem", at });
    const r0 = onLine("unit_1");
    expect(() => sendToRework(r0, "stn_q9", [])).toThrow(/no open defect/);
    const { rework: r1, event } = sendToRework(r0, "stn_q9", [d]);
    expect(r1.state).toBe("in_rework");
    expect(event.type).toBe("unit.sent_to_rework");
    d = repairDefect(d, at);
    expect(() => finishRework(r1, [d])).toThrow(/not re-inspected/);
    d = reinspectDefect(d, true, at);
    const { rework: r2, event: e2 } = finishRework(r1, [d]);
    expect(r2.state).toBe("awaiting_resequence");
    expect(e2).toMatchObject({ type: "unit.rework_done", data: { returnTo: "stn_q9" } });
    expect(returnToLine(r2)).toEqual({ unit: "unit_1", state: "on_line", loops: 1 });
    expect(() => returnToLine(r1)).toThrow(/not awaiting/);
  });

  it("first-pass yield and defects per unit per station", () => {
    let s = emptyYield();
    s = addInspection(s, { unit: "u1", station: "A", defects: 0 });
    s = addInspection(s, { unit: "u2", station: "A", defects: 2 });
    s = addInspection(s, { unit: "u2", station: "A", defects: 0 }); // re-inspection: not first pass
    s = addInspection(s, { unit: "u3", station: "A", defects: 0 });
    s = addInspection(s, { unit: "u1", station: "B", defects: 1 });
    s = addInspection(s, { unit: "u2", station: "B", defects: 0 });
    const r = yieldReport(s);
    expect(r.stations.find((x) => x.station === "A")).toMatchObject({ units: 3, firstPass: 2, defects: 2, fpy: 2 / 3, dpu: 2 / 3 });
    expect(r.stations.find((x) => x.station === "B")).toMatchObject({ units: 2, firstPass: 1, fpy: 0.5 });
    expect(r.rolledThroughputYield).toBeCloseTo(1 / 3, 12);
  });
});

describe("SPC alerts", () => {
  it("an out-of-control point raises an alert event naming the rule", () => {
    const values = [10, 10.2, 9.9, 10.1, 9.8, 10, 10.1, 9.9, 10.2, 9.9, 10, 13];
    const { i } = imrChart(values.slice(0, 11));
    const live = { ...i, points: values, ucl: values.map(() => i.ucl[0]!), lcl: values.map(() => i.lcl[0]!), sigma: values.map(() => i.sigma[0]!) };
    const events = spcAlerts("stn_t04/torque_m6/i", live, checkRules(live), 11);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ type: "spc.alert_raised", data: { rule: "nelson1", point: 11, value: 13, description: "one point beyond 3σ" } });
  });
});

describe("AI verdicts feed the gates", () => {
  it("a defect verdict records a defect that holds the unit; a good verdict records none", async () => {
    const { defectFromVerdict } = await import("./verdicts.js");
    const cat = defineCatalog([{ code: "CAST", description: "casting defect on the impeller face", severity: "major", locations: ["impeller-front"] }]);
    const policy = { okLabels: ["ok_front"], defectCodes: { def_front: "CAST" }, location: "impeller-front" };
    const base = { id: idFromSlug("defect", "ai1"), unit: "unit_7", station: "stn_cam1", model: "casting@1", at };
    expect(defectFromVerdict(cat, policy, { ...base, verdict: { label: "ok_front", score: 0.99, scores: {} } })).toBeUndefined();
    const d = defectFromVerdict(cat, policy, { ...base, verdict: { label: "def_front", score: 0.97, scores: {} } })!;
    expect(d).toMatchObject({ code: "CAST", severity: "major", state: "open", history: [{ by: "casting@1", note: "def_front (score 0.970)" }] });
    expect(gateDecision({ id: "g", station: "stn_q9", requires: [] }, "unit_7", [d]).pass).toBe(false);
    expect(() => defectFromVerdict(cat, { ...policy, defectCodes: {} }, { ...base, verdict: { label: "def_front", score: 0.9, scores: {} } })).toThrow(/no defect code/);
  });
});
