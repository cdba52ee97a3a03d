/**
 * Lower bound of a group of ratio constraints of one priority (triples, in the bench) together,
 * where the joint search (joint-bound.ts) cannot keep every count exact: some unit kinds' counts
 * are priced (Lagrangian relaxation) instead of counted.
 *
 * Units are grouped into kinds by their flags on the group. A dynamic programme over day positions
 * with the state (each side's state, as in the exact pair bound: the last P−1 flags, or for 1/P the
 * distance back to the last option unit; units of each *exact* kind placed so far) gives the least
 * Σ violations + Σ λ_k · (units of priced kind k placed − units of kind k in the day) over every
 * sequence of kinds in which the exact kinds have their day counts and the others (priced kinds and
 * one *free* kind, the largest) fill the remaining positions in any numbers. For any prices λ this
 * is at most the group's least violations with every count exact (weak duality: the exact
 * sequences are among those searched and their price term is 0), so it is a valid lower bound; the
 * prices are chosen to make it as large as possible.
 *
 * With one priced kind the relaxation value L(λ) is concave and piecewise linear (a minimum of
 * lines, one per sequence, of slope = priced units placed − day count); each evaluation gives one
 * such line, an upper bound of L everywhere, so the next price is where the lowest lines cross
 * (Kelley's cutting planes) and the search stops as soon as the integer bound ⌈max L⌉ cannot rise
 * any more. With several priced kinds, subgradient steps.
 *
 * Which kinds are exact: the free kind is the most numerous; then kinds, most numerous first, are
 * made exact while the layer (side states × Π(count + 1) of the exact kinds) stays within
 * `maxLayer`; the rest are priced. Set B 024_V2: HPRC1 1/2, HPRC2 1/10 and HPRC4 1/3 have four
 * kinds (704 HPRC1 units, 401 HPRC4, 130 HPRC2, 35 with none of them); HPRC4 and HPRC2 exact,
 * the 35 priced, HPRC1 free: 3.2 M states per layer, L = 259 at λ = 1 against 258 for the best
 * pair bounds (HPRC1+HPRC4 235, HPRC2 23).
 *
 * Pure and deterministic; cost = positions × layer × kinds per evaluation.
 *
 * The end-meet bound ({@link endMeetCombine}, {@link endMeetLowerBound}) keeps this relaxation's
 * value per final side state, for disjoint groups of a part's constraints, and makes the groups
 * end the day with the same units: where each group alone would end differently, their sum rises.
 */
import { combineGroupBounds, exactPairSide, pairTables, type ExactPairSide, type GroupBound, type PairTables } from "./lower-bound.js";
import { ratioViolations } from "./evaluate.js";
import type { SequencingInstance } from "./model.js";

/** Options of {@link pricedGroupBound}. */
export interface PricedOptions {
  /** Most states in one layer (side states × exact counts); default 4,000,000 (≈ 100 MB). */
  readonly maxLayer?: number;
  /** Most evaluations of the relaxation (each one dynamic programme over the day). Default 12. */
  readonly evaluations?: number;
  /** Stop once the bound reaches this (nothing more to prove). */
  readonly goal?: number;
  /** Stop at this time (ms, from `now`); the bound then holds what was proven. */
  readonly deadline?: number;
  readonly now?: () => number;
  /** Keep the relaxation value per final side state of the best evaluation (`PricedResult.final`). */
  readonly finalStates?: boolean;
  /** Prices to evaluate first (e.g. the best of an earlier run); default 0 for every priced kind. */
  readonly startPrices?: readonly number[];
  /**
   * With `finalStates`: a 1/P side tells final distances up to `reach` apart (default P − 1, all
   * its windows need), so an end-meet over `reach` + 1 units sees where its last option unit is
   * even when P is short (1/3: whether units without the option follow the last one).
   */
  readonly reach?: number;
}

/**
 * The relaxation value (at the best prices) of the sequences that end in each combined side state:
 * for every such state, at most the least violations of the group over the sequences ending in it.
 */
