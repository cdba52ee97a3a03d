import { describe, expect, it } from "vitest";
import { genealogyOf, historyOf, indexGenealogy, isFirstPass, missingParts, partsOfUnit, unitsOfLot } from "./index.js";
import { signalMaker } from "./test-helpers.js";

describe("genealogy (as-built records)", () => {
  const at = signalMaker();
  const sig = [
    at(0, { kind: "unit_entered", station: "C02", unit: "u1" }),
    at(10, { kind: "part_installed", station: "C02", unit: "u1", partNumber: "BAT-75", serial: "B0001", lot: "L-7" }),
    at(20, { kind: "operation_done", station: "C02", unit: "u1", operation: "bolt", ok: true, values: [{ name: "torque", value: 61.5, uom: "N·m", min: 55, max: 65 }] }),
    at(80, { kind: "unit_left", station: "C02", unit: "u1" }),
    at(90, { kind: "unit_entered", station: "C02", unit: "u2" }),
    at(100, { kind: "part_installed", station: "C02", unit: "u2", partNumber: "BAT-75", serial: "B0002", lot: "L-7" }),
    at(110, { kind: "operation_done", station: "C02", unit: "u2", operation: "bolt", ok: true, values: [{ name: "torque", value: 70, uom: "N·m", min: 55, max: 65 }] }),
    at(120, { kind: "andon_raised", station: "C02", reason: "torque", unit: "u2" }),
  ];
  const g = genealogyOf(sig);
  const ix = indexGenealogy(g.values());
  it("answers backward (unit → parts) and forward (lot → units)", () => {
    expect(partsOfUnit(ix, "u1")).toEqual([{ partNumber: "BAT-75", serial: "B0001", lot: "L-7", station: "C02", at: 10_000 }]);
    expect(unitsOfLot(ix, "L-7")).toEqual(["u1", "u2"]);
    expect(unitsOfLot(ix, "L-8")).toEqual([]);
    expect(ix.bySerial.get("B0002")).toBe("u2");
  });
  it("a late 'left' (after the unit entered the next station) ends its stay; the cycle counts with that time", () => {
    const at2 = signalMaker();
    const late = [
      at2(0, { kind: "unit_entered", station: "C01", unit: "u1" }),
      at2(60, { kind: "unit_entered", station: "C02", unit: "u1" }),
      at2(55, { kind: "unit_left", station: "C01", unit: "u1" }),
    ];
    expect(genealogyOf(late).get("u1")!.visits).toEqual([
      { station: "C01", enteredAt: 0, leftAt: 55_000 },
      { station: "C02", enteredAt: 60_000, leftAt: null },
    ]);
    expect(historyOf(late).cycles).toEqual([{ station: "C01", unit: "u1", enteredAt: 0, leftAt: 55_000, ok: true, firstVisit: true }]);
  });
  it("keeps measured values with their verdict, station and time, and visits", () => {
    expect(g.get("u1")!.measurements).toEqual([{ operation: "bolt", name: "torque", value: 61.5, uom: "N·m", ok: true, station: "C02", at: 20_000 }]);
    expect(g.get("u2")!.measurements[0]!.ok).toBe(false);
    expect(g.get("u1")!.visits).toEqual([{ station: "C02", enteredAt: 0, leftAt: 80_000 }]);
    expect(isFirstPass(g.get("u1")!)).toBe(true);
    expect(isFirstPass(g.get("u2")!)).toBe(false);
    expect(missingParts(g.get("u1")!, ["BAT-75", "SEAT-L"])).toEqual(["SEAT-L"]);
  });
});
