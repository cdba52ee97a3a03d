import { describe, expect, it } from "vitest";
import { TagDecoder, type StationNow } from "./tag-decoder.js";
import { parseTagMap, type Tag, type TagSpec } from "./tag-map.js";

const tagsOf = (specs: Omit<TagSpec, "nodeId">[]): Tag[] => parseTagMap({ endpoint: "opc.tcp://plc:4840", line: "A1", tags: specs.map((t, i) => ({ nodeId: `ns=2;i=${i + 1}`, ...t })) }).tags as Tag[];
const strip = (d: { signals: object[] }) => d.signals.map((s) => {
  const { id: _id, line: _l, ...rest } = s as Record<string, unknown>;
  return rest;
});

describe("tag decoder", () => {
  it("current_unit: a new value is the old unit leaving and the new one entering", () => {
    const [unit] = tagsOf([{ station: "C04", meaning: "current_unit" }]);
    const d = new TagDecoder(() => ({ unit: "unit_x", andon: false, fault: false }));
    // Tracking has unit_x at C04 and the device first says the station is empty: unit_x left.
    expect(strip(d.decode(unit!, { value: "", at: 1 }))).toEqual([{ kind: "unit_left", station: "C04", at: 1, unit: "unit_x" }]);
    expect(strip(d.decode(unit!, { value: "unit_a", at: 2 }))).toEqual([{ kind: "unit_entered", station: "C04", at: 2, unit: "unit_a" }]);
    expect(strip(d.decode(unit!, { value: "unit_b", at: 3 }))).toEqual([
      { kind: "unit_left", station: "C04", at: 3, unit: "unit_a" },
      { kind: "unit_entered", station: "C04", at: 3, unit: "unit_b" },
    ]);
    expect(d.decode(unit!, { value: "unit_b", at: 4 }).signals).toEqual([]);
  });

  it("operation_value: the unit at the station, ok by the limits; no unit or no number is a dead letter", () => {
    const [unit, torque] = tagsOf([
      { station: "C04", meaning: "current_unit" },
      { station: "C04", meaning: "operation_value", characteristic: "torque", operation: "marriage_bolts", uom: "N·m", min: 40, max: 50 },
    ]);
    const d = new TagDecoder(() => undefined);
    const none = d.decode(torque!, { value: 45, at: 1 });
    expect(none.signals).toEqual([]);
    expect(none.deadLetters).toMatchObject([{ kind: "rejected", reason: "torque = 45 but no unit is at station C04", source: "opcua:ns=2;i=2" }]);
    d.decode(unit!, { value: "unit_a", at: 2 });
    expect(strip(d.decode(torque!, { value: 45, at: 3 }))).toEqual([{ kind: "operation_done", station: "C04", at: 3, unit: "unit_a", operation: "marriage_bolts", ok: true, values: [{ name: "torque", value: 45, uom: "N·m", min: 40, max: 50 }] }]);
    expect(d.decode(torque!, { value: 51.5, at: 4 }).signals[0]).toMatchObject({ ok: false, values: [{ value: 51.5 }] });
    expect(d.decode(torque!, { value: "high", at: 5 }).deadLetters).toMatchObject([{ kind: "malformed", reason: "torque must be a finite number" }]);
  });

  it("part_serial takes the lot of the station's part_lot tag, or the fixed lot, else a dead letter", () => {
    const [lot, serial, fixed] = tagsOf([
      { station: "C10", meaning: "part_lot", partNumber: "WHEELS" },
      { station: "C10", meaning: "part_serial", partNumber: "WHEELS" },
      { station: "C10", meaning: "part_serial", partNumber: "VALVE", lot: "V-1" },
    ]);
    const d = new TagDecoder(() => ({ unit: "unit_a", andon: false, fault: false }));
    expect(d.decode(serial!, { value: "W-1", at: 1 }).deadLetters[0]!.reason).toMatch(/has no lot/);
    expect(d.decode(lot!, { value: "L7", at: 2 }).signals).toEqual([]);
    expect(strip(d.decode(serial!, { value: "W-2", at: 3 }))).toEqual([{ kind: "part_installed", station: "C10", at: 3, unit: "unit_a", partNumber: "WHEELS", serial: "W-2", lot: "L7" }]);
    expect(d.decode(fixed!, { value: "V-9", at: 4 }).signals[0]).toMatchObject({ partNumber: "VALVE", serial: "V-9", lot: "V-1" });
    expect(d.decode(serial!, { value: "", at: 5 })).toEqual({ signals: [], telemetry: [], deadLetters: [] });
  });

  it("station_state, andon and fault report changes only", () => {
    const [state, coded, andon, reasoned, fault, codeFault] = tagsOf([
      { station: "C04", meaning: "station_state" },
      { station: "C05", meaning: "station_state", states: { "0": "idle", "1": "ignore", "2": "blocked", "3": "starved" } },
      { station: "C04", meaning: "andon", reason: "nut runner" },
      { station: "C05", meaning: "andon" },
      { station: "C04", meaning: "fault", code: "E-STOP" },
      { station: "C05", meaning: "fault" },
    ]);
    const now: Record<string, StationNow> = { C04: { unit: "unit_a", andon: false, fault: false }, C05: { unit: null, andon: true, fault: false } };
    const d = new TagDecoder((_l, s) => now[s]);
    expect(strip(d.decode(state!, { value: "Blocked", at: 1 }))).toEqual([{ kind: "state_reported", station: "C04", at: 1, state: "blocked" }]);
    expect(d.decode(state!, { value: "Blocked", at: 2 }).signals).toEqual([]);
    expect(d.decode(state!, { value: "executing", at: 3 }).signals).toEqual([]);
    expect(d.decode(state!, { value: "lunch", at: 4 }).deadLetters[0]).toMatchObject({ kind: "malformed", reason: 'station state "lunch" is not one of idle, blocked, starved' });
    expect(d.decode(coded!, { value: 3, at: 5 }).signals[0]).toMatchObject({ kind: "state_reported", state: "starved" });
    expect(d.decode(coded!, { value: 1, at: 6 }).signals).toEqual([]);
    // Andon: false at first with no andon open is nothing; true raises with the unit in the station; false clears.
    expect(d.decode(andon!, { value: false, at: 7 }).signals).toEqual([]);
    expect(strip(d.decode(andon!, { value: true, at: 8 }))).toEqual([{ kind: "andon_raised", station: "C04", at: 8, reason: "nut runner", unit: "unit_a" }]);
    expect(strip(d.decode(andon!, { value: false, at: 9 }))).toEqual([{ kind: "andon_cleared", station: "C04", at: 9 }]);
    // A string andon carries its reason; tracking says C05's andon is open, so a first "" clears it.
    expect(strip(d.decode(reasoned!, { value: "", at: 10 }))).toEqual([{ kind: "andon_cleared", station: "C05", at: 10 }]);
    expect(d.decode(reasoned!, { value: "material missing", at: 11 }).signals[0]).toMatchObject({ kind: "andon_raised", reason: "material missing" });
    expect(d.decode(fault!, { value: true, at: 12 }).signals[0]).toMatchObject({ kind: "fault_raised", code: "E-STOP" });
    expect(d.decode(fault!, { value: false, at: 13 }).signals[0]).toMatchObject({ kind: "fault_cleared" });
    expect(d.decode(codeFault!, { value: 4711, at: 14 }).signals[0]).toMatchObject({ kind: "fault_raised", code: "4711" });
    expect(d.decode(codeFault!, { value: 0, at: 15 }).signals[0]).toMatchObject({ kind: "fault_cleared" });
  });

  it("telemetry goes to the series; ids come from the tag and the source time, so a replayed value has the same ids", () => {
    const [temp, unit] = tagsOf([
      { station: "C04", meaning: "telemetry", name: "spindle_temp" },
      { station: "C04", meaning: "current_unit", name: "c04-unit" },
    ]);
    const d = new TagDecoder(() => undefined);
    expect(d.decode(temp!, { value: 41.5, at: 1000 }).telemetry).toEqual([{ msgKey: "opcua:spindle_temp@1000", line: "A1", station: "C04", device: "opcua", tag: "spindle_temp", value: 41.5, at: 1000 }]);
    const a = d.decode(unit!, { value: "unit_a", at: 2000 }).signals.map((s) => s.id);
    const again = new TagDecoder(() => undefined).decode(unit!, { value: "unit_a", at: 2000 }).signals.map((s) => s.id);
    expect(a).toEqual(["opcua:c04-unit@2000:entered"]);
    expect(again).toEqual(a);
  });
});
