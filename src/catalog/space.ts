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
import type { Bdd } from "./bdd.js";

// The terminals' ids (bdd.ts FALSE / TRUE), as module constants: an imported binding in a hot
// loop costs a getter call per read under some loaders (tsx, vitest).
const FALSE = 0;
const TRUE = 1;

export class Space {
  /**
   * A private copy of the diagram rooted at `root`, renumbered 2…size−1 with children before
   * parents (the root is last): the passes below are plain forward or backward loops over dense
   * typed arrays, with no indirection through the manager's (larger, shared) store.
   */
  private readonly lev: Int32Array;
  private readonly los: Int32Array;
  private readonly his: Int32Array;
  private readonly local: number;
  /** Scratch buffers reused by every query: a step allocates only its two result arrays. */
  private readonly ok: Uint8Array;
  private readonly reach: Uint8Array;
  private readonly m0: Uint8Array;
  private readonly m1: Uint8Array;
  private readonly free: Int32Array;
  private readonly stamp: Int32Array;
  private readonly stack: Int32Array;
  private gen = 0;

  constructor(
    readonly bdd: Bdd,
    readonly root: number,
  ) {
    // Collect the nodes under the root depth-first (−1 unseen, −3 expanded, ≥ 0 numbered), then
    // number them in the manager's id order: children before parents, as the passes need, and after
    // `compact` grouped by level. (A depth-first numbering was measured: 1.6× slower steps.)
    const map = new Int32Array(bdd.size).fill(-1);
    map[FALSE] = FALSE;
    map[TRUE] = TRUE;
    const post: number[] = [];
    const stack: number[] = [];
    if (root > TRUE) stack.push(root);
    while (stack.length) {
      const u = stack[stack.length - 1]!;
      if (map[u]! >= 0) {
        stack.pop();
        continue;
      }
      const h = bdd.hi[u]!;
      const l = bdd.lo[u]!;
      if (map[u] === -3) {
        stack.pop();
        map[u] = post.length + 2;
        post.push(u);
        continue;
      }
      map[u] = -3;
      if (map[h] === -1) stack.push(h);
      if (map[l] === -1) stack.push(l);
    }
    // Renumber in the manager's id order (a topological order; after `compact` also by level).
    post.sort((x, y) => x - y);
    for (let i = 0; i < post.length; i++) map[post[i]!] = i + 2;
    const n = post.length + 2;
    this.lev = new Int32Array(n);
    this.los = new Int32Array(n);
    this.his = new Int32Array(n);
    this.lev[FALSE] = bdd.numVars;
    this.lev[TRUE] = bdd.numVars;
    for (let i = 0; i < post.length; i++) {
      const u = post[i]!;
      const k = i + 2;
      this.lev[k] = bdd.level[u]!;
      this.los[k] = map[bdd.lo[u]!]!;
      this.his[k] = map[bdd.hi[u]!]!;
    }
    this.local = root <= TRUE ? root : n - 1;
    this.ok = new Uint8Array(n);
    this.reach = new Uint8Array(n);
    this.m0 = new Uint8Array(bdd.numVars + 1);
    this.m1 = new Uint8Array(bdd.numVars + 1);
    this.free = new Int32Array(bdd.numVars + 1);
    this.stamp = new Int32Array(n);
    // Each visited node pushes at most two children, so the stack never exceeds 2n.
    this.stack = new Int32Array(2 * n + 2);
  }

  get numVars(): number {
    return this.bdd.numVars;
  }

  /** Nodes of the diagram, terminals included. */
  get size(): number {
    return this.lev.length;
  }

  /** Marks `ok[u]` = some path from u to TRUE agrees with `a`. Returns ok[root]. */
  private markOk(a: Int8Array): boolean {
    const n = this.numVars;
    const m0 = this.m0;
    const m1 = this.m1;
    // m0[l] / m1[l]: the low / high edge of level l agrees with the assignment (branch-free pass).
    for (let l = 0; l < n; l++) {
      const x = a[l]!;
      m0[l] = x === 1 ? 0 : 1;
      m1[l] = x === 0 ? 0 : 1;
    }
    const { lev, los, his, ok } = this;
    ok[FALSE] = 0;
    ok[TRUE] = 1;
    const size = lev.length;
    for (let u = 2; u < size; u++) {
      const l = lev[u]!;
      ok[u] = (ok[los[u]!]! & m0[l]!) | (ok[his[u]!]! & m1[l]!);
    }
    return ok[this.local] === 1;
  }

  /**
   * True when the assignment extends to at least one solution: a depth-first search for a path to
   * TRUE along edges that agree with `a`, each node visited at most once (generation stamps, so
   * nothing is cleared between calls). A satisfiable query usually ends after one root-to-TRUE
   * path; an unsatisfiable one visits only the part of the diagram the assignment leaves open,
   * which is what makes the many checks behind explanations cheap.
   */
  satisfiable(a: Int8Array): boolean {
    const { lev, los, his, stamp } = this;
    if (this.local <= TRUE) return this.local === TRUE;
    let gen = ++this.gen;
    if (gen === 0x7fffffff) {
      stamp.fill(0);
      gen = this.gen = 1;
    }
    const stack = this.stack;
    let sp = 0;
    stack[sp++] = this.local;
    while (sp > 0) {
      const u = stack[--sp]!;
      if (u === TRUE) return true;
      if (u === FALSE || stamp[u] === gen) continue;
      stamp[u] = gen;
      const x = a[lev[u]!]!;
      if (x !== 0) stack[sp++] = his[u]!;
      if (x !== 1) stack[sp++] = los[u]!;
    }
    return false;
  }

