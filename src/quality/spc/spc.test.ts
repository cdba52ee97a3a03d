import { describe, expect, it } from "vitest";
import { chartConstants, c4 } from "./constants.js";
import { chiSquareCdf, chiSquareQuantile, normalQuantile, normalCdf } from "./distributions.js";
import { cChart, imrChart, npChart, outOfControl, pChart, uChart, xbarRChart, xbarSChart, type ControlChart } from "./charts.js";
import { checkRules, violationsByPoint, WESTERN_ELECTRIC_RULES } from "./rules.js";
import { cpConfidenceInterval, cpkConfidenceInterval, processCapability } from "./capability.js";

/** A subgroup of size 5 with the given mean and range: [m−R/2, m+R/2, m, m, m]. */
const groupMR = (m: number, r: number): number[] => [m - r / 2, m + r / 2, m, m, m];

/** Spreads `total` over `k` samples unevenly but deterministically (sum preserved). */
function spread(total: number, k: number): number[] {
  const base = Math.floor(total / k);
  const out = new Array<number>(k).fill(base);
  for (let i = 0; i < total - base * k; i++) out[(i * 7) % k]!++;
  for (let i = 0; i + 1 < k; i += 2) {
    out[i]! += 2;
    out[i + 1]! -= 2;
  }
  return out;
}

describe("control chart constants (Montgomery Appendix VI)", () => {
  it("matches the tabulated values", () => {
    const k5 = chartConstants(5);
    expect(k5.A2).toBeCloseTo(0.577, 3);
    expect(k5.D3).toBe(0);
    expect(k5.D4).toBeCloseTo(2.114, 3);
    expect(k5.A3).toBeCloseTo(1.427, 3);
    expect(k5.B3).toBe(0);
    expect(k5.B4).toBeCloseTo(2.089, 3);
    expect(k5.c4).toBeCloseTo(0.94, 4);
    expect(k5.A).toBeCloseTo(1.342, 3);
    const k7 = chartConstants(7);
    expect(k7.D3).toBeCloseTo(0.076, 3);
    expect(k7.D4).toBeCloseTo(1.924, 3);
    expect(chartConstants(6).B3).toBeCloseTo(0.03, 3);
    expect(chartConstants(6).B4).toBeCloseTo(1.97, 3);
    expect(chartConstants(2).E2).toBeCloseTo(2.66, 2);
    expect(chartConstants(2).D4).toBeCloseTo(3.267, 3);
    expect(chartConstants(10).A2).toBeCloseTo(0.308, 3);
    expect(c4(10)).toBeCloseTo(0.9727, 4);
    expect(c4(25)).toBeCloseTo(0.9896, 4);
    expect(() => chartConstants(1)).toThrow(RangeError);
  });
});

describe("distributions", () => {
  it("chi-square and normal quantiles match the tables", () => {
    expect(chiSquareQuantile(0.975, 19)).toBeCloseTo(32.852, 3);
    expect(chiSquareQuantile(0.025, 19)).toBeCloseTo(8.907, 3);
    expect(chiSquareQuantile(0.95, 1)).toBeCloseTo(3.8415, 4);
    expect(chiSquareQuantile(0.5, 2)).toBeCloseTo(2 * Math.LN2, 10);
    expect(chiSquareQuantile(0.99, 100)).toBeCloseTo(135.807, 3);
    expect(chiSquareQuantile(0.001, 3)).toBeCloseTo(0.02430, 4);
    expect(chiSquareCdf(chiSquareQuantile(0.3, 7.5), 7.5)).toBeCloseTo(0.3, 12);
    expect(normalQuantile(0.975)).toBeCloseTo(1.959964, 6);
    expect(normalQuantile(0.001)).toBeCloseTo(-3.090232, 6);
    expect(normalCdf(1.644854)).toBeCloseTo(0.95, 6);
  });
});

