/**
 * Joint search over a group of ratio constraints (all those of one priority): the least
 * Σ violations of the group over every sequence of the day, or a path that attains a given total.
 *
 * The single and pair bounds (lower-bound.ts) look at one or two constraints; a day whose first
 * part is the sum of its single minima can still be above it when three or more constraints cannot
 * be at their minima at the same time (set B 035_ch2: 1/2, 2/3 and 1/15 at 46 + 111 + 227 = 384,
 * each pair tight, the three together 385). This search settles such a day exactly:
 *
 * - each constraint is a side with a small state (the last P−1 flags, or for 1/P the distance back
 *   to its last option unit), as in the exact pair bound, and its exact suffix table
 *   R[y][state][r] = the least violations it can still collect on positions y.. with r option units
 *   left (its own dynamic programme, exact for the constraint alone);
 * - units are grouped into kinds by their flags on the group; a layer holds, per day position, the
 *   distinct (side states, units of each kind placed) reached, each with the least violations so
 *   far (g);
 * - a state is dropped when g + Σ R > T: every completion costs at least that, so no sequence with
 *   total ≤ T passes through it (with pair suffix tables, `maxPairTable`, the completion bound is
 *   the larger of Σ R and one pair's exact suffix minimum plus the other sides' R).
 *
 * For T from the known bound upwards, a search that keeps every layer whole either finds the least
 * total (≤ T, with a path) or proves that every sequence costs more than T (bound T + 1). When a
 * layer grows past `maxLayer`, it is cut to its states of least g + Σ R (a beam): the search may
 * still find a path (a real pattern of the group's options, not known to be optimal), but proves
 * nothing more. Pure and deterministic; its cost is bounded by `maxLayer`, `maxStates` and the
 * deadline, its memory by the layers kept for the traceback (two 16/32-bit entries per state).
 */
import { combinePairBounds, exactPairSide, exactRatioMinimum, pairCounts, pairTables, ratioLowerBound, sideStates, type ExactPairSide, type PairBound, type PairTables } from "./lower-bound.js";
import type { ObjectiveValue, SequencingInstance } from "./model.js";

/** Options of {@link jointSearch}. */
export interface JointOptions {
  /** First total tried (a known lower bound of the group); the sum of the exact single minima if higher. */
  readonly from?: number;
  /** Most totals tried (from, from + 1, …). Default 4. */
  readonly targets?: number;
  /** Most states kept in one layer; beyond it the layer is cut (beam) and nothing more is proven. Default 100,000. */
  readonly maxLayer?: number;
  /** Most states expanded over the whole search (all totals). Default 50,000,000. */
  readonly maxStates?: number;
  /** Largest suffix table (positions × states × counts) per side. Default 30,000,000. */
  readonly maxTable?: number;
  /** Largest total of pair suffix tables (entries, 4 bytes each); 0 (default): single suffixes only. */
  readonly maxPairTable?: number;
  /** Stop at this time (ms, from `now`); the result then holds what was proven. */
  readonly deadline?: number;
  readonly now?: () => number;
  /** Called after each layer: day position, states kept, states expanded so far. */
  readonly onLayer?: (position: number, states: number, expanded: number) => void;
}

/** What {@link jointSearch} found. */
export interface JointResult {
  /** The exact least violations of each side alone (the fixed tail part included). */
  readonly singles: number[];
  /** A proven lower bound of the group's violations together (≥ the sum of the singles). */
  readonly bound: number;
  /** A sequence of kinds: per day position the unit's flags on the group (bit j = side j); with `cost`. */
  readonly kinds?: Int32Array;
  /** Σ violations of the group along `kinds`. */
  readonly cost?: number;
  /** `cost` equals `bound`: the path is optimal for the group. */
  readonly optimal: boolean;
  /** States expanded in all. */
  readonly expanded: number;
  /** Why the search stopped short of an optimal path, if it did. */
  readonly stopped?: "layer" | "states" | "deadline" | "targets";
}

const INF = 1_000_000_000;