export interface FinalStates {
  /** States of each side (combined state s = Σ_j part_j · Π_{i<j} states_i). */
  readonly states: readonly number[];
  /** Per side: 1/P (part = distance back from the day's end to its last option unit, capped at P − 1) or "flags" (bit i = flag of the unit i back from the end). */
  readonly shape: readonly ("distance" | "flags")[];
  /** Relaxation value per combined state; Infinity when no sequence ends there. */
  readonly values: Float64Array;
}

/** What {@link pricedGroupBound} proved. */
export interface PricedResult {
  /** A valid lower bound of Σ violations of the group (⌈best relaxation value⌉). */
  readonly bound: number;
  /** The best relaxation value (before rounding up). */
  readonly value: number;
  /** Kinds (bit j = side j) counted exactly, priced, and the free one. */
  readonly exact: readonly number[];
  readonly priced: readonly number[];
  readonly free: number;
  /** Prices of the priced kinds at the best value. */
  readonly prices: readonly number[];
  /** Evaluations completed (one dynamic programme each; one cut short by the deadline is not counted). */
  readonly evaluations: number;
  /** The relaxation's best is proven reached (a zero subgradient, or the cutting planes met it). */
  readonly converged: boolean;
  /** With `finalStates`: the value per final side state at the best prices. */
  readonly final?: FinalStates;
}

const EPS = 1e-6;

/**
 * A 1/P side's tables (distance states 0..P−1, the last "P − 1 or more") widened to R states: the
 * same costs (a distance of P − 1 or more holds no window), only the distances up to R − 1 are told
 * apart.
 */
function widenDistance(t: PairTables, R: number, n: number, tailFlags: readonly boolean[]): PairTables {
  const W = t.states;
  const next = new Int32Array(R * 2);
  const cost = new Float64Array(n * R * 2);
  const end = new Float64Array(R);
  for (let i = 0; i < R; i++) {
    const o = Math.min(i, W - 1);
    next[i * 2] = Math.min(i + 1, R - 1);
    next[i * 2 + 1] = 0;
    end[i] = t.end[o]!;
    for (let y = 0; y < n; y++) for (let x = 0; x <= 1; x++) cost[(y * R + i) * 2 + x] = t.cost[(y * W + o) * 2 + x]!;
  }
  // the tail's own distance (its cap was P − 1): the day may hold no option unit at all
  const last = tailFlags.lastIndexOf(true);
  const init = last < 0 ? R - 1 : Math.min(tailFlags.length - 1 - last, R - 1);
  return { states: R, init, fixed: t.fixed, end, next, cost };
}

/**
 * A lower bound of Σ violations of `sides` together (file comment), or undefined when the group
 * has a single kind, a side has more than 4,096 states (1/P with P > 4,096, N/P with P > 13) or
 * the sides' states alone exceed `maxLayer`.
 */
