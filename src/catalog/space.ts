/**
 * Queries on a compiled solution space (one BDD root), each a single linear pass over the
 * nodes reachable from the root: no search, hence no backtracking and a response time bounded by
 * the BDD size. Assignments are per level: -1 free, 0 or 1 fixed.
 *
 * The valid-domain pass follows Hadzic, Jensen & Andersen, "Calculating valid domains for
 * BDD-based interactive configuration" (2007): a value of a variable is valid iff some path from
 * the root to TRUE that agrees with the assignment either tests the variable with that value or
 * skips its level (a skipped level is free).
 */
import { type Bdd, FALSE, TRUE } from "./bdd.js";

export class Space {
  /** Nodes reachable from the root, children before parents (ids grow from leaves to root). */
  readonly nodes: Int32Array;
  private readonly ok: Uint8Array;
  private readonly reach: Uint8Array;

  constructor(
    readonly bdd: Bdd,
    readonly root: number,
  ) {
    const seen = new Uint8Array(bdd.size);
    const stack = [root];
    const list: number[] = [];
    while (stack.length) {
      const u = stack.pop()!;
      if (u <= TRUE || seen[u]) continue;
      seen[u] = 1;
      list.push(u);
      stack.push(bdd.lo[u]!, bdd.hi[u]!);
    }
    this.nodes = Int32Array.from(list).sort();
    this.ok = new Uint8Array(bdd.size);
    this.reach = new Uint8Array(bdd.size);
  }

  get numVars(): number {
    return this.bdd.numVars;
  }

  /** Nodes of the diagram, terminals included. */
  get size(): number {
    return this.nodes.length + 2;
  }

  /** Marks `ok[u]` = some path from u to TRUE agrees with `a`. Returns ok[root]. */
  private markOk(a: Int8Array): boolean {
    const { level, lo, hi } = this.bdd;
    const ok = this.ok;
    ok[FALSE] = 0;
    ok[TRUE] = 1;
    for (const u of this.nodes) {
      const x = a[level[u]!]!;
      ok[u] = x === 1 ? ok[hi[u]!]! : x === 0 ? ok[lo[u]!]! : ok[lo[u]!]! | ok[hi[u]!]!;
    }
    return ok[this.root] === 1;
  }

  /** True when the assignment extends to at least one solution. */
  satisfiable(a: Int8Array): boolean {
    return this.markOk(a);
  }

  /**
   * For every variable, whether value 0 / value 1 is still valid under `a`;
   * null when `a` itself has no solution.
   */
  validLiterals(a: Int8Array): { can0: Uint8Array; can1: Uint8Array } | null {
    if (!this.markOk(a)) return null;
    const n = this.numVars;
    const { level, lo, hi } = this.bdd;
    const ok = this.ok;
    const reach = this.reach;
    const can0 = new Uint8Array(n);
    const can1 = new Uint8Array(n);
    // free[l] += 1 at start, −1 after end: a difference array of level ranges skipped by edges.
    const free = new Int32Array(n + 1);
    const root = this.root;
    free[0] = 1;
    free[level[root]!] = free[level[root]!]! - 1;
    reach[root] = 1;
    const nodes = this.nodes;
    for (let i = nodes.length - 1; i >= 0; i--) {
      const u = nodes[i]!;
      if (!reach[u]) continue;
      reach[u] = 0;
      const l = level[u]!;
      const x = a[l]!;
      if (x !== 1) {
        const c = lo[u]!;
        if (ok[c]) {
          can0[l] = 1;
          reach[c] = 1;
          free[l + 1] = free[l + 1]! + 1;
          free[level[c]!] = free[level[c]!]! - 1;
        }
      }
      if (x !== 0) {
        const c = hi[u]!;
        if (ok[c]) {
          can1[l] = 1;
          reach[c] = 1;
          free[l + 1] = free[l + 1]! + 1;
          free[level[c]!] = free[level[c]!]! - 1;
        }
      }
    }
    let run = 0;
    for (let l = 0; l < n; l++) {
      run += free[l]!;
      if (run > 0) {
        // A skipped level takes any value, unless the assignment fixes it.
        const x = a[l]!;
        if (x !== 0) can1[l] = 1;
        if (x !== 1) can0[l] = 1;
      }
    }
    return { can0, can1 };
  }