/** Exact suffix table of one side: R[((y · S) + s) · (k + 1) + r], y = 0..n. */
function suffixTable(t: PairTables, n: number, k: number): Int32Array {
  const S = t.states;
  const K = k + 1;
  const R = new Int32Array((n + 1) * S * K).fill(INF);
  for (let s = 0; s < S; s++) R[(n * S + s) * K] = t.end[s]!;
  for (let y = n - 1; y >= 0; y--) {
    for (let s = 0; s < S; s++) {
      const c0 = t.cost[(y * S + s) * 2]!;
      const c1 = t.cost[(y * S + s) * 2 + 1]!;
      const n0 = ((y + 1) * S + t.next[s * 2]!) * K;
      const n1 = ((y + 1) * S + t.next[s * 2 + 1]!) * K;
      const row = (y * S + s) * K;
      const top = Math.min(k, n - y);
      for (let r = 0; r <= top; r++) {
        let v = R[n0 + r]! + c0;
        if (r > 0) v = Math.min(v, R[n1 + r - 1]! + c1);
        R[row + r] = v >= INF ? INF : v;
      }
    }
  }
  return R;
}

/** Exact suffix table of a pair of sides (their joint least violations from a position on). */
interface PairSuffix {
  readonly a: number;
  readonly b: number;
  readonly CA: number;
  readonly CB: number;
  readonly CAB: number;
  /** R[((((y · Sa + sa) · Sb + sb) · CA + ra) · CB + rb) · CAB + rab]: units needing a only, b only, both left. */
  readonly R: Int32Array;
}

/**
 * The pair's table for every position (the exact pair bound, lower-bound.ts, keeps two layers of
 * the same recurrence run forwards: it needs the minimum only, in 1/(n+1) of the memory).
 */
function pairSuffix(A: PairTables, B: PairTables, a: number, b: number, n: number, ka: number, kb: number, kab: number, k0: number): PairSuffix {
  const Sa = A.states;
  const Sb = B.states;
  const CA = ka + 1;
  const CB = kb + 1;
  const CAB = kab + 1;
  const C = CA * CB * CAB;
  const R = new Int32Array((n + 1) * Sa * Sb * C).fill(INF);
  for (let sa = 0; sa < Sa; sa++) for (let sb = 0; sb < Sb; sb++) R[((n * Sa + sa) * Sb + sb) * C] = A.end[sa]! + B.end[sb]!;
  const dCount = [0, CB * CAB, CAB, 1];
  for (let y = n - 1; y >= 0; y--) {
    const left = n - y;
    for (let sa = 0; sa < Sa; sa++) {
      for (let sb = 0; sb < Sb; sb++) {
        const row = ((y * Sa + sa) * Sb + sb) * C;
        for (let kind = 0; kind < 4; kind++) {
          const xa = kind & 1;
          const xb = kind >> 1;
          const cost = A.cost[(y * Sa + sa) * 2 + xa]! + B.cost[(y * Sb + sb) * 2 + xb]!;
          const nrow = (((y + 1) * Sa + A.next[sa * 2 + xa]!) * Sb + B.next[sb * 2 + xb]!) * C - dCount[kind]!;
          for (let ra = 0; ra < CA; ra++) {
            if (kind === 1 && ra === 0) continue;
            for (let rb = 0; rb < CB; rb++) {
              if (kind === 2 && rb === 0) continue;
              const rr = (ra * CB + rb) * CAB;
              for (let rab = 0; rab < CAB; rab++) {
                if (kind === 3 && rab === 0) continue;
                const neither = left - ra - rb - rab;
                if (neither < 0 || neither > k0 || (kind === 0 && neither === 0)) continue;
                const v = R[nrow + rr + rab]! + cost;
                if (v < R[row + rr + rab]!) R[row + rr + rab] = v;
              }
            }
          }
        }
      }
    }
  }
  return { a, b, CA, CB, CAB, R };
}

/** Growable storage of one layer's states. */
class Layer {
  size = 0;
  side: Int32Array;
  rem: Int32Array;
  cnt: Int32Array;
  g: Int32Array;
  f: Int32Array;
  parent: Int32Array;
  kind: Int32Array;
  constructor(
    readonly J: number,
    readonly T: number,
    cap: number,
  ) {
    this.side = new Int32Array(cap * J);
    this.rem = new Int32Array(cap * J);
    this.cnt = new Int32Array(cap * T);
    this.g = new Int32Array(cap);
    this.f = new Int32Array(cap);
    this.parent = new Int32Array(cap);
    this.kind = new Int32Array(cap);
  }
  grow(): void {
    const cap = this.g.length * 2;
    const more = (a: Int32Array, w: number): Int32Array => {
      const b = new Int32Array(cap * w);
      b.set(a);
      return b;
    };
    this.side = more(this.side, this.J);
    this.rem = more(this.rem, this.J);
    this.cnt = more(this.cnt, this.T);
    this.g = more(this.g, 1);
    this.f = more(this.f, 1);
    this.parent = more(this.parent, 1);
    this.kind = more(this.kind, 1);
  }
}

