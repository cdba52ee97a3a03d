import { describe, expect, it } from "vitest";
import type { LineLiveState, StationLive } from "../../api";
import { lineBackoffMs, openAndons } from "./use-line-live";

const st = (code: string, over: Partial<StationLive> = {}): StationLive => ({ code, state: "idle", machineryState: "NotExecuting", since: null, unit: null, andon: null, fault: null, online: null, ...over });

describe("the andon board from the live line state", () => {
  it("lists open andon calls and faults with station, reason and since, newest first", () => {
    const state: LineLiveState = {
      line: "A1",
      completed: 0,
      units: [],
      stations: [
        st("T01", { andon: { reason: "Material missing", since: "2026-03-02T06:00:00.000Z", unit: "unit_a" } }),
        st("T02"),
        st("C04", { state: "faulted", fault: { code: "E42", text: "nut runner", since: "2026-03-02T06:05:00.000Z" } }),
        st("F01", { fault: { code: "E7", text: null, since: "2026-03-02T06:01:00.000Z" }, andon: { reason: "Need help", since: "2026-03-02T06:02:00.000Z", unit: null } }),
      ],
    };
    expect(openAndons(state)).toEqual([
      { station: "C04", kind: "fault", reason: "E42: nut runner", unit: null, from: "2026-03-02T06:05:00.000Z", to: null },
      { station: "F01", kind: "andon", reason: "Need help", unit: null, from: "2026-03-02T06:02:00.000Z", to: null },
      { station: "F01", kind: "fault", reason: "E7", unit: null, from: "2026-03-02T06:01:00.000Z", to: null },
      { station: "T01", kind: "andon", reason: "Material missing", unit: "unit_a", from: "2026-03-02T06:00:00.000Z", to: null },
    ]);
  });

  it("reconnects the live line with a growing, capped delay", () => {
    expect([1, 2, 3, 4, 5, 10].map(lineBackoffMs)).toEqual([500, 1000, 2000, 4000, 8000, 10000]);
  });
});
