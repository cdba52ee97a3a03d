/**
 * Valid lower bounds of each objective part, used by the bench to print objective / bound.
 *
 * Ratio constraints (HPRC, LPRC), per constraint N/P, summed: for each offset o in 0..P-1 cut the
 * day into blocks [0,o), [o,o+P), [o+P,o+2P)… Every block lies in a distinct counted window (the
 * first one in the window that starts P-o positions inside day D-1, with its fixed tail units; the
 * last in a window shortened at the end of the day), and windows of different offsets start at
 * different positions, so the violations of a sequence are at least the sum, over offsets, of the
 * least excess those blocks can carry: the fixed excess of the tail plus max(0, k − Σ capacity),
 * where k is the number of day units with the option and a block's capacity is how many it holds
 * without violation. Windows that do not exist under the counting rules are dropped (capacity =
 * block size), which keeps the bound valid. Constraints are bounded one at a time, so interactions
 * between constraints and with the paint batches are ignored: the bound can be below the optimum.
 *
 * When it is small enough (n · (k+1) · 2^(P−1) ≤ 2·10^6), the least violations of the constraint
 * on its own are computed exactly instead, by dynamic programming over the last P−1 flags and the
 * number of option units placed; the larger of the two bounds is used.
 *
 * Pairs of constraints (the bound above treats each constraint alone): take a = N/P with N = P−1 and
 * b = 1/Q with Q > P, such that no day unit needs both options. Without a violation of a, two day
 * units lacking option a ("Z units") that are consecutive among the Z units are at most P apart,
 * so two b units consecutive among them would violate b. With z Z units of which k need b, at
 * least 2k − z − 1 such adjacent b pairs exist in any sequence; for each, the gap g between them
 * costs max(0, g − P) violations of a (the run of g − 1 a-units between them, windows inside the
 * day) plus, for b, the counted windows that hold both units (Q − g in the middle of the day,
 * fewer at its ends: the least over every placement is taken). Runs belong to distinct gaps and a
 * b window holding m b units has m − 1 excess, one per pair of b-consecutive units inside it, so
 * the costs add up: violations(a) + violations(b) ≥ pairs × least cost. Used for a pair when it
 * beats the two single bounds; pairs are chosen disjoint by a maximum-weight matching of the gains
 * (`combinePairBounds`).
 *
 * Pairs of 1/P and 1/Q constraints sharing units: with N = 1 the violations of a constraint are
 * exactly the sum, over pairs of option units consecutive in line order, of the counted windows
 * holding both (a window with m option units holds m − 1 such pairs). So the least value of
 * violations(a) + violations(b) over sequences is a shortest path over positions with the state
 * (distance back to the last a unit, capped at P; to the last b unit, capped at Q; units needing
 * both placed so far). The counts of units needing only a or only b are relaxed with Lagrange
 * multipliers (any multipliers give a valid bound; a few subgradient steps choose them), so the
 * result is a bound, not the pair's optimum. Pairs are tried tightest first within a work budget.
 *
 * Exact pairs (any N/P and M/Q of one priority): the least violations(a) + violations(b) over every
 * sequence, by dynamic programming over positions with, per side, the last P−1 flags (or, for a 1/P
 * constraint, the distance back to its last option unit, capped at P, costed as in the 1/P pairs)
 * and the counts of units needing a only, b only and both; exact for the pair on its own, so a
 * valid bound. It catches two constraints competing for the same positions, which the single
 * bounds cannot see (set B 035_ch1: 1/6 and 1/5 on disjoint units, 28 + 38 alone, 67 together).
 * Run after the 1/P pairs on what they leave of the work budget, at most a fifth of it, tightest
 * first; work = side states × (counts + 1) each × positions.
 *
 * PCC: a colour with m units needs at least ⌈m / limit⌉ batches; changes ≥ batches − 1, plus one
 * for the change across the day boundary unless the day holds units of the tail's last colour.
 */
import type { ObjectiveValue, SequencingInstance } from "./model.js";

/** Lower bound of the violations of one N/P constraint (see the file comment). */
export function ratioLowerBound(
  tailFlags: readonly boolean[],
  dayCount: number,
  n: number,
  max: number,
  window: number,
  endWindows: "truncated" | "full",
): number {
  const t = tailFlags.length;
  let total = 0;
  for (let o = 0; o < Math.min(window, Math.max(n, 1)); o++) {
    let fixed = 0;
    let cap = 0;
    if (o > 0) {
      const first = Math.min(o, n);
      if (t >= window - o) {
        let tau = 0;
        for (let p = t - (window - o); p < t; p++) if (tailFlags[p]) tau++;
        fixed += Math.max(0, tau - max);
        cap += Math.max(0, Math.min(first, max - tau));
      } else cap += first;
    }
    let s = o;
    for (; s + window <= n; s += window) cap += max;
    if (s < n) cap += endWindows === "truncated" ? Math.min(max, n - s) : n - s;
    total += fixed + Math.max(0, dayCount - cap);
  }
  return total;
}

/** Work limit of the exact single-constraint minimum (states × positions × counts). */
const EXACT_BUDGET = 2_000_000;

/**
 * The least violations of one N/P constraint alone over every placement of `dayCount` option
 * units among `n` day positions behind the fixed tail, by dynamic programming; undefined when
 * over the work budget. Counting rules as in evaluate.ts.
 */
