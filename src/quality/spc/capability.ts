import { ValidationError } from "../../kernel/index.js";
import { chiSquareQuantile, normalQuantile } from "./distributions.js";

/** Specification limits of a characteristic; one may be absent (one-sided spec). */
export interface SpecLimits {
  readonly lsl?: number;
  readonly usl?: number;
}

export type Interval = readonly [number, number];

/**
 * Process capability (Montgomery ch. 8). Cp/Cpk use the within-subgroup σ (short-term, from
 * R̄/d2, s̄/c4 or MR̄/d2 of the control chart); Pp/Ppk use the overall sample standard deviation.
 * A one-sided spec has no Cp/Pp (undefined), only the one-sided index as Cpk/Ppk.
 */
export interface Capability {
  readonly n: number;
  readonly mean: number;
  readonly sigmaWithin: number;
  readonly sigmaOverall: number;
  readonly cp?: number;
  readonly cpk: number;
  readonly pp?: number;
  readonly ppk: number;
  readonly confidence: number;
  /** Two-sided confidence intervals: Cp and Pp by the χ² method, Cpk and Ppk by Bissell's approximation. */
  readonly ci: { readonly cp?: Interval; readonly cpk: Interval; readonly pp?: Interval; readonly ppk: Interval };
}

/**
 * Confidence interval for Cp (Montgomery eq. 8.19): Ĉp·√(χ²_{α/2,n−1}/(n−1)) ≤ Cp ≤ Ĉp·√(χ²_{1−α/2,n−1}/(n−1)),
 * with χ²_{q} the lower-q quantile here.
 * @example cpConfidenceInterval(1.33, 20, 0.95) // [0.91, 1.75]
 */
export function cpConfidenceInterval(cp: number, n: number, confidence = 0.95): Interval {
  const a = 1 - confidence;
  const df = n - 1;
  return [cp * Math.sqrt(chiSquareQuantile(a / 2, df) / df), cp * Math.sqrt(chiSquareQuantile(1 - a / 2, df) / df)];
}

/**
 * Confidence interval for Cpk by Bissell (1990), Montgomery eq. 8.20:
 * Ĉpk·[1 ∓ z_{α/2}·√(1/(9n·Ĉpk²) + 1/(2(n−1)))].
 * @example cpkConfidenceInterval(1.33, 20, 0.95) // [0.88, 1.78]
 */
export function cpkConfidenceInterval(cpk: number, n: number, confidence = 0.95): Interval {
  const z = normalQuantile(1 - (1 - confidence) / 2);
  const h = z * Math.sqrt(1 / (9 * n * cpk * cpk) + 1 / (2 * (n - 1)));
  return [cpk * (1 - h), cpk * (1 + h)];
}

function indices(mean: number, sigma: number, spec: SpecLimits): { p?: number; pk: number } {
  const { lsl, usl } = spec;
  const lower = lsl !== undefined ? (mean - lsl) / (3 * sigma) : Infinity;
  const upper = usl !== undefined ? (usl - mean) / (3 * sigma) : Infinity;
  const pk = Math.min(lower, upper);
  return lsl !== undefined && usl !== undefined ? { p: (usl - lsl) / (6 * sigma), pk } : { pk };
}

/**
 * Capability of `values` against `spec`. Give `sigmaWithin` from the control chart (σ̂ of an
 * X̄-R, X̄-S or I-MR chart); without it the moving-range estimate MR̄/1.128 of the values in
 * order is used.
 * @example processCapability(values, { lsl: 1.0, usl: 2.0 }, { sigmaWithin: 0.1398 })
 */
export function processCapability(values: readonly number[], spec: SpecLimits, opts: { sigmaWithin?: number; confidence?: number } = {}): Capability {
  if (values.length < 2 || !values.every(Number.isFinite)) throw new ValidationError("need at least two numeric values", [{ path: "/values", message: "too few" }]);
  if (spec.lsl === undefined && spec.usl === undefined) throw new ValidationError("a capability needs at least one specification limit", [{ path: "/spec", message: "no limits" }]);
  if (spec.lsl !== undefined && spec.usl !== undefined && !(spec.usl > spec.lsl)) throw new ValidationError("USL must exceed LSL", [{ path: "/spec", message: "usl ≤ lsl" }]);
  const n = values.length;
  const mean = values.reduce((a, b) => a + b, 0) / n;
  const sigmaOverall = Math.sqrt(values.reduce((a, x) => a + (x - mean) * (x - mean), 0) / (n - 1));
  let sigmaWithin = opts.sigmaWithin;
  if (sigmaWithin === undefined) {
    let mr = 0;
    for (let i = 1; i < n; i++) mr += Math.abs(values[i]! - values[i - 1]!);
    sigmaWithin = mr / (n - 1) / 1.128;
  }
  if (!(sigmaWithin > 0) || !(sigmaOverall > 0)) throw new ValidationError("the values have no spread; capability is undefined", [{ path: "/values", message: "zero spread" }]);
  const conf = opts.confidence ?? 0.95;
  const w = indices(mean, sigmaWithin, spec);
  const o = indices(mean, sigmaOverall, spec);
  return {
    n,
    mean,
    sigmaWithin,
    sigmaOverall,
    ...(w.p !== undefined ? { cp: w.p } : {}),
    cpk: w.pk,
    ...(o.p !== undefined ? { pp: o.p } : {}),
    ppk: o.pk,
    confidence: conf,
    ci: {
      ...(w.p !== undefined ? { cp: cpConfidenceInterval(w.p, n, conf) } : {}),
      cpk: cpkConfidenceInterval(w.pk, n, conf),
      ...(o.p !== undefined ? { pp: cpConfidenceInterval(o.p, n, conf) } : {}),
      ppk: cpkConfidenceInterval(o.pk, n, conf),
    },
  };
}