describe("variables charts", () => {
  it("X̄-R reproduces Montgomery Example 6.1 (hard-bake flow width: x̄̄ = 1.5056, R̄ = 0.32521, n = 5)", () => {
    const groups = Array.from({ length: 25 }, () => groupMR(1.5056, 0.32521));
    const { xbar, r, sigmaHat } = xbarRChart(groups);
    expect(xbar.center).toBeCloseTo(1.5056, 4);
    expect(xbar.ucl[0]).toBeCloseTo(1.6932, 3);
    expect(xbar.lcl[0]).toBeCloseTo(1.318, 3);
    expect(r.center).toBeCloseTo(0.32521, 5);
    expect(r.ucl[0]).toBeCloseTo(0.6875, 3);
    expect(r.lcl[0]).toBe(0);
    expect(sigmaHat).toBeCloseTo(0.1398, 4);
  });

  it("X̄-R on a hand-computed data set", () => {
    // x̄ = 2, 3, 4 → x̄̄ = 3; R = 2, 2, 2 → R̄ = 2; n = 3: A2 = 1.023, D4 = 2.574.
    const { xbar, r } = xbarRChart([
      [1, 2, 3],
      [2, 3, 4],
      [3, 4, 5],
    ]);
    expect(xbar.points).toEqual([2, 3, 4]);
    expect(xbar.ucl[0]).toBeCloseTo(3 + 1.023 * 2, 2);
    expect(r.ucl[0]).toBeCloseTo(2.574 * 2, 2);
  });

  it("X̄-S reproduces Montgomery Example 6.3 (piston rings: x̄̄ = 74.001, s̄ = 0.0094, n = 5)", () => {
    const a = 0.0094 * Math.SQRT2; // [m−a, m+a, m, m, m] has s = a/√2
    const groups = Array.from({ length: 25 }, () => [74.001 - a, 74.001 + a, 74.001, 74.001, 74.001]);
    const { xbar, s } = xbarSChart(groups);
    expect(s.center).toBeCloseTo(0.0094, 6);
    expect(xbar.ucl[0]).toBeCloseTo(74.014, 3);
    expect(xbar.lcl[0]).toBeCloseTo(73.988, 3);
    expect(s.ucl[0]).toBeCloseTo(0.0196, 4);
    expect(s.lcl[0]).toBe(0);
  });

  it("I-MR on a hand-computed series", () => {
    // x̄ = 12.2; MR = 2, 1, 4, 2 → MR̄ = 2.25; σ̂ = 2.25/1.128.
    const { i, mr, sigmaHat } = imrChart([10, 12, 11, 15, 13]);
    expect(i.center).toBeCloseTo(12.2, 10);
    expect(sigmaHat).toBeCloseTo(2.25 / 1.128, 10);
    expect(i.ucl[0]).toBeCloseTo(12.2 + (3 * 2.25) / 1.128, 10);
    expect(mr.ucl[0]).toBeCloseTo(3.267 * 2.25, 2);
    expect(mr.points).toEqual([2, 1, 4, 2]);
  });

  it("uses known standards when given (phase II)", () => {
    const { xbar } = xbarRChart([groupMR(10, 1), groupMR(10.2, 1)], { mean: 10, sigma: 0.5 });
    expect(xbar.ucl[0]).toBeCloseTo(10 + (3 * 0.5) / Math.sqrt(5), 10);
  });

  it("rejects ragged subgroups", () => {
    expect(() => xbarRChart([[1, 2], [1, 2, 3]])).toThrow(/subgroup 1/);
  });
});