export function exactRatioMinimum(
  tailFlags: readonly boolean[],
  dayCount: number,
  n: number,
  max: number,
  window: number,
  endWindows: "truncated" | "full",
): number | undefined {
  const bits = window - 1;
  const states = 1 << bits;
  const k = dayCount;
  if (bits > 20 || n * (k + 1) * states > EXACT_BUDGET) return undefined;
  const t = tailFlags.length;
  const total = t + n;
  const sMin = Math.max(0, t - bits);
  const sMax = endWindows === "truncated" ? total - 1 : total - window;
  const pop = new Uint8Array(states);
  for (let x = 1; x < states; x++) pop[x] = pop[x >> 1]! + (x & 1);
  const mask = states - 1;
  // state bit i = flag of the position i+1 back; positions before the sequence count as 0
  let init = 0;
  for (let i = 0; i < bits && i < t; i++) if (tailFlags[t - 1 - i]) init |= 1 << i;
  const INF = 1e9;
  let cur = new Float64Array(states * (k + 1)).fill(INF);
  let nxt = new Float64Array(states * (k + 1));
  cur[init * (k + 1)] = 0;
  for (let c = t; c < total; c++) {
    nxt.fill(INF);
    const s = c - bits; // start of the full window ending here
    const counted = s >= sMin && s <= sMax && s >= 0;
    for (let st = 0; st < states; st++) {
      const base = st * (k + 1);
      for (let used = 0; used <= k; used++) {
        const v = cur[base + used]!;
        if (v >= INF) continue;
        for (let x = 0; x <= 1; x++) {
          if (x === 1 && used === k) continue;
          const cost = counted ? Math.max(0, (bits > 0 ? pop[st]! : 0) + x - max) : 0;
          const ns = bits > 0 ? ((st << 1) | x) & mask : 0;
          const idx = ns * (k + 1) + used + x;
          if (v + cost < nxt[idx]!) nxt[idx] = v + cost;
        }
      }
    }
    [cur, nxt] = [nxt, cur];
  }
  let best = INF;
  for (let st = 0; st < states; st++) {
    let v = cur[st * (k + 1) + k]!;
    if (v >= INF) continue;
    // shrinking windows at the end of the day: start s, holding the last total − s positions
    if (endWindows === "truncated") {
      for (let s = Math.max(sMin, total - bits); s <= total - 1; s++) {
        const len = total - s;
        v += Math.max(0, pop[st & ((1 << len) - 1)]! - max);
      }
    }
    if (v < best) best = v;
  }
  return best >= INF ? undefined : best;
}

/** The exact pairs in {@link lowerBounds} get at most 1/EXACT_PAIR_SHARE of the pair work budget. */
const EXACT_PAIR_SHARE = 5;

/** Work limit of the exact pair minimum (see {@link exactPairWork}). */
export const EXACT_PAIR_BUDGET = 200_000_000;

/** One constraint of {@link exactPairMinimum}: N/P, the tail's flags and the day's. */
export interface ExactPairSide {
  readonly max: number;
  readonly window: number;
  readonly tailFlags: readonly boolean[];
  readonly dayFlags: readonly boolean[];
}

/** Constraint k of a day as an {@link ExactPairSide}. */
export function exactPairSide(inst: SequencingInstance, k: number): ExactPairSide {
  const c = inst.constraints[k]!;
  return { max: c.max, window: c.window, tailFlags: inst.previousDay.map((u) => u.options[k]!), dayFlags: inst.day.map((u) => u.options[k]!) };
}

/** How many day units need a only, b only, and both. */
export function pairCounts(a: ExactPairSide, b: ExactPairSide): { ka: number; kb: number; kab: number } {
  let ka = 0;
  let kb = 0;
  let kab = 0;
  for (let i = 0; i < a.dayFlags.length; i++) {
    if (a.dayFlags[i] && b.dayFlags[i]) kab++;
    else if (a.dayFlags[i]) ka++;
    else if (b.dayFlags[i]) kb++;
  }
  return { ka, kb, kab };
}

/** States of one side of {@link exactPairMinimum}: the distance back to the last option unit for 1/P, else the last P−1 flags. */
export function sideStates(c: ExactPairSide): number {
  return c.max === 1 ? c.window : c.window > 25 ? Infinity : 2 ** (c.window - 1);
}

/** Work (states × positions) of {@link exactPairMinimum}. */
export function exactPairWork(a: ExactPairSide, b: ExactPairSide): number {
  const { ka, kb, kab } = pairCounts(a, b);
  return sideStates(a) * sideStates(b) * (ka + 1) * (kb + 1) * (kab + 1) * a.dayFlags.length;
}

/** One side of {@link exactPairMinimum} (and of joint-bound.ts) as tables: cost and next state per (position, state, flag). */
export interface PairTables {
  readonly states: number;
  readonly init: number;
  /** Violations fixed before the day (1/P side: tail pairs) plus those left at the end per final state. */
  readonly fixed: number;
  readonly end: Float64Array;
  readonly next: Int32Array; // [state · 2 + x]
  readonly cost: Float64Array; // [y · states · 2 + state · 2 + x]
}

