/**
 * A d-DNNF (deterministic, decomposable negation normal form) solution space, read from c2d's
 * `.nnf` format (`nnf v e n`, then `L lit`, `A k c…`, `O j k c…` lines; children precede parents,
 * the last node is the root). It answers the same questions as the BDD `Space` with the same
 * single-pass technique: counting needs smoothness, so every OR edge carries the list of
 * variables its child does not mention (its "gap"), each worth a factor 2 while unassigned.
 *
 * Why here: our BDD compiler does not finish Automotive01 within a useful budget (docs/configurator.md),
 * while a d-DNNF of it (compiled by c2d, shipped with ddnnife's test data) has 12,919 nodes.
 * Assignments are per 0-based variable: -1 free, 0 or 1 fixed.
 */
import { ValidationError } from "../kernel/index.js";

const LIT = 0;
const AND = 1;
const OR = 2;

export class DdnnfSpace {
  readonly numVars: number;
  readonly size: number;
  private readonly kind: Uint8Array;
  /** Literal (signed, 1-based) of a leaf. */
  private readonly lit: Int32Array;
  private readonly childStart: Int32Array;
  private readonly children: Int32Array;
  /** Gap variables (0-based) per OR edge, as ranges into `gapVars`. */
  private readonly gapStart: Int32Array;
  private readonly gapVars: Int32Array;
  /** Variables the root does not mention. */
  private readonly rootGap: Int32Array;
  private readonly sat: Uint8Array;
  private readonly reach: Uint8Array;

  private constructor(numVars: number, kind: Uint8Array, lit: Int32Array, childStart: Int32Array, children: Int32Array, gapStart: Int32Array, gapVars: Int32Array, rootGap: Int32Array) {
    this.numVars = numVars;
    this.size = kind.length;
    this.kind = kind;
    this.lit = lit;
    this.childStart = childStart;
    this.children = children;
    this.gapStart = gapStart;
    this.gapVars = gapVars;
    this.rootGap = rootGap;
    this.sat = new Uint8Array(this.size);
    this.reach = new Uint8Array(this.size);
  }

  /**
   * A d-DNNF given as typed arrays (as `compileDdnnf` emits it): nodes children first, the root
   * last; per edge a range of gap variables (0-based; only OR edges have gaps) that the child does
   * not mention but its OR parent does; `rootGap` the variables the root does not mention.
   */
  static fromArrays(d: { numVars: number; kind: Uint8Array; lit: Int32Array; childStart: Int32Array; children: Int32Array; gapStart: Int32Array; gapVars: Int32Array; rootGap: Int32Array }): DdnnfSpace {
    const n = d.kind.length;
    const bad = (m: string): never => {
      throw new ValidationError(`d-DNNF arrays: ${m}`, [{ path: "/", message: m }]);
    };
    if (n === 0) bad("no nodes");
    if (d.childStart.length !== n + 1 || d.childStart[n] !== d.children.length) bad("childStart must have one entry per node plus the end");
    if (d.gapStart.length !== d.children.length + 1 || d.gapStart[d.children.length] !== d.gapVars.length) bad("gapStart must have one entry per edge plus the end");
    for (let i = 0; i < n; i++)
      for (let e = d.childStart[i]!; e < d.childStart[i + 1]!; e++) if (!(d.children[e]! >= 0 && d.children[e]! < i)) bad(`node ${i}: child ${d.children[e]} is not an earlier node`);
    return new DdnnfSpace(d.numVars, d.kind, d.lit, d.childStart, d.children, d.gapStart, d.gapVars, d.rootGap);
  }

