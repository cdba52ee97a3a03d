import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { coveredMs, historyOf, lineOee, stationOee, type StationSignal } from "./index.js";
import { signalMaker } from "./test-helpers.js";

const s = 1000;

describe("ISO 22400-2 KPIs over station signals", () => {
  it("station OEE equals the hand computation", () => {
    const at = signalMaker();
    const sig: StationSignal[] = [];
    const cycle = (unit: string, from: number, to: number, torque = 45) => {
      sig.push(at(from, { kind: "unit_entered", unit, station: "C04" }));
      sig.push(at(from + 10, { kind: "operation_done", unit, station: "C04", operation: "marriage_bolts", ok: true, values: [{ name: "torque", value: torque, uom: "N·m", min: 40, max: 50 }] }));
      sig.push(at(to, { kind: "unit_left", unit, station: "C04" }));
    };
    cycle("u1", 0, 80);
    cycle("u2", 90, 170, 30); // torque below its limit: not good
    cycle("u3", 180, 260);
    cycle("u4", 270, 400); // 130 s: over the takt
    cycle("u5", 410, 490);
    cycle("u6", 500, 580);
    cycle("u7", 590, 670);
    cycle("u8", 680, 760);
    cycle("u9", 850, 950); // leaves after the window
    sig.push(at(300, { kind: "fault_raised", station: "C04", code: "E42" }));
    sig.push(at(360, { kind: "fault_cleared", station: "C04" }));
    sig.push(at(500, { kind: "andon_raised", station: "C04", reason: "material" }));
    sig.push(at(530, { kind: "andon_cleared", station: "C04" }));
    const k = stationOee(historyOf(sig), "C04", { from: 0, to: 900 * s }, 90 * s);
    // PBT 900 s, ADOT 60 s, APT 840 s, PQ 8, GQ 7, PRI 90 s
    expect(k).toMatchObject({ pbtMs: 900_000, adotMs: 60_000, aptMs: 840_000, pq: 8, gq: 7, andonMs: 30_000 });
    expect(k.availability).toBeCloseTo(840 / 900, 12);
    expect(k.effectiveness).toBeCloseTo((90 * 8) / 840, 12);
    expect(k.quality).toBeCloseTo(7 / 8, 12);
    expect(k.oee).toBeCloseTo(0.7, 12);
    expect(k.throughputPerHour).toBeCloseTo(32, 12);
    expect(k.firstPassYield).toBeCloseTo(7 / 8, 12);
    expect(k.taktAdherence).toBeCloseTo(7 / 8, 12);
  });

  it("line OEE: a unit is good only if good everywhere, and faults at any station stop the line once", () => {
    const at = signalMaker();
    const sig: StationSignal[] = [];
    const stay = (unit: string, station: string, from: number, to: number, ok = true) => {
      sig.push(at(from, { kind: "unit_entered", unit, station }));
      if (!ok) sig.push(at(from + 1, { kind: "operation_done", unit, station, operation: "op", ok: false, values: [] }));
      sig.push(at(to, { kind: "unit_left", unit, station }));
    };
    stay("u1", "S1", 0, 50);
    stay("u1", "S2", 60, 110);
    stay("u2", "S1", 60, 110, false);
    stay("u2", "S2", 120, 170);
    stay("u3", "S1", 120, 170);
    stay("u3", "S2", 180, 300);
    stay("u4", "S1", 180, 240);
    stay("u4", "S2", 300, 350);
    stay("u5", "S1", 300, 350);
    stay("u5", "S2", 360, 700);
    sig.push(at(200, { kind: "fault_raised", station: "S2", code: "F1" }), at(260, { kind: "fault_cleared", station: "S2" }));
    sig.push(at(250, { kind: "fault_raised", station: "S1", code: "F2" }), at(280, { kind: "fault_cleared", station: "S1" }));
    const k = lineOee(historyOf(sig), ["S1", "S2"], { from: 0, to: 600 * s }, 60 * s);
    expect(k).toMatchObject({ pq: 4, gq: 3, adotMs: 80_000, aptMs: 520_000 });
    expect(k.oee).toBeCloseTo((520 / 600) * (240 / 520) * (3 / 4), 12);
    expect(k.oee).toBeCloseTo(0.3, 12);
    expect(k.throughputPerHour).toBeCloseTo(24, 12);
    expect(k.firstPassYield).toBeCloseTo(3 / 4, 12);
    expect(k.taktAdherence).toBeCloseTo(2 / 3, 12);
  });

  it("no production gives null ratios, not zeros", () => {
    const k = stationOee({ cycles: [], stops: [] }, "T01", { from: 0, to: 1000 }, 90_000);
    expect(k.availability).toBe(1);
    expect(k.quality).toBeNull();
    expect(k.oee).toBeNull();
  });

  it("an open fault counts down time up to the end of the window", () => {
    const k = stationOee({ cycles: [], stops: [{ station: "T01", kind: "fault", from: 500, to: null }] }, "T01", { from: 0, to: 1000 }, 90_000);
    expect(k.adotMs).toBe(500);
  });

  it("OEE = PRI × GQ / PBT whatever the data (the factors telescope)", () => {
    const cyc = fc.record({ enteredAt: fc.integer({ min: 0, max: 10_000 }), len: fc.integer({ min: 1, max: 300 }), ok: fc.boolean() });
    const stop = fc.record({ from: fc.integer({ min: 0, max: 10_000 }), len: fc.integer({ min: 1, max: 3000 }) });
    fc.assert(
      fc.property(fc.array(cyc, { minLength: 1, maxLength: 30 }), fc.array(stop, { maxLength: 5 }), (cs, ss) => {
        const h = {
          cycles: cs.map((c, i) => ({ station: "X", unit: `u${i}`, enteredAt: c.enteredAt, leftAt: c.enteredAt + c.len, ok: c.ok, firstVisit: true })),
          stops: ss.map((x) => ({ station: "X", kind: "fault" as const, from: x.from, to: x.from + x.len })),
        };
        const w = { from: 0, to: 20_000 };
        const k = stationOee(h, "X", w, 50);
        if (k.oee === null) return k.pq === 0 || k.aptMs === 0;
        return Math.abs(k.oee - (50 * k.gq) / 20_000) < 1e-9 && k.aptMs + k.adotMs === 20_000;
      }),
    );
  });

  it("covered time counts overlaps once and stays inside the window", () => {
    fc.assert(
      fc.property(fc.array(fc.record({ from: fc.integer({ min: -100, max: 1100 }), len: fc.integer({ min: 0, max: 500 }) }), { maxLength: 10 }), (xs) => {
        const iv = xs.map((x) => ({ from: x.from, to: x.from + x.len }));
        const c = coveredMs(iv, { from: 0, to: 1000 });
        const brute = Array.from({ length: 1000 }, (_, t) => iv.some((i) => t >= i.from && t < i.to)).filter(Boolean).length;
        return c === brute;
      }),
    );
  });
});
