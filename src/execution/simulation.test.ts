import { describe, expect, it } from "vitest";
import { genealogyOf, historyOf, lineOee, missingParts, simulateLine, stationOee, type SimStation } from "./index.js";

const stations: SimStation[] = Array.from({ length: 6 }, (_, i) => ({
  code: `S${i + 1}`,
  ...(i % 2 === 0 ? { partNumber: `P${i + 1}` } : {}),
  ...(i === 3 ? { torque: { nominal: 60, min: 55, max: 65 } } : {}),
}));
const sequence = Array.from({ length: 200 }, (_, i) => `unit_${i}`);
const base = { line: "A1", stations, taktMs: 60_000, sequence, start: 0, durationMs: 4 * 3600_000 };

describe("paced line simulation", () => {
  it("is deterministic for a seed", () => {
    const a = simulateLine({ ...base, seed: 7 });
    const b = simulateLine({ ...base, seed: 7 });
    expect(a.signals).toEqual(b.signals);
    expect(simulateLine({ ...base, seed: 8, faultRate: 0.01 }).signals).not.toEqual(a.signals);
  });
  it("every completed unit has its full genealogy, and the OEE from its signals equals the hand computation from the truth", () => {
    const { signals, truth } = simulateLine({ ...base, seed: 3, faultRate: 0.01, defectRate: 0.05, andonRate: 0.01 });
    expect(truth.stops.length).toBeGreaterThan(0);
    expect(truth.good.length).toBeLessThan(truth.completed.length);
    const g = genealogyOf(signals);
    for (const u of truth.completed) {
      expect(g.get(u)!.visits.map((v) => v.station)).toEqual(stations.map((s) => s.code));
      expect(missingParts(g.get(u)!, ["P1", "P3", "P5"])).toEqual([]);
    }
    const w = { from: 0, to: truth.end };
    const k = lineOee(historyOf(signals), stations.map((s) => s.code), w, 60_000);
    // Hand computation: PBT = the window; down time = the fault stops (a paced line stops as a whole; stops here never overlap
    // across cycles because a cycle waits for its longest fault); PQ, GQ from the truth.
    const down = truth.stops.reduce((acc, s, i, all) => acc + (all.findIndex((x) => x.from === s.from) === i ? Math.max(...all.filter((x) => x.from === s.from).map((x) => x.to - x.from)) : 0), 0);
    const pbt = truth.end;
    expect(k.pq).toBe(truth.completed.length);
    expect(k.gq).toBe(truth.good.length);
    expect(k.adotMs).toBe(down);
    expect(k.availability).toBeCloseTo((pbt - down) / pbt, 12);
    expect(k.oee).toBeCloseTo((60_000 * truth.good.length) / pbt, 12);
    // A station's effectiveness cannot exceed 1 on a paced line: one unit per takt at most.
    for (const s of stations) expect(stationOee(historyOf(signals), s.code, w, 60_000).effectiveness!).toBeLessThanOrEqual(1 + 1e-12);
  });
});