  /** Parses c2d's `.nnf` text. */
  static parse(src: string): DdnnfSpace {
    const lines = src.split(/\r?\n/).filter((l) => l.trim());
    const head = /^nnf\s+(\d+)\s+(\d+)\s+(\d+)/.exec(lines[0] ?? "");
    if (!head) throw new ValidationError("d-DNNF: missing 'nnf v e n' header", [{ path: "/line/1", message: "bad header" }]);
    const n = Number(head[1]);
    const numVars = Number(head[3]);
    const kind = new Uint8Array(n);
    const lit = new Int32Array(n);
    const childStart = new Int32Array(n + 1);
    const kids: number[] = [];
    const words = Math.ceil(numVars / 32);
    const vars = new Uint32Array(n * words);
    for (let i = 0; i < n; i++) {
      const t = (lines[i + 1] ?? "").trim().split(/\s+/);
      childStart[i] = kids.length;
      const base = i * words;
      if (t[0] === "L") {
        kind[i] = LIT;
        lit[i] = Number(t[1]);
        const v = Math.abs(lit[i]!) - 1;
        vars[base + (v >>> 5)]! |= 1 << (v & 31);
        continue;
      }
      const isOr = t[0] === "O";
      if (!isOr && t[0] !== "A") throw new ValidationError(`d-DNNF line ${i + 2}: unknown node ${t[0]}`, [{ path: `/line/${i + 2}`, message: "unknown node" }]);
      kind[i] = isOr ? OR : AND;
      const k = Number(t[isOr ? 2 : 1]);
      for (let j = 0; j < k; j++) {
        const c = Number(t[(isOr ? 3 : 2) + j]);
        if (!(c >= 0 && c < i)) throw new ValidationError(`d-DNNF line ${i + 2}: child ${c} is not an earlier node`, [{ path: `/line/${i + 2}`, message: "bad child" }]);
        kids.push(c);
        for (let w = 0; w < words; w++) vars[base + w]! |= vars[c * words + w]!;
      }
    }
    childStart[n] = kids.length;
    const children = Int32Array.from(kids);
    const gapStart = new Int32Array(children.length + 1);
    const gaps: number[] = [];
    for (let i = 0; i < n; i++)
      for (let e = childStart[i]!; e < childStart[i + 1]!; e++) {
        gapStart[e] = gaps.length;
        if (kind[i] !== OR) continue;
        const c = children[e]!;
        for (let w = 0; w < words; w++) {
          let diff = vars[i * words + w]! & ~vars[c * words + w]!;
          while (diff) {
            const b = 31 - Math.clz32(diff & -diff);
            gaps.push(w * 32 + b);
            diff &= diff - 1;
          }
        }
      }
    gapStart[children.length] = gaps.length;
    const rootGap: number[] = [];
    for (let v = 0; v < numVars; v++) if (!(vars[(n - 1) * words + (v >>> 5)]! & (1 << (v & 31)))) rootGap.push(v);
    return new DdnnfSpace(numVars, kind, lit, childStart, children, gapStart, Int32Array.from(gaps), Int32Array.from(rootGap));
  }

  private markSat(a: Int8Array): boolean {
    const { kind, lit, childStart, children, sat } = this;
    for (let i = 0; i < this.size; i++) {
      if (kind[i] === LIT) {
        const l = lit[i]!;
        const x = a[Math.abs(l) - 1]!;
        sat[i] = x === -1 || x === (l > 0 ? 1 : 0) ? 1 : 0;
      } else if (kind[i] === AND) {
        let s = 1;
        for (let e = childStart[i]!; e < childStart[i + 1]! && s; e++) s = sat[children[e]!]!;
        sat[i] = s;
      } else {
        let s = 0;
        for (let e = childStart[i]!; e < childStart[i + 1]! && !s; e++) s = sat[children[e]!]!;
        sat[i] = s;
      }
    }
    return sat[this.size - 1] === 1;
  }

  satisfiable(a: Int8Array): boolean {
    return this.markSat(a);
  }

  /** Counts under the empty assignment, computed once: nodes a query does not touch keep them. */
  private base: bigint[] | null = null;

