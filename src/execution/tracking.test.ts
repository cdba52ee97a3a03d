import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { applyToStation, emptyLine, initialStation, machineryItemState, trackSignal, unitsInLineOrder, type LineTracking, type StationSignal } from "./index.js";
import { signalMaker } from "./test-helpers.js";

function run(l: LineTracking, sig: StationSignal[]): LineTracking {
  for (const e of sig) {
    const r = trackSignal(l, e);
    if (!r.ok) throw new Error(r.reason);
    l = r.line;
  }
  return l;
}

describe("station state machine (OPC 40001-1 MachineryItemState, refined)", () => {
  const at = signalMaker();
  it("moves idle → executing → idle and maps to MachineryItemState", () => {
    let s = initialStation("T01");
    const r1 = applyToStation(s, at(1, { kind: "unit_entered", station: "T01", unit: "u1" }));
    expect(r1.ok && r1.station.state).toBe("executing");
    s = r1.ok ? r1.station : s;
    expect(machineryItemState(s.state)).toBe("Executing");
    const r2 = applyToStation(s, at(2, { kind: "unit_left", station: "T01", unit: "u1" }));
    expect(r2.ok && r2.station.state).toBe("idle");
    expect(machineryItemState("faulted")).toBe("OutOfService");
    expect(machineryItemState("starved")).toBe("NotExecuting");
  });
  it("refuses what does not fit, naming why", () => {
    const s = initialStation("T01");
    const busy = applyToStation(s, at(1, { kind: "unit_entered", station: "T01", unit: "u1" }));
    if (!busy.ok) throw new Error();
    expect(applyToStation(busy.station, at(2, { kind: "unit_entered", station: "T01", unit: "u2" }))).toEqual({ ok: false, reason: "station T01 is occupied by u1" });
    expect(applyToStation(s, at(2, { kind: "unit_left", station: "T01", unit: "u2" })).ok).toBe(false);
    expect(applyToStation(s, at(2, { kind: "fault_cleared", station: "T01" })).ok).toBe(false);
    expect(applyToStation(s, at(2, { kind: "andon_cleared", station: "T01" })).ok).toBe(false);
    expect(applyToStation(busy.station, at(2, { kind: "state_reported", station: "T01", state: "starved" })).ok).toBe(false);
  });
  it("a fault holds the state until cleared; andon is orthogonal", () => {
    let s = initialStation("C04");
    for (const e of [
      at(1, { kind: "unit_entered", station: "C04", unit: "u1" }),
      at(2, { kind: "andon_raised", station: "C04", reason: "help" }),
      at(3, { kind: "fault_raised", station: "C04", code: "E1" }),
    ]) {
      const r = applyToStation(s, e);
      if (!r.ok) throw new Error(r.reason);
      s = r.station;
    }
    expect(s).toMatchObject({ state: "faulted", since: 3000, andon: { reason: "help", unit: "u1" }, fault: { code: "E1" } });
    expect(applyToStation(s, at(4, { kind: "state_reported", station: "C04", state: "blocked" })).ok).toBe(false);
    const c = applyToStation(s, at(5, { kind: "fault_cleared", station: "C04" }));
    expect(c.ok && c.station.state).toBe("executing");
  });
});

