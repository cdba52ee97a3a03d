import { describe, expect, it } from "vitest";
import type { ProgressPoint } from "../../api";
import { chartScale, colourChanges, gapPercent, mergeViolations, stationRows, stepPath } from "./plan-model";

const v = (station: string, from: number, to: number, excess: number) => ({ station, priority: "low", from, to, excess });

describe("plan model", () => {
  it("merges overlapping violation windows of a station into spans", () => {
    expect(mergeViolations([v("C03", 2, 7, 3), v("C03", 1, 6, 3), v("C03", 3, 8, 2), v("C03", 13, 18, 1)])).toEqual([
      { from: 1, to: 8, excess: 3, windows: 3, priority: "low" },
      { from: 13, to: 18, excess: 1, windows: 1, priority: "low" },
    ]);
  });

  it("gives one row per rule with its heavy positions and violations", () => {
    const unit = (position: number, heavyAt: string[]) => ({ orderId: `o${position}`, unitId: `u${position}`, colour: "red", heavyAt, position, plannedStart: "", frozen: false });
    const rows = stationRows({
      rules: [
        { ident: "T04", station: "T04", max: 1, window: 5, priority: "low", extraSeconds: 70, basis: "" },
        { ident: "F05", station: "F05", max: 1, window: 6, priority: "high", extraSeconds: 75, basis: "" },
      ],
      sequence: [unit(1, ["T04"]), unit(2, ["T04", "F05"]), unit(3, [])],
      violations: [v("T04", 1, 5, 1)],
    });
    expect(rows.map((r) => [r.station, r.rule, r.heavy, r.spans.length, r.total])).toEqual([
      ["T04", "1/5", [1, 2], 1, 1],
      ["F05", "1/6", [2], 0, 0],
    ]);
  });

  it("counts colour changes", () => {
    expect(colourChanges(["red", "red", "blue", "red"])).toBe(2);
    expect(colourChanges([])).toBe(0);
  });

  it("draws the best-so-far as steps over at least the time budget", () => {
    const pts: ProgressPoint[] = [
      { elapsedMs: 0, objective: 100, hprc: 0, lprc: 100, pcc: 0 },
      { elapsedMs: 500, objective: 80, hprc: 0, lprc: 80, pcc: 0 },
    ];
    const scale = chartScale(pts, "objective", 2);
    expect(scale.maxMs).toBe(2000);
    expect(scale.min).toBeLessThan(80);
    expect(scale.max).toBeGreaterThan(100);
    const d = stepPath(pts, "objective", scale, 200, 100, 1000);
    expect(d).toMatch(/^M0\.0,[\d.]+H50\.0V[\d.]+H100\.0$/);
    // A flat series still gets a visible range.
    const flat = chartScale([pts[0]!], "hprc", 1);
    expect(flat.max).toBeGreaterThan(flat.min);
  });

  it("reports the gap to the lower bound", () => {
    expect(gapPercent(110, 100)).toBeCloseTo(10);
    expect(gapPercent(0, 0)).toBe(0);
    expect(gapPercent(3, 0)).toBeNull();
  });
});