export function pricedGroupBound(sides: readonly ExactPairSide[], endWindows: "truncated" | "full", opts: PricedOptions = {}): PricedResult | undefined {
  const J = sides.length;
  if (J === 0) return undefined;
  const n = sides[0]!.dayFlags.length;
  if (sides.some((c) => (c.max === 1 ? c.window : 2 ** (c.window - 1)) > 4096)) return undefined;
  const maxLayer = opts.maxLayer ?? 4_000_000;
  const reach = opts.finalStates ? (opts.reach ?? 0) : 0;
  const tabs = sides.map((c) => {
    const t = pairTables(c, endWindows);
    return c.max === 1 && reach >= t.states ? widenDistance(t, reach + 1, n, c.tailFlags) : t;
  });
  const S = tabs.map((t) => t.states);
  const SS = S.reduce((a, b) => a * b, 1);
  if (SS > maxLayer) return undefined;
  // kinds and their day counts
  const count = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    let m = 0;
    for (let j = 0; j < J; j++) if (sides[j]!.dayFlags[i]) m |= 1 << j;
    count.set(m, (count.get(m) ?? 0) + 1);
  }
  const byCount = [...count.keys()].sort((a, b) => count.get(b)! - count.get(a)! || a - b);
  if (byCount.length < 2) return undefined;
  const free = byCount[0]!;
  const exact: number[] = [];
  const priced: number[] = [];
  let C = 1;
  for (const k of byCount.slice(1)) {
    if (SS * C * (count.get(k)! + 1) <= maxLayer) {
      exact.push(k);
      C *= count.get(k)! + 1;
    } else priced.push(k);
  }
  const kinds = [...exact, ...priced, free];
  const T = kinds.length;
  const E = exact.length;
  const P = priced.length;
  // combined side state: s = Σ s_j · Π_{i<j} S_i
  const parts = new Int32Array(SS * J);
  for (let s = 0; s < SS; s++) for (let j = 0, r = s; j < J; r = Math.floor(r / S[j]!), j++) parts[s * J + j] = r % S[j]!;
  const next = new Int32Array(SS * T);
  const endCost = new Float64Array(SS);
  for (let s = 0; s < SS; s++) {
    for (let t = 0; t < T; t++) {
      let ns = 0;
      for (let j = 0, m = 1; j < J; m *= S[j]!, j++) ns += tabs[j]!.next[parts[s * J + j]! * 2 + ((kinds[t]! >> j) & 1)]! * m;
      next[s * T + t] = ns;
    }
    for (let j = 0; j < J; j++) endCost[s]! += tabs[j]!.end[parts[s * J + j]!]!;
  }
  let init = 0;
  let mul = 1;
  for (let j = 0; j < J; j++) {
    init += tabs[j]!.init * mul;
    mul *= S[j]!;
  }
  const fixed = tabs.reduce((a, t) => a + t.fixed, 0);
  // violations of each side when kind t follows side state s at position y (filled per layer)
  const step = new Float64Array(SS * T);
  const fillStep = (y: number): void => {
    for (let s = 0; s < SS; s++) {
      for (let t = 0; t < T; t++) {
        let w = 0;
        for (let j = 0; j < J; j++) w += tabs[j]!.cost[(y * S[j]! + parts[s * J + j]!) * 2 + ((kinds[t]! >> j) & 1)]!;
        step[s * T + t] = w;
      }
    }
  };
  // exact counts in mixed radix: stride, units placed per index, and which kinds are complete
  const stride = exact.map((_, e) => exact.slice(0, e).reduce((a, k) => a * (count.get(k)! + 1), 1));
  const placed = new Int32Array(C);
  const full = new Int32Array(C);
  for (let c = 0; c < C; c++) {
    for (let e = 0; e < E; e++) {
      const d = Math.floor(c / stride[e]!) % (count.get(exact[e]!)! + 1);
      placed[c]! += d;
      if (d === count.get(exact[e]!)!) full[c]! |= 1 << e;
    }
  }
  const totalExact = exact.reduce((a, k) => a + count.get(k)!, 0);

  const N = SS * C;
  let cur = new Float64Array(N);
  let nxt = new Float64Array(N);
  let pc = new Int32Array(N * Math.max(1, P));
  let npc = new Int32Array(N * Math.max(1, P));
  const lamOf = new Float64Array(T);

  const now = opts.now ?? Date.now;
  const deadline = opts.deadline ?? Infinity;
  /** L(λ) and its subgradient (priced units placed − day count, per priced kind); undefined past the deadline. */
  const evaluate = (lambda: readonly number[]): { L: number; g: number[]; final?: Float64Array } | undefined => {
    lamOf.fill(0);
    lambda.forEach((l, p) => (lamOf[E + p] = l));
    cur.fill(Infinity);
    cur[init * C] = 0;
    pc.fill(0);
    const wt = new Float64Array(T);
    const nb = new Int32Array(T);
    const Pw = Math.max(1, P);
    for (let y = 0; y < n; y++) {
      if ((y & 63) === 0 && deadline !== Infinity && now() > deadline) return undefined;
      nxt.fill(Infinity);
      fillStep(y);
      const left = n - y - 1;
      for (let s = 0; s < SS; s++) {
        const sb = s * T;
        for (let t = 0; t < T; t++) {
          wt[t] = step[sb + t]! + lamOf[t]!;
          nb[t] = next[s * T + t]! * C;
        }
        const base = s * C;
        // before position y, at most y exact units were placed; the rest must fit in the left + 1 positions
        const lowPlaced = totalExact - left - 1;
        for (let c = 0; c < C; c++) {
          const pl = placed[c]!;
          if (pl > y || pl < lowPlaced) continue;
          const v = cur[base + c]!;
          if (v === Infinity) continue;
          const rest = totalExact - pl;
          const at = (base + c) * Pw;
          const fc = full[c]!;
          for (let e = 0; e < E; e++) {
            if (fc & (1 << e)) continue;
            const o = nb[e]! + c + stride[e]!;
            const w = v + wt[e]!;
            if (w < nxt[o]!) {
              nxt[o] = w;
              for (let p = 0; p < P; p++) npc[o * P + p] = pc[at + p]!;
            }
          }
          if (rest > left) continue;
          for (let t = E; t < T; t++) {
            const o = nb[t]! + c;
            const w = v + wt[t]!;
            if (w < nxt[o]!) {
              nxt[o] = w;
              for (let p = 0; p < P; p++) npc[o * P + p] = pc[at + p]! + (t === E + p ? 1 : 0);
            }
          }
        }
      }
      [cur, nxt] = [nxt, cur];
      [pc, npc] = [npc, pc];
    }
    let best = Infinity;
    let bo = -1;
    for (let s = 0; s < SS; s++) {
      const v = cur[s * C + C - 1]! + endCost[s]!;
      if (v < best) {
        best = v;
        bo = s * C + C - 1;
      }
    }
    if (bo < 0 || !Number.isFinite(best)) return { L: -Infinity, g: priced.map(() => 0) }; // cannot happen: the day's own order completes
    const g = priced.map((k, p) => pc[bo * P + p]! - count.get(k)!);
    const constant = fixed - lambda.reduce((a, l, p) => a + l * count.get(priced[p]!)!, 0);
    let final: Float64Array | undefined;
    if (opts.finalStates) {
      final = new Float64Array(SS);
      for (let s = 0; s < SS; s++) final[s] = cur[s * C + C - 1]! + endCost[s]! + constant;
    }
    return { L: best + constant, g, ...(final ? { final } : {}) };
  };

  const maxEval = opts.evaluations ?? 12;
  const goal = opts.goal ?? Infinity;
  let bestL = -Infinity;
  let bestLambda: number[] = priced.map(() => 0);
  let bestFinal: Float64Array | undefined;
  let evaluations = 0;
  let converged = false;
  let late = false;
  const shape = sides.map((c) => (c.max === 1 ? ("distance" as const) : ("flags" as const)));
  const out = (): PricedResult => ({
    bound: bestL === -Infinity ? 0 : Math.max(0, Math.ceil(bestL - EPS)),
    value: bestL,
    exact,
    priced,
    free,
    prices: bestLambda,
    evaluations,
    converged,
    ...(bestFinal ? { final: { states: S, shape, values: bestFinal } } : {}),
  });
  const run = (lambda: number[]): { L: number; g: number[] } | undefined => {
    const r = evaluate(lambda);
    if (!r) {
      late = true;
      return undefined;
    }
    evaluations++;
    if (r.L > bestL) {
      bestL = r.L;
      bestLambda = lambda;
      bestFinal = r.final;
    }
    return r;
  };
  const stop = (): boolean => late || evaluations >= maxEval || Math.ceil(bestL - EPS) >= goal || now() > deadline;

  if (P === 0) {
    converged = run([]) !== undefined;
    return out();
  }
  if (P === 1) {
    // each evaluation at λ gives the line L(x) ≤ L + g·(x − λ) for every x (that sequence's value)
    const lines: { a: number; g: number; at: number }[] = [];
    let lambda = opts.startPrices?.[0] ?? 0;
    let span = 1;
    while (!stop()) {
      const r = run([lambda]);
      if (!r) break;
      const { L, g } = r;
      const slope = g[0]!;
      lines.push({ a: L - slope * lambda, g: slope, at: lambda });
      if (slope === 0) {
        converged = true;
        break;
      }
      const up = lines.filter((l) => l.g > 0);
      const down = lines.filter((l) => l.g < 0);
      if (up.length === 0 || down.length === 0) {
        // no crossing yet: too many priced units → raise their price, too few → lower it
        lambda = up.length > 0 ? Math.max(...lines.map((l) => l.at)) + span : Math.min(...lines.map((l) => l.at)) - span;
        span *= 2;
        continue;
      }
      // the envelope min(lines) is concave; its peak is where a rising line meets a falling one
      let peak = -Infinity;
      let at = lambda;
      for (const u of up) {
        for (const d of down) {
          const x = (d.a - u.a) / (u.g - d.g);
          const v = Math.min(...lines.map((l) => l.a + l.g * x));
          if (v > peak) {
            peak = v;
            at = x;
          }
        }
      }
      if (Math.ceil(peak - EPS) <= Math.ceil(bestL - EPS)) {
        converged = true; // no price can raise the integer bound
        break;
      }
      lambda = at;
    }
    return out();
  }
  // several priced kinds: subgradient steps, shrinking
  let lambda = priced.map((_, p) => opts.startPrices?.[p] ?? 0);
  let size = 1;
  while (!stop()) {
    const r = run(lambda);
    if (!r) break;
    const { g } = r;
    const norm = Math.sqrt(g.reduce((a, x) => a + x * x, 0));
    if (norm === 0) {
      converged = true;
      break;
    }
    lambda = lambda.map((l, p) => l + (size * g[p]!) / norm);
    if (evaluations % 4 === 0) size /= 2;
  }
  return out();
}