describe("unit tracking along the released sequence", () => {
  it("moves units station to station and completes them at the last station", () => {
    const at = signalMaker();
    const l = run(emptyLine("A1", ["S1", "S2"], ["u1", "u2"]), [
      at(0, { kind: "unit_entered", station: "S1", unit: "u1" }),
      at(1, { kind: "unit_left", station: "S1", unit: "u1" }),
      at(2, { kind: "unit_entered", station: "S2", unit: "u1" }),
      at(2, { kind: "unit_entered", station: "S1", unit: "u2" }),
    ]);
    expect(l.units["u1"]).toMatchObject({ station: "S2", visited: ["S1", "S2"], outOfSequence: false });
    expect(unitsInLineOrder(l).map((u) => u.unit)).toEqual(["u1", "u2"]);
    const r = trackSignal(l, at(3, { kind: "unit_left", station: "S2", unit: "u1" }));
    expect(r.ok && r.completedUnit).toBe("u1");
    expect(r.ok && r.line.units["u1"]).toBeUndefined();
    expect(r.ok && r.line.completed).toBe(1);
  });
  it("notes a unit out of sequence and a lost 'left'", () => {
    const at = signalMaker();
    const l0 = emptyLine("A1", ["S1", "S2"], ["u1", "u2"]);
    const r = trackSignal(l0, at(0, { kind: "unit_entered", station: "S1", unit: "u2" }));
    expect(r.ok && r.notes[0]).toMatch(/ahead of u1/);
    const l1 = run(l0, [at(0, { kind: "unit_entered", station: "S1", unit: "u1" })]);
    const r2 = trackSignal(l1, at(1, { kind: "unit_entered", station: "S2", unit: "u1" }));
    expect(r2.ok && r2.notes[0]).toMatch(/not reported/);
    expect(r2.ok && r2.line.stations["S1"]!.unit).toBeNull();
    expect(trackSignal(l1, at(1, { kind: "unit_entered", station: "X9", unit: "u1" }))).toEqual({ ok: false, reason: "unknown station X9 on line A1" });
  });
  it("accepts a late 'left' (after the unit entered the next station) as late: recorded, noted, counted, nothing moved back", () => {
    const at = signalMaker();
    // u1's "left S1" comes over a slower path than its "entered S2": S1 was cleared when u1 entered S2, and u2 is in S1 since.
    const l = run(emptyLine("A1", ["S1", "S2", "S3"], ["u1", "u2"]), [
      at(0, { kind: "unit_entered", station: "S1", unit: "u1" }),
      at(60, { kind: "unit_entered", station: "S2", unit: "u1" }),
      at(61, { kind: "unit_entered", station: "S1", unit: "u2" }),
    ]);
    const r = trackSignal(l, at(59, { kind: "unit_left", station: "S1", unit: "u1" }));
    if (!r.ok) throw new Error(r.reason);
    expect(r.late).toBe(true);
    expect(r.notes).toEqual(["unit u1 left S1 late (out of order): it had already entered S2"]);
    expect(r.completedUnit).toBeNull();
    expect(r.line.units).toEqual(l.units);
    expect(r.line.stations["S1"]).toMatchObject({ unit: "u2", state: "executing", since: 61_000, unreportedLeaves: [] });
    expect(r.line.stations["S2"]).toEqual(l.stations["S2"]);
    expect(r.line.lateLeaves).toBe(1);
    // The same "left" again (another message id) and a "left" of a unit never seen at S1 are refused.
    expect(trackSignal(r.line, at(59, { kind: "unit_left", station: "S1", unit: "u1" }))).toEqual({ ok: false, reason: "unit u1 is not at station S1" });
    expect(trackSignal(r.line, at(62, { kind: "unit_left", station: "S1", unit: "u9" }))).toEqual({ ok: false, reason: "unit u9 is not at station S1" });
    expect(trackSignal(r.line, at(62, { kind: "unit_left", station: "S3", unit: "u1" })).ok).toBe(false);
    // Late part scans of the unit taken out are accepted too, until its "left" came.
    expect(trackSignal(l, at(58, { kind: "part_installed", station: "S1", unit: "u1", partNumber: "P", serial: "s1", lot: "L" })).ok).toBe(true);
    // An on-time "left" is not late.
    const r2 = trackSignal(r.line, at(61, { kind: "unit_left", station: "S1", unit: "u2" }));
    expect(r2.ok && r2.late).toBe(false);
  });
  it("a station remembers a bounded number of units whose 'left' may still come", () => {
    const at = signalMaker();
    const sig: StationSignal[] = [];
    for (let i = 0; i < 6; i++) sig.push(at(i * 10, { kind: "unit_entered", station: "S1", unit: `u${i}` }), at(i * 10 + 5, { kind: "unit_entered", station: "S2", unit: `u${i}` }), at(i * 10 + 6, { kind: "unit_left", station: "S2", unit: `u${i}` }));
    const l = run(emptyLine("A1", ["S1", "S2", "S3"]), sig);
    expect(l.stations["S1"]!.unreportedLeaves).toEqual(["u2", "u3", "u4", "u5"]);
    expect(trackSignal(l, at(100, { kind: "unit_left", station: "S1", unit: "u1" })).ok).toBe(false);
    expect(trackSignal(l, at(100, { kind: "unit_left", station: "S1", unit: "u2" })).ok).toBe(true);
  });
  it("invariant: a station holds at most one unit and a unit is in at most one station, whatever arrives", () => {
    const stations = ["S1", "S2", "S3"];
    const sigArb = fc.record({ kind: fc.constantFrom("unit_entered" as const, "unit_left" as const), unit: fc.constantFrom("u1", "u2", "u3", "u4"), station: fc.constantFrom(...stations) });
    fc.assert(
      fc.property(fc.array(sigArb, { maxLength: 60 }), (xs) => {
        let l = emptyLine("A1", stations);
        xs.forEach((x, i) => {
          const r = trackSignal(l, { ...x, id: `e${i}`, line: "A1", at: i });
          if (r.ok) l = r.line;
        });
        for (const [code, st] of Object.entries(l.stations)) if (st.unit && l.units[st.unit]?.station !== code) return false;
        for (const u of Object.values(l.units)) if (u.station && l.stations[u.station]!.unit !== u.unit) return false;
        return true;
      }),
    );
  });
});