export function pairTables(c: ExactPairSide, endWindows: "truncated" | "full"): PairTables {
  const n = c.dayFlags.length;
  const t = c.tailFlags.length;
  const W = c.window;
  if (c.max === 1) {
    // state d − 1, d = distance back to the last option unit, capped at W; violations of 1/P are
    // the counted windows holding each two consecutive option units (file comment)
    const { sMin, sMax, fixed, d0 } = tailStart(c, n, endWindows);
    const next = new Int32Array(W * 2);
    const cost = new Float64Array(n * W * 2);
    for (let d = 1; d <= W; d++) {
      next[(d - 1) * 2] = Math.min(d + 1, W) - 1;
      next[(d - 1) * 2 + 1] = 0;
      if (d < W) for (let y = 0; y < n; y++) cost[(y * W + d - 1) * 2 + 1] = windowsHolding(y - d, y, W, sMin, sMax);
    }
    return { states: W, init: d0 - 1, fixed, end: new Float64Array(W), next, cost };
  }
  // state: bit i = flag of the position i+1 back, as in exactRatioMinimum
  const bits = W - 1;
  const states = 1 << bits;
  const total = t + n;
  const pop = new Uint8Array(states);
  for (let x = 1; x < states; x++) pop[x] = pop[x >> 1]! + (x & 1);
  let init = 0;
  for (let i = 0; i < bits && i < t; i++) if (c.tailFlags[t - 1 - i]) init |= 1 << i;
  const sMin = Math.max(0, t - bits);
  const sMax = endWindows === "truncated" ? total - 1 : total - W;
  const next = new Int32Array(states * 2);
  const cost = new Float64Array(n * states * 2);
  for (let st = 0; st < states; st++) for (let x = 0; x <= 1; x++) next[st * 2 + x] = ((st << 1) | x) & (states - 1);
  for (let y = 0; y < n; y++) {
    const s = t + y - bits; // start of the full window ending here
    if (s < sMin || s > sMax || s < 0) continue;
    for (let st = 0; st < states; st++) for (let x = 0; x <= 1; x++) cost[(y * states + st) * 2 + x] = Math.max(0, pop[st]! + x - c.max);
  }
  const end = new Float64Array(states);
  if (endWindows === "truncated") {
    for (let st = 0; st < states; st++) {
      for (let w = Math.max(sMin, total - bits); w <= total - 1; w++) end[st]! += Math.max(0, pop[st & ((1 << (total - w)) - 1)]! - c.max);
    }
  }
  return { states, init, fixed: 0, end, next, cost };
}

/**
 * The least violations(a) + violations(b) of two constraints together, over every sequence of the
 * day (their option flags only: units needing a only, b only, both, neither, each count exact),
 * by dynamic programming over positions with the state of each side (the last P−1 flags, or for a
 * 1/P constraint the distance back to its last option unit) and the three counts placed; counting
 * rules as in evaluate.ts. Exact for the pair on its own (other constraints and the paint batches
 * ignored), so a valid bound; it sees what the single bounds cannot: two constraints competing for
 * the same positions. Undefined over `budget` (see {@link exactPairWork}).
 */
export function exactPairMinimum(a: ExactPairSide, b: ExactPairSide, endWindows: "truncated" | "full", budget = EXACT_PAIR_BUDGET): number | undefined {
  if (exactPairWork(a, b) > budget) return undefined;
  const { ka, kb, kab } = pairCounts(a, b);
  const n = a.dayFlags.length;
  const A = pairTables(a, endWindows);
  const B = pairTables(b, endWindows);
  const CA = ka + 1;
  const CB = kb + 1;
  const CAB = kab + 1;
  const C = CA * CB * CAB; // counts index (ua · CB + ub) · CAB + uab
  const S = A.states * B.states * C;
  const INF = 1e9;
  let cur = new Float64Array(S).fill(INF);
  let nxt = new Float64Array(S);
  cur[(A.init * B.states + B.init) * C] = 0;
  // kind: 0 neither, 1 a only, 2 b only, 3 both; its step in the counts index
  const dCount = [0, CB * CAB, CAB, 1];
  for (let y = 0; y < n; y++) {
    nxt.fill(INF);
    const ya = y * A.states * 2;
    const yb = y * B.states * 2;
    for (let sa = 0; sa < A.states; sa++) {
      for (let sb = 0; sb < B.states; sb++) {
        const base = (sa * B.states + sb) * C;
        for (let kind = 0; kind < 4; kind++) {
          const xa = kind & 1;
          const xb = kind >> 1;
          const cost = A.cost[ya + sa * 2 + xa]! + B.cost[yb + sb * 2 + xb]!;
          const nbase = (A.next[sa * 2 + xa]! * B.states + B.next[sb * 2 + xb]!) * C + dCount[kind]!;
          for (let ua = 0; ua < CA; ua++) {
            if (kind === 1 && ua === ka) continue;
            for (let ub = 0; ub < CB; ub++) {
              if (kind === 2 && ub === kb) continue;
              const row = (ua * CB + ub) * CAB;
              for (let uab = 0; uab < CAB; uab++) {
                if (kind === 3 && uab === kab) continue;
                if (kind === 0 && y - ua - ub - uab >= n - ka - kb - kab) continue;
                const v = cur[base + row + uab]!;
                if (v >= INF) continue;
                const j = nbase + row + uab;
                if (v + cost < nxt[j]!) nxt[j] = v + cost;
              }
            }
          }
        }
      }
    }
    [cur, nxt] = [nxt, cur];
  }
  let best = INF;
  for (let sa = 0; sa < A.states; sa++) {
    for (let sb = 0; sb < B.states; sb++) {
      const v = cur[(sa * B.states + sb) * C + C - 1]!;
      if (v < INF) best = Math.min(best, v + A.end[sa]! + B.end[sb]!);
    }
  }
  return best >= INF ? undefined : best + A.fixed + B.fixed;
}