/** Budget of {@link tripleLowerBound}. */
export interface TripleBudget {
  /** Layer limit of each triple's relaxation (see {@link PricedOptions.maxLayer}). */
  readonly maxLayer?: number;
  /** Stop once the part's bound reaches this (e.g. the value of a known sequence). */
  readonly goal?: number;
  readonly deadline?: number;
  readonly now?: () => number;
}

/** What {@link tripleLowerBound} proved. */
export interface TripleResult {
  /** A valid lower bound of the part (at least `known`). */
  readonly bound: number;
  /** The triples bounded: constraint indices, the bound, and the relaxation's details. */
  readonly triples: readonly { members: readonly number[]; bound: number; exact: number; priced: number; converged: boolean; prices: readonly number[] }[];
}

/**
 * One ratio part's bound from triples of its constraints, each bounded by {@link pricedGroupBound},
 * combined with the singles and the known pair bounds (`known`: e.g. from `lowerBoundDetails` and
 * `jointPairLowerBound`) by {@link combineGroupBounds}. Triples are tried in order of the gains of
 * their pairs (largest first: where constraints are known to compete), within the deadline.
 * @param singles constraint index → its single bound, for the part's constraints
 */
export function tripleLowerBound(
  inst: SequencingInstance,
  part: "hprc" | "lprc",
  known: number,
  singles: ReadonlyMap<number, number>,
  groups: readonly GroupBound[],
  budget: TripleBudget = {},
): TripleResult {
  const prio = part === "hprc" ? "high" : "low";
  const ks = inst.constraints.flatMap((c, k) => (c.priority === prio ? [k] : []));
  const pairGain = (a: number, b: number): number =>
    Math.max(0, ...groups.filter((g) => g.members.length === 2 && g.members.includes(a) && g.members.includes(b)).map((g) => g.bound - (singles.get(a) ?? 0) - (singles.get(b) ?? 0)));
  const order: { members: number[]; gain: number }[] = [];
  for (let i = 0; i < ks.length; i++) {
    for (let j = i + 1; j < ks.length; j++) {
      for (let l = j + 1; l < ks.length; l++) {
        const [a, b, c] = [ks[i]!, ks[j]!, ks[l]!];
        order.push({ members: [a, b, c], gain: pairGain(a, b) + pairGain(a, c) + pairGain(b, c) });
      }
    }
  }
  order.sort((x, y) => y.gain - x.gain || x.members.join(",").localeCompare(y.members.join(",")));
  const now = budget.now ?? Date.now;
  const triples: { members: readonly number[]; bound: number; exact: number; priced: number; converged: boolean; prices: readonly number[] }[] = [];
  const combined = (): number => Math.max(known, combineGroupBounds(singles, [...groups, ...triples]));
  for (const { members } of order) {
    if (budget.goal !== undefined && combined() >= budget.goal) break;
    if (budget.deadline !== undefined && now() > budget.deadline) break;
    const r = pricedGroupBound(members.map((k) => exactPairSide(inst, k)), inst.endWindows, {
      ...(budget.maxLayer !== undefined ? { maxLayer: budget.maxLayer } : {}),
      ...(budget.deadline !== undefined ? { deadline: budget.deadline } : {}),
      now,
    });
    if (!r || r.evaluations === 0) continue;
    triples.push({ members, bound: r.bound, exact: r.exact.length, priced: r.priced.length, converged: r.converged, prices: r.prices });
  }
  return { bound: combined(), triples };
}