  /**
   * For every variable, whether value 0 / value 1 is still valid under `a`;
   * null when `a` itself has no solution.
   */
  validLiterals(a: Int8Array): { can0: Uint8Array; can1: Uint8Array } | null {
    if (!this.markOk(a)) return null;
    const n = this.numVars;
    const { lev, los, his, ok, reach, m0, m1 } = this;
    const can0 = new Uint8Array(n);
    const can1 = new Uint8Array(n);
    // free[l] += 1 at start, −1 after end: a difference array of level ranges skipped by edges.
    const free = this.free;
    free.fill(0);
    const root = this.local;
    free[0] = 1;
    free[lev[root]!] = free[lev[root]!]! - 1;
    reach.fill(0);
    reach[root] = 1;
    for (let u = lev.length - 1; u >= 2; u--) {
      if (reach[u] === 0) continue;
      const l = lev[u]!;
      const c0 = los[u]!;
      if ((ok[c0]! & m0[l]!) !== 0) {
        can0[l] = 1;
        reach[c0] = 1;
        free[l + 1]!++;
        free[lev[c0]!]!--;
      }
      const c1 = his[u]!;
      if ((ok[c1]! & m1[l]!) !== 0) {
        can1[l] = 1;
        reach[c1] = 1;
        free[l + 1]!++;
        free[lev[c1]!]!--;
      }
    }
    let run = 0;
    for (let l = 0; l < n; l++) {
      run += free[l]!;
      if (run > 0) {
        // A skipped level takes any value, unless the assignment fixes it.
        if (m1[l]) can1[l] = 1;
        if (m0[l]) can0[l] = 1;
      }
    }
    return { can0, can1 };
  }

  /** Exact number of total assignments extending `a` (bigint). */
  count(a: Int8Array): bigint {
    if (!this.markOk(a)) return 0n;
    const n = this.numVars;
    const { lev, los, his, ok, m0, m1 } = this;
    // freeBefore[l] = number of unfixed levels < l, so a skipped range (p, q) holds freeBefore[q] − freeBefore[p+1].
    const freeBefore = new Int32Array(n + 1);
    for (let l = 0; l < n; l++) freeBefore[l + 1] = freeBefore[l]! + (a[l] === -1 ? 1 : 0);
    const cnt: bigint[] = new Array<bigint>(lev.length).fill(0n);
    cnt[TRUE] = 1n;
    for (let u = 2; u < lev.length; u++) {
      if (!ok[u]) continue;
      const l = lev[u]!;
      let s = 0n;
      const c0 = los[u]!;
      if (ok[c0]! & m0[l]!) s += cnt[c0]! << BigInt(freeBefore[lev[c0]!]! - freeBefore[l + 1]!);
      const c1 = his[u]!;
      if (ok[c1]! & m1[l]!) s += cnt[c1]! << BigInt(freeBefore[lev[c1]!]! - freeBefore[l + 1]!);
      cnt[u] = s;
    }
    return cnt[this.local]! << BigInt(freeBefore[lev[this.local]!]!);
  }

  /**
   * A solution extending `a` of least total cost, where `cost1[v]` is paid when variable v is 1
   * (exact shortest path in the DAG). Returns the full assignment, or null if none exists.
   */
  cheapest(a: Int8Array, cost1: Float64Array): Int8Array | null {
    if (!this.markOk(a)) return null;
    const n = this.numVars;
    const { lev, los, his, ok, m0, m1 } = this;
    // Cost of a free level's best value, prefix-summed so a skipped range costs O(1).
    const best = (l: number): number => (a[l] === 1 ? cost1[l]! : a[l] === 0 ? 0 : Math.min(0, cost1[l]!));
    const pre = new Float64Array(n + 1);
    for (let l = 0; l < n; l++) pre[l + 1] = pre[l]! + best(l);
    const cost = new Float64Array(lev.length);
    const pick = new Int8Array(lev.length);
    for (let u = 2; u < lev.length; u++) {
      if (!ok[u]) continue;
      const l = lev[u]!;
      let bc = Infinity;
      let bb = -1;
      const c0 = los[u]!;
      if (ok[c0]! & m0[l]!) {
        bc = pre[lev[c0]!]! - pre[l + 1]! + cost[c0]!;
        bb = 0;
      }
      const c1 = his[u]!;
      if (ok[c1]! & m1[l]!) {
        const v = cost1[l]! + pre[lev[c1]!]! - pre[l + 1]! + cost[c1]!;
        if (v < bc) {
          bc = v;
          bb = 1;
        }
      }
      cost[u] = bc;
      pick[u] = bb;
    }
    const out = new Int8Array(n).fill(-1);
    let u = this.local;
    while (u > TRUE) {
      const b = pick[u]!;
      out[lev[u]!] = b;
      u = b ? his[u]! : los[u]!;
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
