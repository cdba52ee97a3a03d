/**
 * Incremental evaluation state of a sequence, the engine of the optimizer. Positions are
 * "combined": the kept tail of day D-1 first (T units, enough to fill every window that crosses
 * into day D, and the last colour), then the day's units. For every ratio constraint it keeps the
 * count of option units in every counted window, so the cost change of a move is computed in
 * O(P) per constraint whose flag differs (the O(q) deltas of the ROADEF 2005 winners, Estellon,
 * Gardi & Nouioua, EJOR 2008), and it keeps same-colour run lengths so the paint batch limit is
 * checked in O(1) for a swap. Counting rules are those of evaluate.ts; typed arrays only, and no
 * allocation once built.
 */
import { optionMask, type SequencingInstance } from "./model.js";

/** Sentinel delta of a move that would break the paint batch limit. */
export const INFEASIBLE = Number.POSITIVE_INFINITY;

export class SequenceState {
  /** Units of the day in the sequence. */
  readonly n: number;
  /** Tail units of day D-1 kept in front. */
  readonly T: number;
  readonly total: number;
  /** Combined position → unit id (ids < day.length are day units; larger ids are tail units). */
  readonly seq: Int32Array;
  readonly pmask: Int32Array;
  readonly pcol: Int32Array;
  private readonly umask: Int32Array;
  private readonly ucol: Int32Array;
  readonly K: number;
  private readonly cN: Int32Array;
  private readonly cP: Int32Array;
  private readonly cW: Float64Array;
  private readonly cHigh: Uint8Array;
  private readonly cGainMax: Float64Array;
  /** Constraints with a non-zero weight (the others are skipped when evaluating). */
  private active = 0;
  private readonly sMin: Int32Array;
  private readonly sMax: Int32Array;
  private readonly cnt: Int32Array;
  private readonly runL: Int32Array;
  private readonly runR: Int32Array;
  readonly limit: number;
  private readonly runSpan: number;
  /** No paint batch limit: run lengths are neither checked nor kept up to date (O(distance) per swap otherwise). */
  private readonly unlimited: boolean;
  private wP: number;
  private readonly pccStart: number;
  private readonly tmp: Int32Array;
  private readonly pre: Int32Array;
  private readonly nmask: Int32Array;
  private ra = 0;
  private rb = -1;
  hprc = 0;
  lprc = 0;
  pcc = 0;
  private wH: number;
  private wL: number;