  /** Exact number of total assignments extending `a` (bigint). */
  count(a: Int8Array): bigint {
    if (!this.markOk(a)) return 0n;
    const n = this.numVars;
    const { level, lo, hi } = this.bdd;
    // freeBefore[l] = number of unfixed levels < l, so a skipped range (p, q) holds freeBefore[q] − freeBefore[p+1].
    const freeBefore = new Int32Array(n + 1);
    for (let l = 0; l < n; l++) freeBefore[l + 1] = freeBefore[l]! + (a[l] === -1 ? 1 : 0);
    const cnt = new Map<number, bigint>();
    cnt.set(TRUE, 1n);
    const ok = this.ok;
    for (const u of this.nodes) {
      if (!ok[u]) continue;
      const l = level[u]!;
      const x = a[l]!;
      let s = 0n;
      if (x !== 1) {
        const c = lo[u]!;
        if (ok[c]) s += cnt.get(c)! << BigInt(freeBefore[level[c]!]! - freeBefore[l + 1]!);
      }
      if (x !== 0) {
        const c = hi[u]!;
        if (ok[c]) s += cnt.get(c)! << BigInt(freeBefore[level[c]!]! - freeBefore[l + 1]!);
      }
      cnt.set(u, s);
    }
    return cnt.get(this.root)! << BigInt(freeBefore[level[this.root]!]!);
  }

  /**
   * A solution extending `a` of least total cost, where `cost1[v]` is paid when variable v is 1
   * (exact shortest path in the DAG). Returns the full assignment, or null if none exists.
   */
  cheapest(a: Int8Array, cost1: Float64Array): Int8Array | null {
    if (!this.markOk(a)) return null;
    const n = this.numVars;
    const { level, lo, hi } = this.bdd;
    const ok = this.ok;
    // Cost of a free level's best value, prefix-summed so a skipped range costs O(1).
    const best = (l: number): number => (a[l] === 1 ? cost1[l]! : a[l] === 0 ? 0 : Math.min(0, cost1[l]!));
    const pre = new Float64Array(n + 1);
    for (let l = 0; l < n; l++) pre[l + 1] = pre[l]! + best(l);
    const skip = (from: number, to: number): number => pre[to]! - pre[from]!;
    const cost = new Map<number, number>([[TRUE, 0]]);
    const pick = new Map<number, number>();
    for (const u of this.nodes) {
      if (!ok[u]) continue;
      const l = level[u]!;
      const x = a[l]!;
      let bc = Infinity;
      let bb = -1;
      for (const b of [0, 1]) {
        if (x !== -1 && x !== b) continue;
        const c = b ? hi[u]! : lo[u]!;
        if (!ok[c]) continue;
        const v = (b ? cost1[l]! : 0) + skip(l + 1, level[c]!) + cost.get(c)!;
        if (v < bc) {
          bc = v;
          bb = b;
        }
      }
      cost.set(u, bc);
      pick.set(u, bb);
    }
    const out = new Int8Array(n).fill(-1);
    let u = this.root;
    while (u > TRUE) {
      const b = pick.get(u)!;
      out[level[u]!] = b;
      u = b ? hi[u]! : lo[u]!;
    }
    for (let l = 0; l < n; l++) if (out[l] === -1) out[l] = a[l] !== -1 ? a[l]! : cost1[l]! < 0 ? 1 : 0;
    return out;
  }
}

/** Follows one full assignment (per level) down `f`: true when it satisfies `f`. */
export function evaluate(bdd: Bdd, f: number, a: ArrayLike<number>): boolean {
  let u = f;
  while (u > TRUE) u = a[bdd.level[u]!] === 1 ? bdd.hi[u]! : bdd.lo[u]!;
  return u === TRUE;
}