/** One N/P constraint as the pair bound sees it: the day's option flags and the tail's. */
export interface PairSide {
  readonly max: number;
  readonly window: number;
  readonly dayFlags: readonly boolean[];
}

/**
 * Lower bound of violations(a) + violations(b) for the pair argument in the file comment, or 0
 * when it does not apply (a not (P−1)/P, b not 1/Q with Q > P, or a day unit needing both).
 */
export function pairRatioLowerBound(a: PairSide, b: PairSide, tailLength: number, endWindows: "truncated" | "full"): number {
  const n = a.dayFlags.length;
  const p = a.window;
  const q = b.window;
  if (a.max !== p - 1 || b.max !== 1 || q <= p || n < q) return 0;
  let z = 0;
  let k = 0;
  for (let i = 0; i < n; i++) {
    if (a.dayFlags[i] && b.dayFlags[i]) return 0;
    if (!a.dayFlags[i]) z++;
    if (b.dayFlags[i]) k++;
  }
  const pairs = 2 * k - z - 1;
  if (pairs <= 0) return 0;
  // counted windows of b: starts sMin..sMax relative to the first day position
  const sMin = -Math.min(q - 1, tailLength);
  const sMax = endWindows === "truncated" ? n - 1 : n - q;
  let least = Infinity; // least cost of one pair over its gap g (gaps beyond q cost more of a)
  for (let g = 1; g <= q && g < n; g++) {
    let windows = Infinity;
    for (let x = 0; x + g < n; x++) {
      const lo = Math.max(sMin, x + g - q + 1);
      const hi = Math.min(x, sMax);
      windows = Math.min(windows, Math.max(0, hi - lo + 1));
      if (windows === 0) break;
    }
    least = Math.min(least, windows + Math.max(0, g - p));
  }
  return least === Infinity ? 0 : pairs * least;
}

/** Default work budget of the 1/P pair bounds in {@link lowerBounds}. */
export const DEFAULT_PAIR_WORK = 50_000_000;
/** Subgradient steps of each 1/P pair bound. */
const PAIR_STEPS = 24;

/** Counted windows (starts sMin..sMax, relative to the first day position) holding positions x < y. */
function windowsHolding(x: number, y: number, window: number, sMin: number, sMax: number): number {
  return Math.max(0, Math.min(x, sMax) - Math.max(sMin, y - window + 1) + 1);
}

/**
 * Where a 1/P constraint's shortest path starts, given the tail of day D-1: the counted window
 * starts (sMin..sMax, see windowsHolding), the fixed cost of consecutive option units inside the
 * tail, and d0, the distance from day position 0 back to the tail's last option unit (capped at P).
 */
function tailStart(c: { readonly window: number; readonly tailFlags: readonly boolean[] }, n: number, endWindows: "truncated" | "full"): { sMin: number; sMax: number; fixed: number; d0: number } {
  const t = c.tailFlags.length;
  const W = c.window;
  const sMin = -Math.min(W - 1, t);
  const sMax = endWindows === "truncated" ? n - 1 : n - W;
  let fixed = 0;
  let last = -1;
  for (let i = 0; i < t; i++) {
    if (!c.tailFlags[i]) continue;
    if (last >= 0) fixed += windowsHolding(last - t, i - t, W, sMin, sMax);
    last = i;
  }
  return { sMin, sMax, fixed, d0: last < 0 ? W : Math.min(W, t - last) };
}

/** One 1/P constraint of a pair: window, tail flags and day flags. */
export interface UnitRatioSide {
  readonly window: number;
  readonly tailFlags: readonly boolean[];
  readonly dayFlags: readonly boolean[];
}

/** Work (states × positions × steps) of {@link unitPairLowerBound} with `steps` multiplier updates. */
export function unitPairWork(a: UnitRatioSide, b: UnitRatioSide, steps: number): number {
  let both = 0;
  for (let i = 0; i < a.dayFlags.length; i++) if (a.dayFlags[i] && b.dayFlags[i]) both++;
  return a.window * b.window * (both + 1) * a.dayFlags.length * steps;
}

/**
 * Lower bound of violations(a) + violations(b) for two 1/P constraints (file comment): a shortest
 * path with the count of units needing both tracked exactly and the other two counts relaxed by
 * Lagrange multipliers, improved by `steps` subgradient steps.
 */
export function unitPairLowerBound(a: UnitRatioSide, b: UnitRatioSide, endWindows: "truncated" | "full", steps = 24): number {
  return unitPairSearch(a, b, endWindows, steps, false).bound;
}

/** What {@link unitPairSkeleton} returns: the bound and one shortest path of the last pass. */
export interface UnitPairPath {
  readonly bound: number;
  /** Per day position: 0 neither option, 1 a only, 2 b only, 3 both. */
  readonly kinds: Uint8Array;
}

