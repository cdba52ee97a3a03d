import { ValidationError } from "../../kernel/index.js";
import { c4, chartConstants } from "./constants.js";

/** The Shewhart charts Takt draws. */
export type ChartKind = "xbar" | "r" | "s" | "i" | "mr" | "p" | "np" | "c" | "u";

/**
 * One control chart: the plotted statistic per point with its limits. Limits are per point
 * because p and u charts with varying sample sizes have stepped limits. `sigma` is the standard
 * error of each point, used by the run rules to draw the 1σ/2σ zones.
 */
export interface ControlChart {
  readonly kind: ChartKind;
  readonly points: readonly number[];
  readonly center: number;
  readonly ucl: readonly number[];
  readonly lcl: readonly number[];
  readonly sigma: readonly number[];
}

/** Known process standards (phase II): the chart then uses these instead of estimating them. */
export interface Standard {
  readonly mean: number;
  readonly sigma: number;
}

function chart(kind: ChartKind, points: number[], center: number, sigma: number | number[], k = 3, floorAtZero = false): ControlChart {
  const s = Array.isArray(sigma) ? sigma : points.map(() => sigma);
  return {
    kind,
    points,
    center,
    sigma: s,
    ucl: s.map((si) => center + k * si),
    lcl: s.map((si) => (floorAtZero ? Math.max(0, center - k * si) : center - k * si)),
  };
}

const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;

function sampleSd(xs: readonly number[]): number {
  const m = mean(xs);
  return Math.sqrt(xs.reduce((a, x) => a + (x - m) * (x - m), 0) / (xs.length - 1));
}

function checkSubgroups(subgroups: readonly (readonly number[])[]): number {
  if (subgroups.length < 2) throw new ValidationError("need at least two subgroups", [{ path: "/subgroups", message: "fewer than two" }]);
  const n = subgroups[0]!.length;
  subgroups.forEach((g, i) => {
    if (g.length !== n) throw new ValidationError(`subgroup ${i} has ${g.length} values, expected ${n}`, [{ path: `/subgroups/${i}`, message: "size differs" }]);
    if (!g.every(Number.isFinite)) throw new ValidationError(`subgroup ${i} has a non-numeric value`, [{ path: `/subgroups/${i}`, message: "not finite" }]);
  });
  return n;
}

/**
 * X̄ and R charts (Montgomery §6.2): centre x̄̄ and R̄, limits x̄̄ ± A2·R̄, D3·R̄ and D4·R̄.
 * @example xbarRChart([[74.03, 74.00, …], …]).xbar.ucl[0]
 */
export function xbarRChart(subgroups: readonly (readonly number[])[], standard?: Standard): { xbar: ControlChart; r: ControlChart; sigmaHat: number } {
  const n = checkSubgroups(subgroups);
  const k = chartConstants(n);
  const xbars = subgroups.map(mean);
  const ranges = subgroups.map((g) => Math.max(...g) - Math.min(...g));
  const rBar = standard ? k.d2 * standard.sigma : mean(ranges);
  const center = standard ? standard.mean : mean(xbars);
  const sigmaHat = standard ? standard.sigma : rBar / k.d2;
  // With standards given the limits are μ ± A·σ and D1·σ, D2·σ (Montgomery Table 6.2).
  const ucl = standard ? k.D2 * standard.sigma : k.D4 * rBar;
  const lcl = standard ? k.D1 * standard.sigma : k.D3 * rBar;
  return {
    xbar: chart("xbar", xbars, center, standard ? standard.sigma / Math.sqrt(n) : (k.A2 * rBar) / 3),
    r: { kind: "r", points: ranges, center: rBar, ucl: ranges.map(() => ucl), lcl: ranges.map(() => lcl), sigma: ranges.map(() => (k.d3 * rBar) / k.d2) },
    sigmaHat,
  };
}

/** X̄ and S charts (Montgomery §6.3): limits x̄̄ ± A3·s̄, B3·s̄ and B4·s̄; σ̂ = s̄/c4. */
export function xbarSChart(subgroups: readonly (readonly number[])[], standard?: Standard): { xbar: ControlChart; s: ControlChart; sigmaHat: number } {
  const n = checkSubgroups(subgroups);
  const c = c4(n);
  const xbars = subgroups.map(mean);
  const sds = subgroups.map(sampleSd);
  const sBar = standard ? c * standard.sigma : mean(sds);
  const center = standard ? standard.mean : mean(xbars);
  const sigmaHat = standard ? standard.sigma : sBar / c;
  const sigmaS = (sBar * Math.sqrt(1 - c * c)) / c;
  return {
    xbar: chart("xbar", xbars, center, sigmaHat / Math.sqrt(n)),
    s: { kind: "s", points: sds, center: sBar, ucl: sds.map(() => sBar + 3 * sigmaS), lcl: sds.map(() => Math.max(0, sBar - 3 * sigmaS)), sigma: sds.map(() => sigmaS) },
    sigmaHat,
  };
}