/**
 * The least Σ violations of `sides` together (file comment), searched for totals from
 * `opts.from` upwards; counting rules as in evaluate.ts. Undefined when a side's state or suffix
 * table is over the limits (nothing is then known beyond the single bounds).
 */
export function jointSearch(sides: readonly ExactPairSide[], endWindows: "truncated" | "full", opts: JointOptions = {}): JointResult | undefined {
  const J = sides.length;
  if (J === 0 || J > 30) return undefined;
  const n = sides[0]!.dayFlags.length;
  const maxTable = opts.maxTable ?? 30_000_000;
  const counts = sides.map((c) => c.dayFlags.reduce((s, f) => s + (f ? 1 : 0), 0));
  if (sides.some((c, j) => sideStates(c) > 4096 || (n + 1) * sideStates(c) * (counts[j]! + 1) > maxTable)) return undefined;
  const tables = sides.map((c) => pairTables(c, endWindows));
  const R = tables.map((t, j) => suffixTable(t, n, counts[j]!));
  const singles = tables.map((t, j) => t.fixed + R[j]![t.init * (counts[j]! + 1) + counts[j]!]!);
  const fixed = tables.reduce((s, t) => s + t.fixed, 0);
  const sumSingles = singles.reduce((a, b) => a + b, 0);
  // kinds of units: their flags on the group, with how many of each the day has
  const kindOf = new Map<number, number>();
  const kindMask: number[] = [];
  const kindCount: number[] = [];
  for (let i = 0; i < n; i++) {
    let m = 0;
    for (let j = 0; j < J; j++) if (sides[j]!.dayFlags[i]) m |= 1 << j;
    let t = kindOf.get(m);
    if (t === undefined) {
      t = kindMask.length;
      kindOf.set(m, t);
      kindMask.push(m);
      kindCount.push(0);
    }
    kindCount[t]!++;
  }
  const T = kindMask.length;
  if (T > 65_535) return undefined; // kinds are traced in 16 bits
  // pair suffix tables within the table limit: a stronger completion bound (one pair exact, the
  // other sides alone), smallest first while they fit
  const pairs: PairSuffix[] = [];
  const maxPairTable = opts.maxPairTable ?? 0;
  let pairRoom = maxPairTable;
  const pairSizes: { a: number; b: number; size: number; ka: number; kb: number; kab: number }[] = [];
  for (let a = 0; a < J; a++) {
    for (let b = a + 1; b < J; b++) {
      const { ka, kb, kab } = pairCounts(sides[a]!, sides[b]!);
      pairSizes.push({ a, b, ka, kb, kab, size: (n + 1) * tables[a]!.states * tables[b]!.states * (ka + 1) * (kb + 1) * (kab + 1) });
    }
  }
  pairSizes.sort((x, y) => x.size - y.size || x.a - y.a || x.b - y.b);
  for (const p of pairSizes) {
    if (p.size > pairRoom) continue;
    pairRoom -= p.size;
    pairs.push(pairSuffix(tables[p.a]!, tables[p.b]!, p.a, p.b, n, p.ka, p.kb, p.kab, n - p.ka - p.kb - p.kab));
  }
  const maxLayer = opts.maxLayer ?? 100_000;
  const maxStates = opts.maxStates ?? 50_000_000;
  const now = opts.now ?? Date.now;
  const deadline = opts.deadline ?? Infinity;
  let expanded = 0;
  let bound = Math.max(sumSingles, opts.from ?? 0);
  let proving = true;
  const targets = opts.targets ?? 4;
  let stopped: JointResult["stopped"] = "targets";
  for (let tried = 0, target = bound; tried < targets; tried++, target++) {
    const r = searchAt(target);
    if (r === "abort") break;
    if (r.path) {
      if (!r.cut) bound = r.cost;
      const optimal = r.cost === bound;
      return { singles, bound, kinds: r.path, cost: r.cost, optimal, expanded, ...(optimal ? {} : { stopped: "layer" as const }) };
    }
    // a cut search proves nothing; higher totals are still tried for a path
    if (r.cut) {
      proving = false;
      stopped = "layer";
    } else if (proving) bound = target + 1;
  }
  return { singles, bound, optimal: false, expanded, stopped };

  /** One search at total `target`: a path of least total ≤ target, or none; `cut` when a layer was cut. */
  function searchAt(target: number): { path?: Int32Array; cost: number; cut: boolean } | "abort" {
    // per layer, only what the traceback needs: parent state and kind
    const parents: Int32Array[] = [];
    const kindsAt: Uint16Array[] = [];
    let cur = new Layer(J, T, 1024);
    cur.size = 1;
    for (let j = 0; j < J; j++) {
      cur.side[j] = tables[j]!.init;
      cur.rem[j] = counts[j]!;
    }
    cur.g[0] = fixed;
    cur.parent[0] = -1;
    let cut = false;
    const scratchSide = new Int32Array(J);
    const scratchRem = new Int32Array(J);
    const single = new Int32Array(J);
    const left = new Int32Array(T);
    let next = new Layer(J, T, 1024);
    // open addressing over the next layer's entries: slot → entry + 1 (0 empty), keyed by a hash
    // of (side states, counts), compared in full on a hit
    let slots: Int32Array = new Int32Array(1 << 12);
    let hashes: Int32Array = new Int32Array(1024);
    for (let y = 0; y < n; y++) {
      next.size = 0;
      slots.fill(0);
      if (hashes.length < next.g.length) hashes = new Int32Array(next.g.length);
      for (let i = 0; i < cur.size; i++) {
        // a layer far over the limit is cut anyway: stop growing it (memory stays bounded)
        if (next.size >= 2 * maxLayer) {
          cut = true;
          break;
        }
        const gi = cur.g[i]!;
        for (let t = 0; t < T; t++) {
          if (cur.cnt[i * T + t]! >= kindCount[t]!) continue;
          const m = kindMask[t]!;
          let c = 0;
          let h = 0;
          let hash = 0x811c9dc5;
          for (let j = 0; j < J; j++) {
            const tb = tables[j]!;
            const S = tb.states;
            const x = (m >> j) & 1;
            const s = cur.side[i * J + j]!;
            c += tb.cost[(y * S + s) * 2 + x]!;
            const ns = tb.next[s * 2 + x]!;
            const r = cur.rem[i * J + j]! - x;
            const hj = R[j]![((y + 1) * S + ns) * (counts[j]! + 1) + r]!;
            single[j] = hj;
            h += hj;
            scratchSide[j] = ns;
            scratchRem[j] = r;
            hash = Math.imul(hash ^ ns, 0x01000193);
          }
          const g = gi + c;
          if (g + h > target) continue;
          if (pairs.length > 0) {
            // remaining units per kind after this one, then the best pair completion
            for (let u = 0; u < T; u++) left[u] = kindCount[u]! - cur.cnt[i * T + u]! - (u === t ? 1 : 0);
            let worst = h;
            for (const p of pairs) {
              let ra = 0;
              let rb = 0;
              let rab = 0;
              for (let u = 0; u < T; u++) {
                const mu = kindMask[u]!;
                const xa = (mu >> p.a) & 1;
                const xb = (mu >> p.b) & 1;
                if (xa && xb) rab += left[u]!;
                else if (xa) ra += left[u]!;
                else if (xb) rb += left[u]!;
              }
              const Sa = tables[p.a]!.states;
              const Sb = tables[p.b]!.states;
              const pr = p.R[((((y + 1) * Sa + scratchSide[p.a]!) * Sb + scratchSide[p.b]!) * p.CA + ra) * p.CB * p.CAB + rb * p.CAB + rab]!;
              const hp = h - single[p.a]! - single[p.b]! + pr;
              if (hp > worst) worst = hp;
            }
            if (g + worst > target) continue;
            h = worst;
          }
          expanded++;
          for (let u = 0; u < T; u++) hash = Math.imul(hash ^ (cur.cnt[i * T + u]! + (u === t ? 1 : 0)), 0x01000193);
          hash ^= hash >>> 15;
          hash = Math.imul(hash, 0x2c1b3c6d);
          hash ^= hash >>> 12;
          const mask = slots.length - 1;
          let slot = hash & mask;
          for (;;) {
            const at = slots[slot]! - 1;
            if (at < 0) {
              if (next.size === next.g.length) {
                next.grow();
                const h2 = new Int32Array(next.g.length);
                h2.set(hashes.subarray(0, next.size));
                hashes = h2;
              }
              const e = next.size++;
              next.side.set(scratchSide, e * J);
              next.rem.set(scratchRem, e * J);
              next.cnt.set(cur.cnt.subarray(i * T, i * T + T), e * T);
              next.cnt[e * T + t]!++;
              next.g[e] = g;
              next.f[e] = g + h;
              next.parent[e] = i;
              next.kind[e] = t;
              hashes[e] = hash;
              slots[slot] = e + 1;
              if (next.size * 2 > slots.length) slots = rehash(slots.length * 2, hashes, next.size);
              break;
            }
            if (hashes[at] === hash) {
              let same = true;
              for (let j = 0; j < J && same; j++) same = next.side[at * J + j] === scratchSide[j];
              for (let u = 0; u < T && same; u++) same = next.cnt[at * T + u] === cur.cnt[i * T + u]! + (u === t ? 1 : 0);
              if (same) {
                if (g < next.g[at]!) {
                  next.g[at] = g;
                  next.f[at] = g + h;
                  next.parent[at] = i;
                  next.kind[at] = t;
                }
                break;
              }
            }
            slot = (slot + 1) & mask;
          }
        }
      }
      if (expanded > maxStates) {
        stopped = "states";
        return "abort";
      }
      if ((y & 7) === 0 && now() > deadline) {
        stopped = "deadline";
        return "abort";
      }
      if (next.size > maxLayer) {
        cut = true;
        cutLayer(next, maxLayer, target);
      }
      opts.onLayer?.(y, next.size, expanded);
      parents.push(next.parent.slice(0, next.size));
      kindsAt.push(Uint16Array.from(next.kind.subarray(0, next.size)));
      [cur, next] = [next, cur];
      if (cur.size === 0) return { cost: INF, cut };
    }
    // the last layer: every count complete; f = g + the end windows
    let best = -1;
    for (let i = 0; i < cur.size; i++) if (best < 0 || cur.f[i]! < cur.f[best]!) best = i;
    if (best < 0) return { cost: INF, cut };
    const cost = cur.f[best]!;
    const path = new Int32Array(n);
    for (let y = n - 1, at = best; y >= 0; y--) {
      path[y] = kindMask[kindsAt[y]![at]!]!;
      at = parents[y]![at]!;
    }
    return { path, cost, cut };
  }
}