/**
 * The pair bound of {@link unitPairLowerBound}, plus a shortest path under the best multipliers:
 * a placement of the two options over the day's positions (the units needing both exactly
 * counted, the other two counts only priced, so they may differ from the day's). The optimizer
 * uses it as the skeleton of a starting sequence. Memory: positions × states 32-bit entries.
 */
export function unitPairSkeleton(a: UnitRatioSide, b: UnitRatioSide, endWindows: "truncated" | "full", steps = 24): UnitPairPath {
  const r = unitPairSearch(a, b, endWindows, steps, true);
  return { bound: r.bound, kinds: r.kinds! };
}

function unitPairSearch(a: UnitRatioSide, b: UnitRatioSide, endWindows: "truncated" | "full", steps: number, trace: boolean): { bound: number; kinds?: Uint8Array } {
  const n = a.dayFlags.length;
  let kab = 0;
  let ka = 0;
  let kb = 0;
  for (let i = 0; i < n; i++) {
    if (a.dayFlags[i] && b.dayFlags[i]) kab++;
    else if (a.dayFlags[i]) ka++;
    else if (b.dayFlags[i]) kb++;
  }
  const P = a.window;
  const Q = b.window;
  const side = (c: UnitRatioSide) => {
    // fixed cost of consecutive tail pairs, and the distance from day position 0 back to the last tail unit
    const { sMin, sMax, fixed, d0 } = tailStart(c, n, endWindows);
    // cost[y * W + d]: windows holding day position y and the unit d back (d < W)
    const W = c.window;
    const cost = new Float64Array(n * W);
    for (let y = 0; y < n; y++) for (let d = 1; d < W; d++) cost[y * W + d] = windowsHolding(y - d, y, W, sMin, sMax);
    return { fixed, d0, cost };
  };
  const A = side(a);
  const B = side(b);
  const K = kab + 1;
  const S = P * Q * K; // state ((da − 1) · Q + (db − 1)) · K + used
  let cur = new Float64Array(S);
  let nxt = new Float64Array(S);
  let curA = new Int32Array(S);
  let nxtA = new Int32Array(S);
  let curB = new Int32Array(S);
  let nxtB = new Int32Array(S);
  const INF = 1e18;
  let la = 0.5;
  let lb = 0.5;
  let best = 0;
  let bestLa = la;
  let bestLb = lb;
  let flat = 0;
  // `from`, in the traced pass: predecessor state × 4 + kind, per position and state
  const pass = (mla: number, mlb: number, from?: Int32Array): { v: number; ga: number; gb: number; end: number } => {
    cur.fill(INF);
    cur[((A.d0 - 1) * Q + (B.d0 - 1)) * K] = 0;
    curA.fill(0);
    curB.fill(0);
    for (let y = 0; y < n; y++) {
      nxt.fill(INF);
      const fy = y * S;
      for (let da = 1; da <= P; da++) {
        const wa = da < P ? A.cost[y * P + da]! : 0;
        const na = Math.min(da + 1, P);
        for (let db = 1; db <= Q; db++) {
          const wb = db < Q ? B.cost[y * Q + db]! : 0;
          const nb = Math.min(db + 1, Q);
          const base = ((da - 1) * Q + (db - 1)) * K;
          const iNone = ((na - 1) * Q + (nb - 1)) * K;
          const iA = (nb - 1) * K;
          const iB = (na - 1) * Q * K;
          const cA = wa - mla;
          const cB = wb - mlb;
          const cAB = wa + wb;
          for (let u = 0; u < K; u++) {
            const v = cur[base + u]!;
            if (v >= INF) continue;
            const ca = curA[base + u]!;
            const cb = curB[base + u]!;
            let j = iNone + u; // neither
            if (v < nxt[j]!) {
              nxt[j] = v;
              nxtA[j] = ca;
              nxtB[j] = cb;
              if (from) from[fy + j] = (base + u) * 4;
            }
            j = iA + u; // a only: da = 1
            let w = v + cA;
            if (w < nxt[j]!) {
              nxt[j] = w;
              nxtA[j] = ca + 1;
              nxtB[j] = cb;
              if (from) from[fy + j] = (base + u) * 4 + 1;
            }
            j = iB + u; // b only: db = 1
            w = v + cB;
            if (w < nxt[j]!) {
              nxt[j] = w;
              nxtA[j] = ca;
              nxtB[j] = cb + 1;
              if (from) from[fy + j] = (base + u) * 4 + 2;
            }
            if (u + 1 < K) {
              j = u + 1; // both: da = db = 1
              w = v + cAB;
              if (w < nxt[j]!) {
                nxt[j] = w;
                nxtA[j] = ca;
                nxtB[j] = cb;
                if (from) from[fy + j] = (base + u) * 4 + 3;
              }
            }
          }
        }
      }
      [cur, nxt] = [nxt, cur];
      [curA, nxtA] = [nxtA, curA];
      [curB, nxtB] = [nxtB, curB];
    }
    let v = INF;
    let ga = 0;
    let gb = 0;
    let end = -1;
    for (let st = kab; st < S; st += K) {
      if (cur[st]! < v) {
        v = cur[st]!;
        ga = ka - curA[st]!;
        gb = kb - curB[st]!;
        end = st;
      }
    }
    return { v, ga, gb, end };
  };
  let exact = false;
  for (let step = 0; step < steps; step++) {
    const { v, ga, gb } = pass(la, lb);
    if (v >= INF) return { bound: 0 };
    const value = v + la * ka + lb * kb + A.fixed + B.fixed;
    if (value > best) [bestLa, bestLb] = [la, lb];
    if (Math.ceil(value - 1e-6) > Math.ceil(best - 1e-6)) flat = 0;
    else if (++flat >= 8) break; // the rounded bound has not risen for 8 steps
    best = Math.max(best, value);
    if (ga === 0 && gb === 0) {
      exact = true; // the relaxed optimum meets every count: it is the pair's optimum
      break;
    }
    const rate = 1 / (1 + step / 4);
    la = Math.max(0, la + (rate * ga) / Math.max(1, Math.abs(ga) + Math.abs(gb)));
    lb = Math.max(0, lb + (rate * gb) / Math.max(1, Math.abs(ga) + Math.abs(gb)));
  }
  const bound = Math.max(0, Math.ceil(best - 1e-6));
  if (!trace) return { bound };
  const from = new Int32Array(n * S);
  const { v, end } = pass(exact ? la : bestLa, exact ? lb : bestLb, from);
  const kinds = new Uint8Array(n);
  if (v >= INF) return { bound, kinds };
  for (let y = n - 1, st = end; y >= 0; y--) {
    const f = from[y * S + st]!;
    kinds[y] = f & 3;
    st = f >> 2;
  }
  return { bound, kinds };
}