describe("attributes charts", () => {
  it("p and np charts reproduce Montgomery Example 7.1 (orange-juice cans: 347 defectives in 30 × 50)", () => {
    const d = spread(347, 30);
    expect(d.reduce((a, b) => a + b, 0)).toBe(347);
    const p = pChart(d, 50);
    expect(p.center).toBeCloseTo(0.2313, 4);
    expect(p.ucl[0]).toBeCloseTo(0.4102, 3);
    expect(p.lcl[0]).toBeCloseTo(0.0524, 3);
    const np = npChart(d, 50);
    expect(np.center).toBeCloseTo(11.57, 2);
    expect(np.ucl[0]).toBeCloseTo(20.51, 2);
    expect(np.lcl[0]).toBeCloseTo(2.62, 2);
  });

  it("p chart limits step with the sample size", () => {
    const p = pChart([5, 10], [50, 200]);
    expect(p.center).toBeCloseTo(15 / 250, 10);
    expect(p.ucl[0]!).toBeGreaterThan(p.ucl[1]!);
    expect(p.lcl[0]).toBe(0);
    expect(() => pChart([60, 1], 50)).toThrow(/60 defectives/);
  });

  it("c chart reproduces Montgomery Example 7.3 (circuit boards: 516 nonconformities in 26 samples)", () => {
    const c = cChart(spread(516, 26));
    expect(c.center).toBeCloseTo(19.85, 2);
    // The book rounds c̄ to 19.85 before adding 3√c̄: 33.22; unrounded it is 33.211.
    expect(c.ucl[0]).toBeCloseTo(33.22, 1);
    expect(c.lcl[0]).toBeCloseTo(6.48, 2);
  });

  it("u chart reproduces Montgomery Example 7.4 (computers: 193 nonconformities in 20 × 5 units)", () => {
    const u = uChart(spread(193, 20), 5);
    expect(u.center).toBeCloseTo(1.93, 2);
    expect(u.ucl[0]).toBeCloseTo(3.79, 2);
    expect(u.lcl[0]).toBeCloseTo(0.07, 2);
  });

  it("flags points outside the limits", () => {
    const c = cChart([3, 4, 5, 4, 3, 4, 20]);
    expect(outOfControl(c)).toEqual([6]);
  });
});

/** A chart with centre 0 and σ 1 for every point, to test rules on constructed series. */
const unit = (points: number[]): ControlChart => ({ kind: "i", points, center: 0, sigma: points.map(() => 1), ucl: points.map(() => 3), lcl: points.map(() => -3) });
const fired = (points: number[]): Map<number, string[]> => violationsByPoint(checkRules(unit(points)));

describe("Nelson and Western Electric rules", () => {
  it("a quiet series breaks no rule", () => {
    const quiet = [0.3, -0.6, 0.2, 0.9, -0.4, -1.2, 0.5, 0.1, -0.7, 1.3, -0.2, 0.4, -0.9, 0.6, 1.1, -0.3, -1.4, 0.2, 0.7, -0.5];
    expect(checkRules(unit(quiet))).toEqual([]);
  });
  it("rule 1: a point beyond 3σ", () => {
    expect(fired([0.1, -0.3, 3.5, 0.2]).get(2)).toEqual(["nelson1"]);
    expect(fired([0.1, -3.2]).get(1)).toEqual(["nelson1"]);
  });
  it("rule 2: nine in a row on one side", () => {
    const m = fired([-0.5, 0.3, 0.5, 0.2, 0.6, 0.4, 0.8, 0.3, 0.1, 0.5]);
    expect(m.get(9)).toContain("nelson2");
    expect(m.get(8)).toBeUndefined();
  });
  it("rule 3: six in a row steadily increasing (or decreasing)", () => {
    expect(fired([0.4, -0.9, -0.6, -0.2, 0.1, 0.5, 0.8]).get(6)).toContain("nelson3");
    expect(fired([0.9, 0.6, 0.2, -0.1, -0.5, -0.8]).get(5)).toContain("nelson3");
    expect(fired([-0.9, -0.6, -0.2, 0.1, 0.5]).size).toBe(0);
  });
  it("rule 4: fourteen alternating up and down", () => {
    const alt = Array.from({ length: 14 }, (_, i) => (i % 2 === 0 ? 0.5 : -0.5));
    expect(fired(alt).get(13)).toContain("nelson4");
    expect(fired(alt.slice(0, 13)).get(12)).toBeUndefined();
  });
  it("rule 5: two of three beyond 2σ on the same side", () => {
    const m = fired([0.1, 2.5, 0.2, 2.2]);
    expect(m.get(3)).toEqual(["nelson5"]);
    expect(fired([0.1, 2.5, 0.2, -2.2]).size).toBe(0);
  });
  it("rule 6: four of five beyond 1σ on the same side", () => {
    expect(fired([1.5, 1.2, 0.1, 1.7, 1.4]).get(4)).toEqual(["nelson6"]);
  });
  it("rule 7: fifteen within 1σ (stratification)", () => {
    const hug = [0.2, -0.1, 0.3, 0.1, -0.2, -0.3, 0.2, 0.4, -0.1, -0.2, 0.1, 0.3, -0.4, 0.2, 0.1];
    const m = fired(hug);
    expect(m.get(14)).toContain("nelson7");
    expect([...m.keys()]).toEqual([14]);
  });
  it("rule 8: eight beyond 1σ on either side (mixture)", () => {
    const m = fired([1.5, -1.4, -1.6, 1.3, 1.8, -1.2, 1.6, -1.5]);
    expect(m.get(7)).toContain("nelson8");
    // All on one side is a shift (rules 2, 5, 6), not a mixture.
    expect(fired([1.5, 1.4, 1.6, 1.3, 1.8, 1.2, 1.6, 1.5]).get(7)).not.toContain("nelson8");
  });
  it("Western Electric: eight on one side", () => {
    const v = checkRules(unit([0.5, 0.3, 0.2, 0.6, 0.4, 0.8, 0.3, 0.1]), WESTERN_ELECTRIC_RULES);
    expect(v.map((x) => [x.rule, x.index])).toEqual([["we4", 7]]);
  });
  it("run rules use each point's own σ on stepped-limit charts", () => {
    const p = pChart([2, 2, 2, 30], [100, 100, 100, 100]);
    expect(checkRules(p).some((v) => v.rule === "nelson1" && v.index === 3)).toBe(true);
  });
});