/** One group of {@link endMeetCombine}: its constraints (indices into the kinds' bits) and its final-state values. */
export interface EndMeetGroup {
  readonly members: readonly number[];
  readonly final: FinalStates;
}

/**
 * Lower bound of Σ violations over disjoint groups of constraints that must end the day together.
 * Each group's bound alone lets it end as it likes best, but the day has one last unit: every
 * sequence ends with some m units (`kinds`: bit k = needs constraint k's option, with the day's
 * count of each kind), each group's final state must agree with them, and the group costs at least
 * its value for that state (`FinalStates`). So min over the possible endings of Σ_groups min over
 * the final states that agree with the ending is a valid bound, and it is above Σ group bounds
 * when the groups' preferred endings conflict (set B 024_V2: HPRC1+HPRC2+HPRC4, HPRC5+HPRC6 and
 * HPRC3 can each end at their own bound, but no four units let all three do so, +1; set B
 * 035_ch2: its three constraints alone, +1). Endings are enumerated
 * whole (kinds^m, each kind at most its count; m lowered until kinds^m ≤ 10^6); the groups'
 * minima are memoized per projection.
 * @param m units at the end to enumerate (default 4)
 */
export function endMeetCombine(kinds: readonly { mask: number; count: number }[], groups: readonly EndMeetGroup[], m = 4): { value: number; ending: number[]; endings: { ending: number[]; value: number }[] } {
  const memo = groups.map(() => new Map<string, number>());
  const groupMin = (gi: number, ending: readonly number[]): number => {
    const g = groups[gi]!;
    const key = ending.map((x) => g.members.map((k) => (x >>> k) & 1).join("")).join(",");
    const hit = memo[gi]!.get(key);
    if (hit !== undefined) return hit;
    const F = g.final;
    const allowed = g.members.map((k, j) => {
      const S = F.states[j]!;
      // a distance side has P states (the last one: P − 1 back or more), a flags side 2^(P−1)
      const cap = F.shape[j] === "distance" ? S - 1 : Math.log2(S);
      const ok = new Uint8Array(S);
      const first = ending.findIndex((x) => ((x >>> k) & 1) === 1);
      for (let s = 0; s < S; s++) {
        if (F.shape[j] === "distance") ok[s] = first >= 0 ? (s === Math.min(first, cap) ? 1 : 0) : s >= Math.min(ending.length, cap) ? 1 : 0;
        else {
          let good = 1;
          for (let i = 0; i < Math.min(ending.length, cap); i++) if (((s >>> i) & 1) !== ((ending[i]! >>> k) & 1)) good = 0;
          ok[s] = good;
        }
      }
      return ok;
    });
    let best = Infinity;
    for (let s = 0; s < F.values.length; s++) {
      let r = s;
      let good = true;
      for (let j = 0; j < g.members.length && good; j++) {
        const S = F.states[j]!;
        good = allowed[j]![r % S] === 1;
        r = Math.floor(r / S);
      }
      if (good && F.values[s]! < best) best = F.values[s]!;
    }
    memo[gi]!.set(key, best);
    return best;
  };
  const used = new Int32Array(kinds.length);
  const ending: number[] = [];
  let best = Infinity;
  let bestEnding: number[] = [];
  let near: { ending: number[]; value: number }[] = [];
  const total = kinds.reduce((a, k) => a + k.count, 0);
  // at most ~10^6 endings: fewer units at the end when there are many kinds
  let depth = Math.min(m, total);
  while (depth > 1 && kinds.length ** depth > 1e6) depth--;
  const dfs = (): void => {
    if (ending.length === depth) {
      let v = 0;
      for (let gi = 0; gi < groups.length; gi++) v += groupMin(gi, ending);
      if (v < best) {
        best = v;
        bestEnding = [...ending];
      }
      if (v < best + 1 - EPS) {
        near.push({ ending: [...ending], value: v });
        // the best only falls: endings a whole violation above it can go (memory stays small)
        if (near.length > 20_000) near = near.filter((e) => e.value < best + 1 - EPS);
      }
      return;
    }
    kinds.forEach((k, i) => {
      if (used[i]! >= k.count) return;
      used[i]!++;
      ending.push(k.mask);
      dfs();
      ending.pop();
      used[i]!--;
    });
  };
  dfs();
  // the endings that keep the bound where it is (value within one of the best, rounded up alike)
  const bound = Math.ceil(best - EPS);
  const endings = near.filter((e) => Math.ceil(e.value - EPS) === bound).sort((a, b) => a.value - b.value);
  return { value: best, ending: bestEnding, endings };
}