/**
 * Individuals and moving-range charts (Montgomery §6.4): MR_i = |x_i − x_{i−1}|, limits
 * x̄ ± 3·MR̄/d2 (= E2·MR̄ with d2 for n = 2) and D4·MR̄ for the moving ranges.
 */
export function imrChart(values: readonly number[], standard?: Standard): { i: ControlChart; mr: ControlChart; sigmaHat: number } {
  if (values.length < 2 || !values.every(Number.isFinite)) throw new ValidationError("need at least two numeric values", [{ path: "/values", message: "too few or not numeric" }]);
  const k = chartConstants(2);
  const mrs = values.slice(1).map((x, i) => Math.abs(x - values[i]!));
  const mrBar = standard ? k.d2 * standard.sigma : mean(mrs);
  const sigmaHat = standard ? standard.sigma : mrBar / k.d2;
  const center = standard ? standard.mean : mean(values);
  return {
    i: chart("i", [...values], center, sigmaHat),
    mr: { kind: "mr", points: mrs, center: mrBar, ucl: mrs.map(() => k.D4 * mrBar), lcl: mrs.map(() => 0), sigma: mrs.map(() => (k.d3 * mrBar) / k.d2) },
    sigmaHat,
  };
}

function checkCounts(xs: readonly number[], path: string): void {
  if (xs.length < 2) throw new ValidationError(`${path}: need at least two samples`, [{ path, message: "fewer than two" }]);
  xs.forEach((x, i) => {
    if (!(Number.isFinite(x) && x >= 0)) throw new ValidationError(`${path}/${i}: must be a count ≥ 0`, [{ path: `${path}/${i}`, message: "not a count" }]);
  });
}

/**
 * Fraction-nonconforming chart (Montgomery §7.2): p̄ = Σd/Σn, limits p̄ ± 3√(p̄(1−p̄)/n_i),
 * per sample when sizes vary; LCL floored at 0.
 */
export function pChart(defectives: readonly number[], sizes: readonly number[] | number, standardP?: number): ControlChart {
  checkCounts(defectives, "/defectives");
  const ns = typeof sizes === "number" ? defectives.map(() => sizes) : sizes;
  if (ns.length !== defectives.length || ns.some((n) => !(n > 0))) throw new ValidationError("one sample size > 0 per sample", [{ path: "/sizes", message: "mismatch" }]);
  defectives.forEach((d, i) => {
    if (d > ns[i]!) throw new ValidationError(`sample ${i}: ${d} defectives in a sample of ${ns[i]}`, [{ path: `/defectives/${i}`, message: "more than sample size" }]);
  });
  const pBar = standardP ?? defectives.reduce((a, b) => a + b, 0) / ns.reduce((a, b) => a + b, 0);
  const points = defectives.map((d, i) => d / ns[i]!);
  return chart("p", points, pBar, ns.map((n) => Math.sqrt((pBar * (1 - pBar)) / n)), 3, true);
}

/** Number-nonconforming chart (constant n): n·p̄ ± 3√(n·p̄(1−p̄)). */
export function npChart(defectives: readonly number[], n: number, standardP?: number): ControlChart {
  checkCounts(defectives, "/defectives");
  const pBar = standardP ?? defectives.reduce((a, b) => a + b, 0) / (n * defectives.length);
  return chart("np", [...defectives], n * pBar, Math.sqrt(n * pBar * (1 - pBar)), 3, true);
}

/** Nonconformities chart (constant inspection unit, Poisson): c̄ ± 3√c̄. */
export function cChart(counts: readonly number[], standardC?: number): ControlChart {
  checkCounts(counts, "/counts");
  const cBar = standardC ?? mean(counts);
  return chart("c", [...counts], cBar, Math.sqrt(cBar), 3, true);
}

/** Nonconformities per unit (varying units n_i): ū = Σc/Σn, limits ū ± 3√(ū/n_i). */
export function uChart(counts: readonly number[], units: readonly number[] | number, standardU?: number): ControlChart {
  checkCounts(counts, "/counts");
  const ns = typeof units === "number" ? counts.map(() => units) : units;
  if (ns.length !== counts.length || ns.some((n) => !(n > 0))) throw new ValidationError("one unit count > 0 per sample", [{ path: "/units", message: "mismatch" }]);
  const uBar = standardU ?? counts.reduce((a, b) => a + b, 0) / ns.reduce((a, b) => a + b, 0);
  return chart("u", counts.map((c, i) => c / ns[i]!), uBar, ns.map((n) => Math.sqrt(uBar / n)), 3, true);
}

/** Indexes of the points outside their control limits. */
export function outOfControl(c: ControlChart): number[] {
  const out: number[] = [];
  c.points.forEach((x, i) => {
    if (x > c.ucl[i]! || x < c.lcl[i]!) out.push(i);
  });
  return out;
}