describe("process capability", () => {
  it("Cp confidence interval by χ² (Montgomery Example 8.5: Ĉp = 1.33, n = 20 → 0.91, 1.75)", () => {
    const [lo, hi] = cpConfidenceInterval(1.33, 20, 0.95);
    expect(lo).toBeCloseTo(0.91, 2);
    expect(hi).toBeCloseTo(1.75, 2);
  });
  it("Cpk confidence interval by Bissell (Montgomery Example 8.6: Ĉpk = 1.33, n = 20 → 0.88, 1.78)", () => {
    const [lo, hi] = cpkConfidenceInterval(1.33, 20, 0.95);
    expect(lo).toBeCloseTo(0.88, 2);
    expect(hi).toBeCloseTo(1.78, 2);
  });
  it("Cp of the hard-bake process (Montgomery §8.3: USL 2.00, LSL 1.00, σ̂ = 0.1398 → Cp = 1.192)", () => {
    const values = [1.3, 1.7, 1.5, 1.6, 1.4, 1.5];
    const c = processCapability(values, { lsl: 1, usl: 2 }, { sigmaWithin: 0.1398 });
    expect(c.cp).toBeCloseTo(1.192, 3);
    expect(c.cpk).toBeCloseTo(0.5 / (3 * 0.1398), 6);
  });
  it("Pp and Ppk use the overall standard deviation; one-sided specs have no Cp", () => {
    const values = [9.8, 10.1, 10.0, 10.3, 9.9, 10.2, 9.7, 10.0];
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    const s = Math.sqrt(values.reduce((a, x) => a + (x - mean) ** 2, 0) / (values.length - 1));
    const c = processCapability(values, { lsl: 9, usl: 11.5 });
    expect(c.pp).toBeCloseTo(2.5 / (6 * s), 10);
    expect(c.ppk).toBeCloseTo((mean - 9) / (3 * s), 10);
    expect(c.ci.cp![0]).toBeLessThan(c.cp!);
    expect(c.ci.cpk[1]).toBeGreaterThan(c.cpk);
    const one = processCapability(values, { usl: 11 });
    expect(one.cp).toBeUndefined();
    expect(one.ppk).toBeCloseTo((11 - mean) / (3 * s), 10);
    expect(() => processCapability(values, {})).toThrow(/specification/);
  });
});