/** A slot table of `size` (a power of two) for the first `count` entries' hashes. */
function rehash(size: number, hashes: Int32Array, count: number): Int32Array {
  const slots = new Int32Array(size);
  const mask = size - 1;
  for (let e = 0; e < count; e++) {
    let slot = hashes[e]! & mask;
    while (slots[slot] !== 0) slot = (slot + 1) & mask;
    slots[slot] = e + 1;
  }
  return slots;
}

/** Keeps the `keep` states of least f (then first reached) of a layer, in place. */
function cutLayer(L: Layer, keep: number, target: number): void {
  let lo = Infinity;
  for (let i = 0; i < L.size; i++) lo = Math.min(lo, L.f[i]!);
  const buckets = new Int32Array(target - lo + 2);
  for (let i = 0; i < L.size; i++) buckets[L.f[i]! - lo]!++;
  let limit = 0;
  let taken = 0;
  while (limit < buckets.length && taken + buckets[limit]! <= keep) taken += buckets[limit++]!;
  // states with f − lo < limit are all kept; the bucket `limit` fills what is left, in order
  let room = keep - taken;
  let w = 0;
  const { J, T } = L;
  for (let i = 0; i < L.size; i++) {
    const d = L.f[i]! - lo;
    if (d > limit || (d === limit && room-- <= 0)) continue;
    if (w !== i) {
      L.side.copyWithin(w * J, i * J, i * J + J);
      L.rem.copyWithin(w * J, i * J, i * J + J);
      L.cnt.copyWithin(w * T, i * T, i * T + T);
      L.g[w] = L.g[i]!;
      L.f[w] = L.f[i]!;
      L.parent[w] = L.parent[i]!;
      L.kind[w] = L.kind[i]!;
    }
    w++;
  }
  L.size = w;
}

