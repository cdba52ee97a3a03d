import { describe, expect, it } from "vitest";
import { decodeJsonMessage } from "./json-topics.js";
import { encodeSparkplug, decodeSparkplug } from "./sparkplug-codec.js";
import { SparkplugHost, REBIRTH_METRIC } from "./sparkplug-host.js";

const plant = { hasLine: (l: string) => l === "A1", hasStation: (l: string, s: string) => l === "A1" && ["T01", "C04"].includes(s) };
const enc = (seq: number | undefined, metrics: Parameters<typeof encodeSparkplug>[0]["metrics"], timestamp = 1000) => encodeSparkplug({ timestamp, ...(seq === undefined ? {} : { seq }), metrics });

describe("JSON topic scheme", () => {
  const knows = plant.hasStation;
  const bytes = (o: unknown) => new TextEncoder().encode(typeof o === "string" ? o : JSON.stringify(o));
  it("decodes a valid event into a station signal", () => {
    const d = decodeJsonMessage("takt/v1/A1/C04/part-installed", bytes({ id: "m1", unit: "unit_1", partNumber: "P", serial: "S", lot: "L", at: "2026-01-05T06:00:00Z" }), 5, knows);
    expect(d).toEqual({ kind: "signal", signal: { kind: "part_installed", id: "m1", line: "A1", station: "C04", at: Date.parse("2026-01-05T06:00:00Z"), unit: "unit_1", partNumber: "P", serial: "S", lot: "L" } });
  });
  it("dead-letters bad payloads naming the field, unknown stations and bad JSON", () => {
    const d = decodeJsonMessage("takt/v1/A1/C04/operation-done", bytes({ id: "m1", unit: "u", operation: "x", ok: "yes" }), 5, knows);
    expect(d.kind === "dead" && d.letter.kind).toBe("malformed");
    expect(d.kind === "dead" && d.letter.reason).toMatch(/^\/ok: /);
    const u = decodeJsonMessage("takt/v1/A1/Z99/unit-entered", bytes({ id: "m", unit: "u" }), 5, knows);
    expect(u.kind === "dead" && u.letter).toMatchObject({ kind: "unknown_device", reason: "unknown station Z99 on line A1" });
    const j = decodeJsonMessage("takt/v1/A1/C04/unit-entered", bytes("{nope"), 5, knows);
    expect(j.kind === "dead" && j.letter.reason).toMatch(/not JSON/);
    const bin = decodeJsonMessage("takt/v1/A1/C04/unit-entered", new Uint8Array([0xff, 0xfe]), 5, knows);
    expect(bin.kind === "dead" && bin.letter.payload).toBe("base64://4=");
  });
  it("turns a telemetry message into one sample per tag", () => {
    const d = decodeJsonMessage("takt/v1/A1/C04/telemetry", bytes({ id: "t1", tags: { torque: 41.5, running: true } }), 7, knows);
    expect(d.kind === "telemetry" && d.samples.map((s) => [s.tag, s.value, s.msgKey])).toEqual([["torque", 41.5, "A1/C04/t1"], ["running", true, "A1/C04/t1"]]);
  });
});