  /** Builds the state for `order` (day unit indices in line order; a subset of the day is allowed). */
  constructor(inst: SequencingInstance, order: ArrayLike<number>) {
    const nDay = inst.day.length;
    this.n = order.length;
    const maxP = inst.constraints.reduce((m, c) => Math.max(m, c.window), 1);
    const tailLen = inst.previousDay.length;
    this.T = tailLen === 0 ? 0 : Math.min(tailLen, Math.max(1, maxP - 1));
    const T = this.T;
    this.total = T + this.n;
    const total = this.total;
    this.umask = new Int32Array(nDay + T);
    this.ucol = new Int32Array(nDay + T);
    inst.day.forEach((u, i) => {
      this.umask[i] = optionMask(u);
      this.ucol[i] = u.colour;
    });
    for (let t = 0; t < T; t++) {
      const u = inst.previousDay[tailLen - T + t]!;
      this.umask[nDay + t] = optionMask(u);
      this.ucol[nDay + t] = u.colour;
    }
    this.seq = new Int32Array(total);
    this.pmask = new Int32Array(total);
    this.pcol = new Int32Array(total);
    for (let t = 0; t < T; t++) this.seq[t] = nDay + t;
    for (let i = 0; i < this.n; i++) this.seq[T + i] = order[i]!;
    for (let c = 0; c < total; c++) {
      this.pmask[c] = this.umask[this.seq[c]!]!;
      this.pcol[c] = this.ucol[this.seq[c]!]!;
    }
    const K = (this.K = inst.constraints.length);
    this.cN = new Int32Array(K);
    this.cP = new Int32Array(K);
    this.cW = new Float64Array(K);
    this.cHigh = new Uint8Array(K);
    this.cGainMax = new Float64Array(K);
    this.sMin = new Int32Array(K);
    this.sMax = new Int32Array(K);
    this.wH = inst.weights.hprc;
    this.wL = inst.weights.lprc;
    inst.constraints.forEach((c, k) => {
      this.cN[k] = c.max;
      this.cP[k] = c.window;
      this.cHigh[k] = c.priority === "high" ? 1 : 0;
      this.cW[k] = c.priority === "high" ? this.wH : this.wL;
      this.cGainMax[k] = 2 * c.window * this.cW[k]!;
      // ROADEF subject 1.2.3 as read in README 2.5: windows start up to P-1 units inside D-1.
      this.sMin[k] = Math.max(0, T - (c.window - 1));
      this.sMax[k] = inst.endWindows === "truncated" ? total - 1 : total - c.window;
    });
    for (let k = 0; k < K; k++) if (this.cW[k] !== 0) this.active |= 1 << k;
    this.cnt = new Int32Array(Math.max(1, K * total));
    const prefix = new Int32Array(total + 1);
    for (let k = 0; k < K; k++) {
      for (let c = 0; c < total; c++) prefix[c + 1] = prefix[c]! + ((this.pmask[c]! >> k) & 1);
      const P = this.cP[k]!;
      const N = this.cN[k]!;
      for (let s = this.sMin[k]!; s <= this.sMax[k]!; s++) {
        const v = prefix[Math.min(s + P, total)]! - prefix[s]!;
        this.cnt[k * total + s] = v;
        if (v > N) {
          if (this.cHigh[k]) this.hprc += v - N;
          else this.lprc += v - N;
        }
      }
    }
    this.limit = inst.paintBatchLimit ?? total + 1;
    this.unlimited = inst.paintBatchLimit === null;
    this.wP = inst.weights.pcc;
    this.pccStart = Math.max(T, 1);
    for (let c = this.pccStart; c < total; c++) if (this.pcol[c] !== this.pcol[c - 1]) this.pcc++;
    this.runL = new Int32Array(total);
    this.runR = new Int32Array(total);
    let longest = 0;
    for (let c = T; c < total; c++) {
      this.runL[c] = c > T && this.pcol[c - 1] === this.pcol[c] ? this.runL[c - 1]! + 1 : 1;
      if (this.runL[c]! > longest) longest = this.runL[c]!;
    }
    for (let c = total - 1; c >= T; c--) this.runR[c] = c + 1 < total && this.pcol[c + 1] === this.pcol[c] ? this.runR[c + 1]! + 1 : 1;
    this.runSpan = Math.max(this.limit, longest) + 2;
    this.tmp = new Int32Array(total);
    this.pre = new Int32Array(total + 1);
    this.nmask = new Int32Array(total);
  }

  /** Weighted objective of the current sequence. */
  cost(): number {
    return this.wH * this.hprc + this.wL * this.lprc + this.wP * this.pcc;
  }

  /**
   * Changes the weights of the three parts (the optimizer's phases optimize the first-ranked part
   * alone, then the first two, then all three); counts are unchanged.
   */
  setWeights(wH: number, wL: number, wP: number): void {
    this.wH = wH;
    this.wL = wL;
    this.wP = wP;
    this.active = 0;
    for (let k = 0; k < this.K; k++) {
      this.cW[k] = this.cHigh[k] ? wH : wL;
      this.cGainMax[k] = 2 * this.cP[k]! * this.cW[k]!;
      if (this.cW[k] !== 0) this.active |= 1 << k;
    }
  }

  /** Bit mask of the high-priority constraints (the rest are low priority). */
  highMask(): number {
    let m = 0;
    for (let k = 0; k < this.K; k++) if (this.cHigh[k]) m |= 1 << k;
    return m;
  }

  /**
   * True when the unit at combined position c has the option of a constraint in `filter` and lies
   * in one of its violated windows: moving it is a repair candidate. O(P) per such constraint.
   */
  inViolation(c: number, filter: number): boolean {
    let dm = this.pmask[c]! & filter;
    const total = this.total;
    while (dm !== 0) {
      const b = dm & -dm;
      dm ^= b;
      const k = 31 - Math.clz32(b);
      const N = this.cN[k]!;
      const base = k * total;
      const hi = base + Math.min(this.sMax[k]!, c);
      for (let s = base + Math.max(this.sMin[k]!, c - this.cP[k]! + 1); s <= hi; s++) if (this.cnt[s]! > N) return true;
    }
    return false;
  }