/** Most states of one layer in {@link jointLowerBounds} (about 100 bytes each); a larger layer ends the proof. */
const JOINT_LAYER_CAP = 12_000_000;

/** Budget of {@link jointLowerBounds} per priority. */
export interface JointBudget {
  /** States expanded per priority (all totals tried). */
  readonly maxStates: number;
  /** Pair suffix tables per priority (entries, 4 bytes each). */
  readonly maxPairTable?: number;
  /** Totals tried above the known bound (default 3). */
  readonly targets?: number;
  readonly deadline?: number;
  readonly now?: () => number;
}

/**
 * Raises the ratio parts of `lb` (a valid bound, e.g. {@link lowerBounds}) by the joint search of
 * each priority's constraints together, searched whole (never cut, so what it proves holds) within
 * the budget; the PCC part and the weights are kept. With `paths`, also the kinds of a path that
 * is optimal for the priority, when one was found.
 */
export function jointLowerBounds(inst: SequencingInstance, lb: ObjectiveValue, budget: JointBudget): { bounds: ObjectiveValue; optimal: Partial<Record<"hprc" | "lprc", Int32Array>>; expanded: number } {
  const parts = { hprc: lb.hprc, lprc: lb.lprc };
  const optimal: Partial<Record<"hprc" | "lprc", Int32Array>> = {};
  let expanded = 0;
  for (const part of ["hprc", "lprc"] as const) {
    const prio = part === "hprc" ? "high" : "low";
    const ks = inst.constraints.flatMap((c, k) => (c.priority === prio ? [k] : []));
    if (ks.length === 0 || inst.day.length === 0) continue;
    const sides = ks.map((k) => exactPairSide(inst, k));
    const r = jointSearch(sides, inst.endWindows, {
      from: parts[part],
      targets: budget.targets ?? 3,
      maxLayer: Math.min(budget.maxStates, JOINT_LAYER_CAP),
      maxStates: budget.maxStates,
      maxPairTable: budget.maxPairTable ?? 0,
      ...(budget.deadline !== undefined ? { deadline: budget.deadline } : {}),
      ...(budget.now ? { now: budget.now } : {}),
    });
    if (!r) continue;
    expanded += r.expanded;
    parts[part] = Math.max(parts[part], r.bound);
    if (r.optimal && r.kinds) {
      // flags on the priority's constraints → the unit's option mask bits
      optimal[part] = Int32Array.from(r.kinds, (m) => ks.reduce((s, k, j) => s | (((m >> j) & 1) << k), 0));
    }
  }
  const W = inst.weights;
  return { bounds: { hprc: parts.hprc, lprc: parts.lprc, pcc: lb.pcc, objective: W.hprc * parts.hprc + W.lprc * parts.lprc + W.pcc * lb.pcc }, optimal, expanded };
}

