import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { simulateLine, type StationSignal } from "../../execution/index.js";
import { demoPlant, findLine } from "../../plant/index.js";
import { simStationsOf } from "../../workflows/execution/index.js";
import { opcuaStationsOf, opcuaWritesOf, simulatedOpcuaStations } from "./simulated-stations.js";
import { TagDecoder } from "./tag-decoder.js";
import { parseTagMap } from "./tag-map.js";

const line = findLine(demoPlant(), "A1")!;
const stations = simStationsOf(line);

describe("simulated OPC UA stations", () => {
  it("picks the torque tools by default, all, or named stations", () => {
    expect(opcuaStationsOf(stations, "torque").map((s) => s.code)).toEqual(["C04", "C10"]);
    expect(opcuaStationsOf(stations, "all")).toHaveLength(40);
    expect(opcuaStationsOf(stations, "T01, C10").map((s) => s.code)).toEqual(["T01", "C10"]);
    expect(() => opcuaStationsOf(stations, "C04,X9")).toThrow("unknown station X9");
  });

  it("ships config/opcua-demo-tagmap.json as the simulator's defaults generate it, valid for the demo line", () => {
    const { tagMap } = simulatedOpcuaStations("A1", opcuaStationsOf(stations, "torque"), "opc.tcp://127.0.0.1:4841/takt-sim");
    const shipped = JSON.parse(readFileSync("config/opcua-demo-tagmap.json", "utf8")) as unknown;
    expect(shipped).toEqual(tagMap);
    const codes = new Set(line.stations.map((s) => s.code));
    expect(parseTagMap(shipped, { plant: { hasLine: (l) => l === "A1", hasStation: (_l, s) => codes.has(s) } }).tags).toHaveLength(10);
  });

  it("the variable writes, decoded through the tag map, are the simulated signals again", () => {
    const ops = opcuaStationsOf(stations, "torque");
    const { variables, tagMap } = simulatedOpcuaStations("A1", ops, "opc.tcp://127.0.0.1:4841/takt-sim");
    const tags = new Map(parseTagMap(tagMap).tags.map((t) => [t.nodeId.replace("ns=1;s=", ""), t]));
    const sequence = Array.from({ length: 60 }, (_, i) => `unit_rt-${i + 1}`);
    const { signals } = simulateLine({ line: "A1", stations, taktMs: 90_000, sequence, start: 0, durationMs: 60 * 90_000, seed: 4, faultRate: 0.01, andonRate: 0.02, defectRate: 0.05 });
    const codes = new Set(ops.map((s) => s.code));
    const mine = signals.filter((s) => codes.has(s.station));
    // A server reports state-like variables when the value changes, event-like ones on every write.
    const held = new Map(variables.map((v) => [v.id, v.initial as unknown]));
    const decoder = new TagDecoder(() => undefined);
    const decoded: StationSignal[] = [];
    for (const s of mine)
      for (const w of opcuaWritesOf(s)) {
        const tag = tags.get(w.id)!;
        const eventLike = tag.meaning === "operation_value" || tag.meaning === "part_serial";
        if (!eventLike && held.get(w.id) === w.value) continue;
        held.set(w.id, w.value);
        const d = decoder.decode(tag, { value: w.value, at: w.at });
        expect(d.deadLetters).toEqual([]);
        decoded.push(...d.signals);
      }
    const noId = (x: StationSignal) => ({ ...x, id: "" });
    expect(mine.filter((s) => s.kind === "operation_done").length).toBeGreaterThanOrEqual(50);
    expect(mine.some((s) => s.kind === "fault_raised") && mine.some((s) => s.kind === "andon_raised")).toBe(true);
    expect(decoded.map(noId)).toEqual(mine.map(noId));
  });
});