/**
 * The least violations of one 1/P constraint when its `count` day units may only take the day
 * positions where `free` is set (the others hold units without the option), and one placement
 * reaching it: a shortest path over positions with the state (distance back to the last option
 * unit, capped at P; units placed). Returns the cost (tail pairs included) and the chosen
 * positions, or undefined when the free positions are too few.
 */
export function unitPlacement(c: UnitRatioSide, count: number, free: ArrayLike<boolean>, endWindows: "truncated" | "full"): { cost: number; positions: number[] } | undefined {
  const n = free.length;
  const W = c.window;
  const { sMin, sMax, fixed, d0 } = tailStart(c, n, endWindows);
  const K = count + 1;
  const S = W * K; // state (d − 1) · K + placed
  const INF = 1e18;
  let cur = new Float64Array(S).fill(INF);
  let nxt = new Float64Array(S);
  const from = new Int32Array(n * S);
  cur[(d0 - 1) * K] = 0;
  for (let y = 0; y < n; y++) {
    nxt.fill(INF);
    for (let d = 1; d <= W; d++) {
      const w = d < W ? windowsHolding(y - d, y, W, sMin, sMax) : 0;
      const nd = Math.min(d + 1, W);
      for (let u = 0; u < K; u++) {
        const v = cur[(d - 1) * K + u]!;
        if (v >= INF) continue;
        let j = (nd - 1) * K + u;
        if (v < nxt[j]!) {
          nxt[j] = v;
          from[y * S + j] = ((d - 1) * K + u) * 2;
        }
        if (free[y] && u + 1 < K) {
          j = u + 1;
          if (v + w < nxt[j]!) {
            nxt[j] = v + w;
            from[y * S + j] = ((d - 1) * K + u) * 2 + 1;
          }
        }
      }
    }
    [cur, nxt] = [nxt, cur];
  }
  let end = -1;
  for (let st = count; st < S; st += K) if (cur[st]! < INF && (end < 0 || cur[st]! < cur[end]!)) end = st;
  if (end < 0) return undefined;
  const positions: number[] = [];
  for (let y = n - 1, st = end; y >= 0; y--) {
    const f = from[y * S + st]!;
    if (f & 1) positions.push(y);
    st = f >> 1;
  }
  return { cost: cur[end]! + fixed, positions: positions.reverse() };
}

/** Lower bound of the colour changes (see the file comment). */
export function colourChangeLowerBound(inst: SequencingInstance): number {
  const n = inst.day.length;
  if (n === 0) return 0;
  const limit = inst.paintBatchLimit ?? n;
  const counts = new Map<number, number>();
  for (const u of inst.day) counts.set(u.colour, (counts.get(u.colour) ?? 0) + 1);
  let batches = 0;
  for (const m of counts.values()) batches += Math.ceil(m / limit);
  const last = inst.previousDay[inst.previousDay.length - 1];
  const boundary = last !== undefined && !counts.has(last.colour) ? 1 : 0;
  return batches - 1 + boundary;
}

/** A proven lower bound of violations(a) + violations(b) for two constraints of one priority. */
export interface PairBound {
  readonly a: number;
  readonly b: number;
  readonly bound: number;
}

/** A proven lower bound of Σ violations of a group of constraints of one priority. */
export interface GroupBound {
  readonly members: readonly number[];
  readonly bound: number;
}

/**
 * Σ singles plus the largest total gain of disjoint pairs (gain = pair bound − its two singles):
 * each constraint's violations are counted once, in its single or in one pair, so the sum is a
 * valid bound. See {@link combineGroupBounds}.
 * @param singles constraint index → its single bound (only these constraints are combined)
 * @example combinePairBounds(new Map([[0, 1], [1, 1], [2, 0]]), [{ a: 0, b: 1, bound: 3 }]) // 3
 */