  /** Longest same-colour run inside the day. */
  longestRun(): number {
    // from the colours themselves: without a limit the kept run lengths are not maintained
    let m = 0;
    for (let c = this.T, run = 0; c < this.total; c++) {
      run = c > this.T && this.pcol[c - 1] === this.pcol[c] ? run + 1 : 1;
      if (run > m) m = run;
    }
    return m;
  }

  /** The day part of the sequence, as day unit indices. */
  order(): number[] {
    return Array.from(this.seq.subarray(this.T));
  }

  /** Cost change of swapping the units at combined positions i and j (both ≥ T), or INFINITE. */
  evalSwap(i: number, j: number): number {
    if (i > j) {
      const x = i;
      i = j;
      j = x;
    }
    const mi = this.pmask[i]!;
    const mj = this.pmask[j]!;
    let d = 0;
    const ci = this.pcol[i]!;
    const cj = this.pcol[j]!;
    if (ci !== cj && this.unlimited) d += this.wP * this.swapPccDelta(i, j, ci, cj);
    else if (ci !== cj) {
      const runI = 1 + (i - 1 >= this.T && this.pcol[i - 1] === cj ? this.runL[i - 1]! : 0) + (i + 1 < j && this.pcol[i + 1] === cj ? Math.min(this.runR[i + 1]!, j - i - 1) : 0);
      if (runI > this.limit) return INFEASIBLE;
      const runJ = 1 + (j - 1 > i && this.pcol[j - 1] === ci ? Math.min(this.runL[j - 1]!, j - 1 - i) : 0) + (j + 1 < this.total && this.pcol[j + 1] === ci ? this.runR[j + 1]! : 0);
      if (runJ > this.limit) return INFEASIBLE;
      d += this.wP * this.swapPccDelta(i, j, ci, cj);
    }
    // constraints weighing nothing in the current phase cannot change the delta
    let dm = (mi ^ mj) & this.active;
    if (d > 0) {
      // cheap rejection: the ratio part cannot win back more than 2P windows per differing constraint
      let gain = 0;
      for (let m = dm; m !== 0; m &= m - 1) gain += this.cGainMax[31 - Math.clz32(m & -m)]!;
      if (d > gain) return d;
    }
    const total = this.total;
    const cnt = this.cnt;
    while (dm !== 0) {
      const b = dm & -dm;
      dm ^= b;
      const k = 31 - Math.clz32(b);
      const N = this.cN[k]!;
      const P = this.cP[k]!;
      const base = k * total;
      const sMin = this.sMin[k]!;
      const sMax = this.sMax[k]!;
      const lo1 = base + Math.max(sMin, i - P + 1);
      const hi1 = base + Math.min(sMax, i, j - P);
      const lo2 = base + Math.max(sMin, j - P + 1, i + 1);
      const hi2 = base + Math.min(sMax, j);
      let a = 0;
      if ((mj & b) !== 0) {
        // i gains the option, j loses it
        for (let s = lo1; s <= hi1; s++) if (cnt[s]! >= N) a++;
        for (let s = lo2; s <= hi2; s++) if (cnt[s]! > N) a--;
      } else {
        for (let s = lo1; s <= hi1; s++) if (cnt[s]! > N) a--;
        for (let s = lo2; s <= hi2; s++) if (cnt[s]! >= N) a++;
      }
      d += this.cW[k]! * a;
    }
    return d;
  }

  private swapPccDelta(i: number, j: number, ci: number, cj: number): number {
    let d = 0;
    const pc = this.pcol;
    for (let q = 0; q < 4; q++) {
      const c = q === 0 ? i : q === 1 ? i + 1 : q === 2 ? j : j + 1;
      if (q === 2 && j === i + 1) continue;
      if (c < this.pccStart || c >= this.total) continue;
      const o0 = pc[c - 1]!;
      const o1 = pc[c]!;
      const n0 = c - 1 === i ? cj : c - 1 === j ? ci : o0;
      const n1 = c === i ? cj : c === j ? ci : o1;
      d += (n0 !== n1 ? 1 : 0) - (o0 !== o1 ? 1 : 0);
    }
    return d;
  }