/** Budget of {@link jointPairLowerBound}. */
export interface JointPairBudget {
  /** States expanded per pair (all totals tried). Default 300,000,000. */
  readonly maxStates?: number;
  /** Most states in one layer; a larger layer is cut, which ends that pair's proof (what it proved before stays). Default 3,000,000. */
  readonly maxLayer?: number;
  /** Totals tried per pair above the sum of its singles. Default 6. */
  readonly targets?: number;
  /** Stop once the part's bound reaches this (e.g. the value of a known sequence: nothing more to prove). */
  readonly goal?: number;
  readonly deadline?: number;
  readonly now?: () => number;
}

/** What {@link jointPairLowerBound} proved. */
export interface JointPairResult {
  /** A valid lower bound of the part (at least `known`). */
  readonly bound: number;
  /** Each constraint's exact single minimum (constraint index → violations). */
  readonly singles: ReadonlyMap<number, number>;
  /** The pairs searched: constraint indices, the proven pair bound, and whether a path attains it. */
  readonly pairs: readonly { a: number; b: number; bound: number; optimal: boolean }[];
  readonly expanded: number;
}

/**
 * One ratio part's bound from the joint search of each pair of its constraints, where the whole
 * group is too large to search (set A 024_38_3: five high-priority constraints and seven kinds
 * explode, while HPRC1 2/3 with HPRC5 1/5 alone — three kinds — is searched whole in seconds and
 * needs 4, above the 2 of the pair bounds of lower-bound.ts, whose exact pair table for it would be
 * 4.7·10⁹ steps). Each pair is searched whole from the sum of its singles upwards, so its bound is
 * exact up to where the budget stopped it; pairs are combined as in `lowerBounds`
 * (`combinePairBounds`: disjoint pairs of the largest total gain over the singles, plus every other
 * constraint's exact single minimum), together with `knownPairs` (e.g. `lowerBoundDetails`' pair
 * bounds, from arguments the joint search does not repeat within its budget: set B 024_V2's
 * HPRC1+HPRC4 ≥ 235 by the (P−1)/P–1/Q argument, which the joint search of that pair reaches only
 * at 144 in its time). A known pair's search starts at its known bound. Pairs with the fewest count
 * combinations first; a pair whose search does not fit the budget keeps what it proved. Returns
 * at least `known`.
 */