describe("Sparkplug B host", () => {
  const nbirth = (seq = 0, bdSeq = 0) => enc(seq, [{ name: "bdSeq", type: "UInt64", value: bdSeq }, { name: "Temp", alias: 1, type: "Double", value: 20 }]);
  const dbirth = (seq: number) => enc(seq, [{ name: "Torque", alias: 2, type: "Double", value: 0 }, { name: "Takt/Event/unit-entered", alias: 3, type: "String", value: JSON.stringify({ id: "e0", unit: "unit_0" }) }]);
  it("round-trips payloads with 64-bit fields as numbers", () => {
    const p = decodeSparkplug(enc(7, [{ name: "x", alias: 9, type: "UInt64", value: 5 }], 1_764_000_000_000));
    expect(p).toEqual({ timestamp: 1_764_000_000_000, seq: 7, metrics: [{ name: "x", alias: 9, type: "UInt64", value: 5 }] });
  });
  it("follows births, aliases and data; station events ride on Takt/Event metrics", () => {
    const h = new SparkplugHost(plant);
    expect(h.handle("spBv1.0/A1/NBIRTH/edge1", nbirth(), 1).telemetry.map((t) => t.tag)).toEqual(["Temp"]);
    const db = h.handle("spBv1.0/A1/DBIRTH/edge1/C04", dbirth(1), 2);
    expect(db.signals).toMatchObject([{ kind: "unit_entered", unit: "unit_0", station: "C04", line: "A1" }]);
    expect(h.online("A1", "C04")).toBe(true);
    const dd = h.handle("spBv1.0/A1/DDATA/edge1/C04", enc(2, [{ alias: 2, type: "Double", value: 42.5 }]), 3);
    expect(dd.telemetry).toMatchObject([{ tag: "Torque", value: 42.5, device: "edge1/C04", station: "C04", at: 1000 }]);
    expect(dd.deadLetters).toEqual([]);
  });
  it("dead-letters duplicates and late messages; a gap asks for a rebirth", () => {
    const h = new SparkplugHost(plant);
    h.handle("spBv1.0/A1/NBIRTH/edge1", nbirth(), 1);
    h.handle("spBv1.0/A1/NDATA/edge1", enc(1, [{ alias: 1, type: "Double", value: 1 }]), 2);
    const dup = h.handle("spBv1.0/A1/NDATA/edge1", enc(1, [{ alias: 1, type: "Double", value: 1 }]), 3);
    expect(dup.deadLetters[0]!.kind).toBe("duplicate");
    const gap = h.handle("spBv1.0/A1/NDATA/edge1", enc(5, [{ alias: 1, type: "Double", value: 5 }]), 4);
    expect(gap.seqGaps).toBe(3);
    expect(gap.telemetry).toHaveLength(1);
    expect(gap.commands[0]!.topic).toBe("spBv1.0/A1/NCMD/edge1");
    expect(decodeSparkplug(gap.commands[0]!.payload).metrics[0]).toMatchObject({ name: REBIRTH_METRIC, value: true });
    const late = h.handle("spBv1.0/A1/NDATA/edge1", enc(3, [{ alias: 1, type: "Double", value: 3 }]), 5);
    expect(late.deadLetters[0]!.kind).toBe("out_of_order");
    // seq wraps 255 → 0
    const h2 = new SparkplugHost(plant);
    h2.handle("spBv1.0/A1/NBIRTH/edge2", nbirth(255), 1);
    expect(h2.handle("spBv1.0/A1/NDATA/edge2", enc(0, [{ alias: 1, type: "Double", value: 1 }]), 2).deadLetters).toEqual([]);
  });
  it("an unknown alias, data before birth and unknown devices are dead-lettered with a rebirth request", () => {
    const h = new SparkplugHost(plant);
    const early = h.handle("spBv1.0/A1/NDATA/edge1", enc(4, [{ alias: 1, type: "Double", value: 1 }]), 1);
    expect(early.deadLetters[0]!.kind).toBe("not_born");
    expect(early.commands).toHaveLength(1);
    h.handle("spBv1.0/A1/NBIRTH/edge1", nbirth(), 10_000);
    const ua = h.handle("spBv1.0/A1/NDATA/edge1", enc(1, [{ alias: 77, type: "Double", value: 1 }]), 20_000);
    expect(ua.deadLetters[0]!.kind).toBe("unknown_alias");
    expect(ua.commands).toHaveLength(1);
    expect(h.handle("spBv1.0/A1/DBIRTH/edge1/Z99", dbirth(2), 20_001).deadLetters[0]!.kind).toBe("unknown_device");
    expect(h.handle("spBv1.0/B7/NBIRTH/edge9", nbirth(), 1).deadLetters[0]!.kind).toBe("unknown_device");
    expect(h.handle("spBv1.0/A1/NDATA/edge1", new Uint8Array([1, 2, 3, 4, 5]), 1).deadLetters[0]!.kind).toBe("malformed");
  });
  it("death and rebirth: a stale NDEATH from the old session does not kill the new one", () => {
    const h = new SparkplugHost(plant);
    h.handle("spBv1.0/A1/NBIRTH/edge1", nbirth(0, 1), 1);
    h.handle("spBv1.0/A1/DBIRTH/edge1/C04", dbirth(1), 2);
    h.handle("spBv1.0/A1/NDEATH/edge1", enc(undefined, [{ name: "bdSeq", type: "UInt64", value: 1 }]), 3);
    expect(h.online("A1", "C04")).toBe(false);
    h.handle("spBv1.0/A1/NBIRTH/edge1", nbirth(0, 2), 4);
    h.handle("spBv1.0/A1/DBIRTH/edge1/C04", dbirth(1), 5);
    expect(h.online("A1", "C04")).toBe(true);
    const stale = h.handle("spBv1.0/A1/NDEATH/edge1", enc(undefined, [{ name: "bdSeq", type: "UInt64", value: 1 }]), 6);
    expect(stale.deadLetters[0]!.kind).toBe("out_of_order");
    expect(h.online("A1", "C04")).toBe(true);
  });
});