  /**
   * Exact number of total assignments extending `a`. Only the nodes whose sub-graph mentions an
   * assigned variable (as a literal or an OR-edge gap) are recounted, in bigints; the others keep
   * their count under the empty assignment, so a query on a few variables costs one integer pass
   * over the graph plus bigint work on the affected nodes.
   */
  count(a: Int8Array): bigint {
    // The base pass uses `sat` too, so it runs before this query's satisfiability pass.
    const base = (this.base ??= this.countAll(new Int8Array(this.numVars).fill(-1)));
    if (!this.markSat(a)) return 0n;
    const { kind, lit, childStart, children, sat, gapStart, gapVars } = this;
    const dirty = this.reach;
    const cnt: bigint[] = new Array<bigint>(this.size);
    for (let i = 0; i < this.size; i++) {
      let d = 0;
      if (kind[i] === LIT) d = a[Math.abs(lit[i]!) - 1] === -1 ? 0 : 1;
      else
        for (let e = childStart[i]!; e < childStart[i + 1]!; e++) {
          if (dirty[children[e]!]) {
            d = 1;
            break;
          }
          for (let g = gapStart[e]!; g < gapStart[e + 1]!; g++)
            if (a[gapVars[g]!] !== -1) {
              d = 1;
              break;
            }
          if (d) break;
        }
      dirty[i] = d;
      if (!d || !sat[i]) continue;
      if (kind[i] === LIT) cnt[i] = 1n;
      else if (kind[i] === AND) {
        let p = 1n;
        for (let e = childStart[i]!; e < childStart[i + 1]!; e++) {
          const c = children[e]!;
          p *= dirty[c] ? cnt[c]! : base[c]!;
        }
        cnt[i] = p;
      } else {
        let s = 0n;
        for (let e = childStart[i]!; e < childStart[i + 1]!; e++) {
          const c = children[e]!;
          if (!sat[c]) continue;
          let free = 0;
          for (let g = gapStart[e]!; g < gapStart[e + 1]!; g++) if (a[gapVars[g]!] === -1) free++;
          const x = dirty[c] ? cnt[c]! : base[c]!;
          s += free === 0 ? x : x << BigInt(free);
        }
        cnt[i] = s;
      }
    }
    const root = this.size - 1;
    let free = 0;
    for (const v of this.rootGap) if (a[v] === -1) free++;
    return (dirty[root] ? cnt[root]! : base[root]!) << BigInt(free);
  }

  /** Count of every node under `a` (unsatisfiable nodes 0n), one bigint pass. */
  private countAll(a: Int8Array): bigint[] {
    this.markSat(a);
    const { kind, childStart, children, sat, gapStart, gapVars } = this;
    const cnt: bigint[] = new Array<bigint>(this.size).fill(0n);
    for (let i = 0; i < this.size; i++) {
      if (!sat[i]) continue;
      if (kind[i] === LIT) cnt[i] = 1n;
      else if (kind[i] === AND) {
        let p = 1n;
        for (let e = childStart[i]!; e < childStart[i + 1]!; e++) p *= cnt[children[e]!]!;
        cnt[i] = p;
      } else {
        let s = 0n;
        for (let e = childStart[i]!; e < childStart[i + 1]!; e++) {
          const c = children[e]!;
          if (!sat[c]) continue;
          let free = 0;
          for (let g = gapStart[e]!; g < gapStart[e + 1]!; g++) if (a[gapVars[g]!] === -1) free++;
          s += cnt[c]! << BigInt(free);
        }
        cnt[i] = s;
      }
    }
    return cnt;
  }

  /** For every variable, whether 0 / 1 is still valid under `a`; null when `a` has no solution. */
  validLiterals(a: Int8Array): { can0: Uint8Array; can1: Uint8Array } | null {
    if (!this.markSat(a)) return null;
    const { kind, lit, childStart, children, sat, reach, gapStart, gapVars } = this;
    const can0 = new Uint8Array(this.numVars);
    const can1 = new Uint8Array(this.numVars);
    const free = (v: number): void => {
      const x = a[v]!;
      if (x !== 1) can0[v] = 1;
      if (x !== 0) can1[v] = 1;
    };
    this.rootGap.forEach(free);
    reach.fill(0);
    reach[this.size - 1] = 1;
    // Parents come after children, so a reverse sweep visits every parent before its children.
    for (let i = this.size - 1; i >= 0; i--) {
      if (!reach[i] || !sat[i]) continue;
      if (kind[i] === LIT) {
        const l = lit[i]!;
        if (l > 0) can1[l - 1] = 1;
        else can0[-l - 1] = 1;
        continue;
      }
      for (let e = childStart[i]!; e < childStart[i + 1]!; e++) {
        const c = children[e]!;
        if (!sat[c]) continue;
        reach[c] = 1;
        for (let g = gapStart[e]!; g < gapStart[e + 1]!; g++) free(gapVars[g]!);
      }
    }
    return { can0, can1 };
  }

  /** Total gap variables over all OR edges (the price of smoothing, paid per query). */
  get gapSize(): number {
    return this.gapVars.length;
  }
}