  /** Swaps the units at combined positions i and j and updates every count. */
  applySwap(i: number, j: number): void {
    if (i > j) {
      const x = i;
      i = j;
      j = x;
    }
    const mi = this.pmask[i]!;
    const mj = this.pmask[j]!;
    const ci = this.pcol[i]!;
    const cj = this.pcol[j]!;
    if (ci !== cj) this.pcc += this.swapPccDelta(i, j, ci, cj);
    let dm = mi ^ mj;
    const total = this.total;
    while (dm !== 0) {
      const b = dm & -dm;
      dm ^= b;
      const k = 31 - Math.clz32(b);
      const P = this.cP[k]!;
      const base = k * total;
      const di = (mj & b) !== 0 ? 1 : -1;
      this.bump(k, base + Math.max(this.sMin[k]!, i - P + 1), base + Math.min(this.sMax[k]!, i, j - P), di);
      this.bump(k, base + Math.max(this.sMin[k]!, j - P + 1, i + 1), base + Math.min(this.sMax[k]!, j), -di);
    }
    const u = this.seq[i]!;
    this.seq[i] = this.seq[j]!;
    this.seq[j] = u;
    this.pmask[i] = mj;
    this.pmask[j] = mi;
    this.pcol[i] = cj;
    this.pcol[j] = ci;
    if (ci !== cj && !this.unlimited) {
      if (j - i < 2 * this.runSpan) this.fixRuns(i, j);
      else {
        this.fixRuns(i, i);
        this.fixRuns(j, j);
      }
    }
  }

  /** Adds `d` to the window counts in [lo, hi] (absolute indices) of constraint k, keeping the sums. */
  private bump(k: number, lo: number, hi: number, d: number): void {
    const N = this.cN[k]!;
    const cnt = this.cnt;
    let ch = 0;
    for (let s = lo; s <= hi; s++) {
      const c = cnt[s]!;
      const nc = c + d;
      cnt[s] = nc;
      ch += (nc > N ? nc - N : 0) - (c > N ? c - N : 0);
    }
    if (this.cHigh[k]) this.hprc += ch;
    else this.lprc += ch;
  }

  /** Recomputes run lengths around [a, b] after their colours changed. */
  private fixRuns(a: number, b: number): void {
    const T = this.T;
    const pc = this.pcol;
    const lo = a - 1 >= T ? a - this.runL[a - 1]! : a;
    const hi = b + 1 < this.total ? b + this.runR[b + 1]! : b;
    for (let c = lo; c <= hi; c++) this.runL[c] = c > T && pc[c - 1] === pc[c] ? this.runL[c - 1]! + 1 : 1;
    for (let c = hi; c >= lo; c--) this.runR[c] = c + 1 < this.total && pc[c + 1] === pc[c] ? this.runR[c + 1]! + 1 : 1;
  }

  /** Prepares moving the unit at `from` to position `to`, shifting the units between (combined positions ≥ T). */
  prepareShift(from: number, to: number): void {
    const tmp = this.tmp;
    const seq = this.seq;
    if (from < to) {
      this.ra = from;
      this.rb = to;
      for (let c = from; c < to; c++) tmp[c - from] = seq[c + 1]!;
      tmp[to - from] = seq[from]!;
    } else {
      this.ra = to;
      this.rb = from;
      tmp[0] = seq[from]!;
      for (let c = to + 1; c <= from; c++) tmp[c - to] = seq[c - 1]!;
    }
  }

  /** Prepares reversing the block [a, b]. */
  prepareReverse(a: number, b: number): void {
    this.ra = a;
    this.rb = b;
    for (let c = a; c <= b; c++) this.tmp[c - a] = this.seq[a + b - c]!;
  }

  /** Prepares an arbitrary rewrite of [a, b]: `units` holds the new unit ids, a permutation of the current ones. */
  prepareRewrite(a: number, units: ArrayLike<number>): void {
    this.ra = a;
    this.rb = a + units.length - 1;
    for (let p = 0; p < units.length; p++) this.tmp[p] = units[p]!;
  }