export function jointPairLowerBound(inst: SequencingInstance, part: "hprc" | "lprc", known: number, budget: JointPairBudget = {}, knownPairs: readonly PairBound[] = []): JointPairResult {
  const prio = part === "hprc" ? "high" : "low";
  const ks = inst.constraints.flatMap((c, k) => (c.priority === prio ? [k] : []));
  const n = inst.day.length;
  const sides = new Map(ks.map((k): [number, ExactPairSide] => [k, exactPairSide(inst, k)]));
  const sideOf = (k: number): ExactPairSide => sides.get(k)!;
  const singles = new Map<number, number>();
  for (const k of ks) {
    const c = inst.constraints[k]!;
    const s = sideOf(k);
    const count = s.dayFlags.filter(Boolean).length;
    singles.set(k, exactRatioMinimum(s.tailFlags, count, n, c.max, c.window, inst.endWindows) ?? ratioLowerBound(s.tailFlags, count, n, c.max, c.window, inst.endWindows));
  }
  // smallest count space first (units needing a only, b only, both: what the layers grow with),
  // so that as many pairs as possible are searched whole within the deadline
  const order: { a: number; b: number; size: number }[] = [];
  for (let i = 0; i < ks.length; i++) {
    for (let j = i + 1; j < ks.length; j++) {
      const { ka, kb, kab } = pairCounts(sideOf(ks[i]!), sideOf(ks[j]!));
      order.push({ a: ks[i]!, b: ks[j]!, size: (ka + 1) * (kb + 1) * (kab + 1) });
    }
  }
  order.sort((x, y) => x.size - y.size || x.a - y.a || x.b - y.b);
  const now = budget.now ?? Date.now;
  const pairs: { a: number; b: number; bound: number; optimal: boolean }[] = [];
  const inPart = new Set(ks);
  const given = knownPairs.filter((p) => inPart.has(p.a) && inPart.has(p.b) && p.a !== p.b);
  const givenBound = (a: number, b: number): number => Math.max(0, ...given.filter((p) => (p.a === a && p.b === b) || (p.a === b && p.b === a)).map((p) => p.bound));
  let expanded = 0;
  for (const { a, b } of order) {
    if (budget.deadline !== undefined && now() > budget.deadline) break;
    const from = givenBound(a, b);
    const r = jointSearch([sideOf(a), sideOf(b)], inst.endWindows, {
      ...(from > 0 ? { from } : {}),
      targets: budget.targets ?? 6,
      maxLayer: budget.maxLayer ?? 3_000_000,
      maxStates: budget.maxStates ?? 300_000_000,
      ...(budget.deadline !== undefined ? { deadline: budget.deadline } : {}),
      now,
    });
    if (!r) continue;
    expanded += r.expanded;
    // the search's singles are the exact single minima too: keep the larger of the two readings
    singles.set(a, Math.max(singles.get(a)!, r.singles[0]!));
    singles.set(b, Math.max(singles.get(b)!, r.singles[1]!));
    // r.bound holds only what was searched whole (a cut layer or the budget ends the proof)
    pairs.push({ a, b, bound: r.bound, optimal: r.optimal });
    if (budget.goal !== undefined && Math.max(known, combine()) >= budget.goal) break;
  }
  return { bound: Math.max(known, combine()), singles, pairs, expanded };

  /** Σ singles + the gains of disjoint pairs (searched and given), the best set of them. */
  function combine(): number {
    return combinePairBounds(singles, [...given, ...pairs]);
  }
}