/** Budget of {@link endMeetLowerBound}. */
export interface EndMeetBudget {
  readonly maxLayer?: number;
  /** Units at the end to enumerate (default 4). */
  readonly ending?: number;
  /** Prices to start each group's relaxation from (key: members joined by ","), e.g. a triple's best. */
  readonly prices?: ReadonlyMap<string, readonly number[]>;
  readonly deadline?: number;
  readonly now?: () => number;
}

/**
 * One ratio part's bound from disjoint groups of its constraints (`partition`; the part's other
 * constraints are added alone) that must end the day together ({@link endMeetCombine}): each
 * group's relaxation ({@link pricedGroupBound}) is run once more keeping its final states. The
 * result is at least Σ of the groups' own bounds only up to rounding; the caller keeps the larger.
 * Undefined when a group cannot be bounded this way or the deadline passes first.
 */
export function endMeetLowerBound(
  inst: SequencingInstance,
  part: "hprc" | "lprc",
  partition: readonly (readonly number[])[],
  budget: EndMeetBudget = {},
): { bound: number; value: number; ending: number[]; endings: number[][]; groups: { members: readonly number[]; value: number }[] } | undefined {
  const prio = part === "hprc" ? "high" : "low";
  const ks = inst.constraints.flatMap((c, k) => (c.priority === prio ? [k] : []));
  const inGroup = new Set(partition.flat());
  const all = [...partition.map((g) => [...g]), ...ks.filter((k) => !inGroup.has(k)).map((k) => [k])];
  const now = budget.now ?? Date.now;
  const groups: EndMeetGroup[] = [];
  const values: { members: readonly number[]; value: number }[] = [];
  let constant = 0;
  for (const members of all) {
    // a constraint whose units are all alike (every unit or none needs it) has one value whatever the order
    const flags = inst.day.map((u) => members.map((k) => (u.options[k] ? 1 : 0)).join(""));
    if (new Set(flags).size < 2) {
      // each member's violations whatever the order
      const v = members.reduce((a, k) => {
        const s = exactPairSide(inst, k);
        return a + ratioViolations(s.tailFlags, s.dayFlags, s.max, s.window, inst.endWindows);
      }, 0);
      constant += v;
      values.push({ members, value: v });
      continue;
    }
    const start = budget.prices?.get(members.join(","));
    const r = pricedGroupBound(members.map((k) => exactPairSide(inst, k)), inst.endWindows, {
      finalStates: true,
      reach: (budget.ending ?? 4) - 1,
      ...(start ? { startPrices: start, evaluations: 1 } : {}),
      ...(budget.maxLayer !== undefined ? { maxLayer: budget.maxLayer } : {}),
      ...(budget.deadline !== undefined ? { deadline: budget.deadline } : {}),
      now,
    });
    if (!r?.final) return undefined;
    groups.push({ members, final: r.final });
    values.push({ members, value: r.value });
  }
  const count = new Map<number, number>();
  for (const u of inst.day) {
    let mask = 0;
    for (const k of ks) if (u.options[k]) mask |= 1 << k;
    count.set(mask, (count.get(mask) ?? 0) + 1);
  }
  const kinds = [...count].map(([mask, c]) => ({ mask, count: c }));
  const c = endMeetCombine(kinds, groups, budget.ending ?? 4);
  const value = c.value + constant;
  return { bound: Math.max(0, Math.ceil(value - EPS)), value, ending: c.ending, endings: c.endings.map((e) => e.ending), groups: values };
}