  /** Cost change of the prepared block rewrite, or INFEASIBLE. O(len + P) per differing constraint. */
  evalPrepared(): number {
    return this.rangeDelta(false);
  }

  /** Applies the prepared block rewrite. */
  applyPrepared(): void {
    this.rangeDelta(true);
    const a = this.ra;
    for (let c = a; c <= this.rb; c++) {
      const u = this.tmp[c - a]!;
      this.seq[c] = u;
      this.pmask[c] = this.umask[u]!;
      this.pcol[c] = this.ucol[u]!;
    }
    if (!this.unlimited) this.fixRuns(a, this.rb);
  }

  private rangeDelta(apply: boolean): number {
    const a = this.ra;
    const b = this.rb;
    const len = b - a + 1;
    const tmp = this.tmp;
    const umask = this.umask;
    const ucol = this.ucol;
    let d = 0;
    // paint: runs and colour changes of the rewritten block
    let colourDiff = false;
    for (let p = 0; p < len; p++) if (ucol[tmp[p]!] !== this.pcol[a + p]) colourDiff = true;
    if (colourDiff) {
      const pc = this.pcol;
      if (!this.unlimited) {
        let prev = ucol[tmp[0]!]!;
        let run = 1 + (a - 1 >= this.T && pc[a - 1] === prev ? this.runL[a - 1]! : 0);
        if (run > this.limit) return INFEASIBLE;
        for (let p = 1; p < len; p++) {
          const c = ucol[tmp[p]!]!;
          run = c === prev ? run + 1 : 1;
          if (run > this.limit) return INFEASIBLE;
          prev = c;
        }
        if (b + 1 < this.total && pc[b + 1] === prev && run + this.runR[b + 1]! > this.limit) return INFEASIBLE;
      }
      let dp = 0;
      for (let c = Math.max(a, this.pccStart); c <= b + 1 && c < this.total; c++) {
        const o = pc[c - 1] !== pc[c] ? 1 : 0;
        const n0 = c - 1 >= a ? ucol[tmp[c - 1 - a]!]! : pc[c - 1]!;
        const n1 = c <= b ? ucol[tmp[c - a]!]! : pc[c]!;
        dp += (n0 !== n1 ? 1 : 0) - o;
      }
      d += this.wP * dp;
      if (apply) this.pcc += dp;
    }
    let dm = 0;
    const nm = this.nmask;
    const pm = this.pmask;
    for (let p = 0; p < len; p++) {
      const m = umask[tmp[p]!]!;
      nm[p] = m;
      dm |= m ^ pm[a + p]!;
    }
    if (!apply) dm &= this.active;
    const pre = this.pre;
    const cnt = this.cnt;
    const total = this.total;
    while (dm !== 0) {
      const bit = dm & -dm;
      dm ^= bit;
      const k = 31 - Math.clz32(bit);
      const N = this.cN[k]!;
      const P = this.cP[k]!;
      pre[0] = 0;
      for (let p = 0, acc = 0; p < len; p++) {
        acc += ((nm[p]! >>> k) & 1) - ((pm[a + p]! >>> k) & 1);
        pre[p + 1] = acc;
      }
      const lo = Math.max(this.sMin[k]!, a - P + 1);
      const hi = Math.min(this.sMax[k]!, b);
      const base = k * total;
      let ch = 0;
      // windows holding the whole block keep their count (the block is only reordered): skip them
      const skipLo = Math.max(lo, b - P + 1);
      const skipHi = Math.min(hi, a);
      for (let s = lo; s <= hi; s++) {
        if (s === skipLo && skipLo <= skipHi) {
          s = skipHi;
          continue;
        }
        const e = Math.min(s + P - 1, total - 1);
        const x = s > a ? s - a : 0;
        const y = (e < b ? e : b) - a + 1;
        const dc = pre[y]! - pre[x]!;
        if (dc === 0) continue;
        const c = cnt[base + s]!;
        const nc = c + dc;
        ch += (nc > N ? nc - N : 0) - (c > N ? c - N : 0);
        if (apply) cnt[base + s] = nc;
      }
      d += this.cW[k]! * ch;
      if (apply) {
        if (this.cHigh[k]) this.hprc += ch;
        else this.lprc += ch;
      }
    }
    return d;
  }
}