export function combinePairBounds(singles: ReadonlyMap<number, number>, pairs: readonly PairBound[]): number {
  return combineGroupBounds(
    singles,
    pairs.map((p) => ({ members: [p.a, p.b], bound: p.bound })),
  );
}

/**
 * Σ singles plus the largest total gain of disjoint groups (pairs, triples…; gain = group bound −
 * its members' singles): the constraints' violations add up, so disjoint groups' bounds add up
 * too. The groups are chosen by an exact maximum-weight set packing (dynamic programming over the
 * subsets of the constraints that are in a group with a gain, up to 20 of them; greedily, largest
 * gain first, beyond that): the greedy choice can miss a better set (gains AB 3, AC 2, BD 2:
 * greedy 3, packing 4). A group naming a constraint twice or one outside `singles` is ignored.
 */
export function combineGroupBounds(singles: ReadonlyMap<number, number>, groups: readonly GroupBound[]): number {
  return packGroups(singles, groups).value;
}

/**
 * {@link combineGroupBounds} with the groups it chose (disjoint; the constraints outside them
 * count with their singles).
 */
export function packGroups(singles: ReadonlyMap<number, number>, groups: readonly GroupBound[]): { value: number; chosen: GroupBound[] } {
  let total = 0;
  for (const v of singles.values()) total += v;
  const best = new Map<string, { members: number[]; gain: number; bound: number }>();
  for (const g of groups) {
    const members = [...g.members].sort((x, y) => x - y);
    if (members.length < 2 || new Set(members).size !== members.length || members.some((k) => !singles.has(k))) continue;
    const gain = g.bound - members.reduce((a, k) => a + singles.get(k)!, 0);
    const key = members.join(",");
    if (gain > 0 && gain > (best.get(key)?.gain ?? 0)) best.set(key, { members, gain, bound: g.bound });
  }
  const gains = [...best.values()].sort((x, y) => y.gain - x.gain || x.members.join(",").localeCompare(y.members.join(",")));
  const chosen: GroupBound[] = [];
  if (gains.length === 0) return { value: total, chosen };
  const nodes = [...new Set(gains.flatMap((g) => g.members))].sort((x, y) => x - y);
  if (nodes.length > 20) {
    const used = new Set<number>();
    for (const g of gains) {
      if (g.members.some((k) => used.has(k))) continue;
      for (const k of g.members) used.add(k);
      total += g.gain;
      chosen.push({ members: g.members, bound: g.bound });
    }
    return { value: total, chosen };
  }
  // f[mask] = best gain of disjoint groups among the nodes not in mask: the lowest free node is
  // either left out or taken with one of the groups it is the lowest member of
  const idx = new Map(nodes.map((k, i) => [k, i]));
  const byLowest = nodes.map(() => [] as { mask: number; gain: number; g: (typeof gains)[number] }[]);
  for (const g of gains) {
    const mask = g.members.reduce((m, k) => m | (1 << idx.get(k)!), 0);
    byLowest[idx.get(g.members[0]!)!]!.push({ mask, gain: g.gain, g });
  }
  const m = nodes.length;
  const full = (1 << m) - 1;
  const f = new Float64Array(1 << m);
  const pick = new Int32Array(1 << m).fill(-1);
  for (let mask = full - 1; mask >= 0; mask--) {
    let i = 0;
    while (mask & (1 << i)) i++;
    let v = f[mask | (1 << i)]!;
    byLowest[i]!.forEach((g, gi) => {
      if ((g.mask & mask) === 0 && g.gain + f[mask | g.mask]! > v) {
        v = g.gain + f[mask | g.mask]!;
        pick[mask] = gi;
      }
    });
    f[mask] = v;
  }
  for (let mask = 0; mask !== full; ) {
    let i = 0;
    while (mask & (1 << i)) i++;
    const gi = pick[mask]!;
    if (gi < 0) mask |= 1 << i;
    else {
      const g = byLowest[i]![gi]!;
      chosen.push({ members: g.g.members, bound: g.g.bound });
      mask |= g.mask;
    }
  }
  return { value: total + f[0]!, chosen };
}

/** What {@link lowerBoundDetails} returns: the bounds and what they were combined from. */
export interface LowerBoundDetails {
  readonly value: ObjectiveValue;
  /** Per constraint (index as in the instance): its single bound. */
  readonly singles: readonly number[];
  /** Every pair bound above its two singles, the best of the pair arguments per pair. */
  readonly pairs: readonly PairBound[];
}

/**
 * Lower bounds of HPRC, LPRC and PCC for any sequence of the instance's day, and the weighted
 * objective bound (each part bounded on its own, so the sum is valid). `exact: false` skips the
 * dynamic programmes (the optimizer's phase targets need only a cheap bound); `pairWork` is the
 * work budget of the 1/P pair bounds (states × positions × steps, default {@link DEFAULT_PAIR_WORK},
 * about a second; the bench gives more).
 * @example lowerBounds(inst).hprc // 0 when no high-priority constraint is over capacity
 */
export function lowerBounds(inst: SequencingInstance, opts: { exact?: boolean; pairWork?: number } = {}): ObjectiveValue {
  return lowerBoundDetails(inst, opts).value;
}

