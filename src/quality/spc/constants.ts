import { logGamma } from "./distributions.js";

/**
 * Control chart constants for subgroup size n (Montgomery, Introduction to Statistical Quality
 * Control, Appendix VI; ASTM STP 15D). d2 and d3 are the tabulated mean and standard deviation
 * of the relative range W = R/σ of n normal observations, with A2 = 3/(d2√n) and D3/D4 = 1 ∓ 3d3/d2
 * also as tabulated; c4 is exact (from Γ); the others follow: A3 = 3/(c4√n), B3/B4 = 1 ∓ 3√(1−c4²)/c4,
 * A = 3/√n, D1/D2 = d2 ∓ 3d3, B5/B6 = c4 ∓ 3√(1−c4²), E2 = 3/d2 (moving range of 2).
 */
export interface ChartConstants {
  readonly n: number;
  readonly A: number;
  readonly A2: number;
  readonly A3: number;
  readonly c4: number;
  readonly B3: number;
  readonly B4: number;
  readonly B5: number;
  readonly B6: number;
  readonly d2: number;
  readonly d3: number;
  readonly D1: number;
  readonly D2: number;
  readonly D3: number;
  readonly D4: number;
  readonly E2: number;
}

/** d2 for n = 2..25 (Montgomery Appendix VI). */
const D2: readonly number[] = [1.128, 1.693, 2.059, 2.326, 2.534, 2.704, 2.847, 2.97, 3.078, 3.173, 3.258, 3.336, 3.407, 3.472, 3.532, 3.588, 3.64, 3.689, 3.735, 3.778, 3.819, 3.858, 3.895, 3.931];
/** d3 for n = 2..25 (Montgomery Appendix VI). */
const D3: readonly number[] = [0.853, 0.888, 0.88, 0.864, 0.848, 0.833, 0.82, 0.808, 0.797, 0.787, 0.778, 0.77, 0.763, 0.756, 0.75, 0.744, 0.739, 0.734, 0.729, 0.724, 0.72, 0.716, 0.712, 0.708];

/** A2, D3, D4 for n = 2..25 as tabulated (Montgomery Appendix VI); deriving them from the rounded d2, d3 differs in the third decimal. */
const A2: readonly number[] = [1.88, 1.023, 0.729, 0.577, 0.483, 0.419, 0.373, 0.337, 0.308, 0.285, 0.266, 0.249, 0.235, 0.223, 0.212, 0.203, 0.194, 0.187, 0.18, 0.173, 0.167, 0.162, 0.157, 0.153];
const D3T: readonly number[] = [0, 0, 0, 0, 0, 0.076, 0.136, 0.184, 0.223, 0.256, 0.283, 0.307, 0.328, 0.347, 0.363, 0.378, 0.391, 0.403, 0.415, 0.425, 0.434, 0.443, 0.451, 0.459];
const D4T: readonly number[] = [3.267, 2.574, 2.282, 2.114, 2.004, 1.924, 1.864, 1.816, 1.777, 1.744, 1.717, 1.693, 1.672, 1.653, 1.637, 1.622, 1.608, 1.597, 1.585, 1.575, 1.566, 1.557, 1.548, 1.541];

/** c4 = √(2/(n−1)) · Γ(n/2) / Γ((n−1)/2): E[s] = c4·σ for samples of n normal observations. */
export function c4(n: number): number {
  if (!(n >= 2)) throw new RangeError(`c4 needs n ≥ 2, got ${n}`);
  return Math.sqrt(2 / (n - 1)) * Math.exp(logGamma(n / 2) - logGamma((n - 1) / 2));
}

/**
 * The constants for subgroup size n (2 ≤ n ≤ 25; range-based constants are not defined beyond 25,
 * use an X̄-S chart there).
 * @example chartConstants(5).A2 // 0.577
 */
export function chartConstants(n: number): ChartConstants {
  if (!Number.isInteger(n) || n < 2 || n > 25) throw new RangeError(`subgroup size must be an integer 2..25, got ${n}`);
  const d2 = D2[n - 2]!;
  const d3 = D3[n - 2]!;
  const c = c4(n);
  const sc = Math.sqrt(1 - c * c);
  return {
    n,
    A: 3 / Math.sqrt(n),
    A2: A2[n - 2]!,
    A3: 3 / (c * Math.sqrt(n)),
    c4: c,
    B3: Math.max(0, 1 - (3 * sc) / c),
    B4: 1 + (3 * sc) / c,
    B5: Math.max(0, c - 3 * sc),
    B6: c + 3 * sc,
    d2,
    d3,
    D1: Math.max(0, d2 - 3 * d3),
    D2: d2 + 3 * d3,
    D3: D3T[n - 2]!,
    D4: D4T[n - 2]!,
    E2: 3 / d2,
  };
}