/** {@link lowerBounds} with the single and pair bounds it combined (for searches that go on from them). */
export function lowerBoundDetails(inst: SequencingInstance, opts: { exact?: boolean; pairWork?: number } = {}): LowerBoundDetails {
  const exact = opts.exact ?? true;
  const single = inst.constraints.map((c, k) => {
    const tail = inst.previousDay.map((u) => u.options[k]!);
    const count = inst.day.reduce((s, u) => s + (u.options[k] ? 1 : 0), 0);
    const offsets = ratioLowerBound(tail, count, inst.day.length, c.max, c.window, inst.endWindows);
    return exact ? Math.max(offsets, exactRatioMinimum(tail, count, inst.day.length, c.max, c.window, inst.endWindows) ?? 0) : offsets;
  });
  // pairs of constraints of one priority (file comment), combined disjoint by combinePairBounds
  const sides = inst.constraints.map((c, k): PairSide => ({ max: c.max, window: c.window, dayFlags: inst.day.map((u) => u.options[k]!) }));
  const pairs: PairBound[] = [];
  inst.constraints.forEach((ca, a) =>
    inst.constraints.forEach((cb, b) => {
      if (a === b || ca.priority !== cb.priority) return;
      const bound = pairRatioLowerBound(sides[a]!, sides[b]!, inst.previousDay.length, inst.endWindows);
      if (bound > single[a]! + single[b]!) pairs.push({ a, b, bound });
    }),
  );
  // pairs of 1/P constraints sharing units, tightest first, within the work budget
  let budget = exact ? (opts.pairWork ?? DEFAULT_PAIR_WORK) : 0;
  const n = inst.day.length;
  const units = inst.constraints.map((c, k): UnitRatioSide => ({ window: c.window, tailFlags: inst.previousDay.map((u) => u.options[k]!), dayFlags: sides[k]!.dayFlags }));
  const load = units.map((s) => (n > 0 ? (s.dayFlags.filter(Boolean).length * s.window) / n : 0));
  const candidates: { a: number; b: number; tight: number }[] = [];
  inst.constraints.forEach((ca, a) =>
    inst.constraints.forEach((cb, b) => {
      if (b <= a || ca.priority !== cb.priority || ca.max !== 1 || cb.max !== 1 || ca.window < 2 || cb.window < 2) return;
      if (!sides[a]!.dayFlags.some((f, i) => f && sides[b]!.dayFlags[i])) return;
      candidates.push({ a, b, tight: load[a]! * load[b]! });
    }),
  );
  candidates.sort((x, y) => y.tight - x.tight || x.a - y.a || x.b - y.b);
  for (const { a, b } of candidates) {
    const work = unitPairWork(units[a]!, units[b]!, PAIR_STEPS);
    if (work > budget) continue;
    budget -= work;
    const bound = unitPairLowerBound(units[a]!, units[b]!, inst.endWindows, PAIR_STEPS);
    if (bound > single[a]! + single[b]!) pairs.push({ a, b, bound });
  }
  // exact pairs of constraints of one priority (any N/P), tightest first, within what is left
  // of the budget and at most a fifth of it (most pairs gain nothing and they add up)
  budget = Math.min(budget, (exact ? (opts.pairWork ?? DEFAULT_PAIR_WORK) : 0) / EXACT_PAIR_SHARE);
  const exactSides = inst.constraints.map((c, k): ExactPairSide => ({ max: c.max, window: c.window, tailFlags: units[k]!.tailFlags, dayFlags: sides[k]!.dayFlags }));
  const exactCandidates: { a: number; b: number; tight: number; work: number }[] = [];
  inst.constraints.forEach((ca, a) =>
    inst.constraints.forEach((cb, b) => {
      if (b <= a || ca.priority !== cb.priority) return;
      const work = exactPairWork(exactSides[a]!, exactSides[b]!);
      if (work <= budget) exactCandidates.push({ a, b, tight: (load[a]! / Math.max(1, ca.max)) * (load[b]! / Math.max(1, cb.max)), work });
    }),
  );
  exactCandidates.sort((x, y) => y.tight - x.tight || x.a - y.a || x.b - y.b);
  for (const { a, b, work } of exactCandidates) {
    if (work > budget) continue;
    budget -= work;
    const bound = exactPairMinimum(exactSides[a]!, exactSides[b]!, inst.endWindows, Infinity) ?? 0;
    if (bound > single[a]! + single[b]!) pairs.push({ a, b, bound });
  }
  // the best bound per pair (the arguments above may each give one)
  const best = new Map<string, PairBound>();
  for (const p of pairs) {
    const a = Math.min(p.a, p.b);
    const b = Math.max(p.a, p.b);
    if (p.bound > (best.get(`${a},${b}`)?.bound ?? -1)) best.set(`${a},${b}`, { a, b, bound: p.bound });
  }
  const found = [...best.values()];
  const of = (priority: "high" | "low"): ReadonlyMap<number, number> => new Map(inst.constraints.flatMap((c, k): [number, number][] => (c.priority === priority ? [[k, single[k]!]] : [])));
  const hprc = combinePairBounds(of("high"), found);
  const lprc = combinePairBounds(of("low"), found);
  const pcc = colourChangeLowerBound(inst);
  const value = { hprc, lprc, pcc, objective: inst.weights.hprc * hprc + inst.weights.lprc * lprc + inst.weights.pcc * pcc };
  return { value, singles: single, pairs: found };
}
