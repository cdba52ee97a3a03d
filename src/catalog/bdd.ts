/**
 * A reduced ordered binary decision diagram (ROBDD) manager, written for the configurator.
 *
 * Why our own: the configurator needs only a handful of operations (and/or/not through a
 * cached `apply`, node reuse through a unique table, counting with big integers) and must stay
 * a pure, dependency-free domain module. Variables are identified by their *level* (0 = top):
 * callers choose the order before building (see `ordering.ts`), so there is no dynamic reordering.
 *
 * Representation: node ids are indexes into three Int32Arrays (`level`, `lo`, `hi`); ids 0 and 1
 * are the terminals FALSE and TRUE (their level is `numVars`). No complement edges, which keeps the
 * valid-domain and counting passes of `engine-queries.ts` simple. Nodes are never freed while
 * building; `compact` copies the live roots into a fresh manager when the store grows (a copying GC).
 */
export const FALSE = 0;
export const TRUE = 1;

const OP_AND = 1;
const OP_OR = 2;
const OP_XOR = 3;

export class Bdd {
  readonly numVars: number;
  level: Int32Array;
  lo: Int32Array;
  hi: Int32Array;
  size = 2;
  private table: Int32Array;
  private tableMask: number;
  private cacheA: Int32Array;
  private cacheB: Int32Array;
  private cacheR: Int32Array;
  private cacheMask: number;

  constructor(numVars: number, capacity = 1 << 16, cacheBits = 18) {
    this.numVars = numVars;
    this.level = new Int32Array(capacity);
    this.lo = new Int32Array(capacity);
    this.hi = new Int32Array(capacity);
    this.level[0] = numVars;
    this.level[1] = numVars;
    this.table = new Int32Array(capacity * 2).fill(-1);
    this.tableMask = capacity * 2 - 1;
    const c = 1 << cacheBits;
    this.cacheA = new Int32Array(c).fill(-1);
    this.cacheB = new Int32Array(c);
    this.cacheR = new Int32Array(c);
    this.cacheMask = c - 1;
  }

  /** The node (level, lo, hi), reduced: equal children collapse, equal triples are shared. */
  mk(level: number, lo: number, hi: number): number {
    if (lo === hi) return lo;
    let h = hash3(level, lo, hi) & this.tableMask;
    const t = this.table;
    for (;;) {
      const n = t[h]!;
      if (n === -1) break;
      if (this.level[n] === level && this.lo[n] === lo && this.hi[n] === hi) return n;
      h = (h + 1) & this.tableMask;
    }
    if (this.size === this.level.length) {
      this.grow();
      return this.mk(level, lo, hi);
    }
    const id = this.size++;
    this.level[id] = level;
    this.lo[id] = lo;
    this.hi[id] = hi;
    t[h] = id;
    return id;
  }

  /** The BDD of the single variable at `level` (positive literal), or its negation. */
  literal(level: number, positive = true): number {
    return positive ? this.mk(level, FALSE, TRUE) : this.mk(level, TRUE, FALSE);
  }

  and(f: number, g: number): number {
    return this.apply(OP_AND, f, g);
  }
  or(f: number, g: number): number {
    return this.apply(OP_OR, f, g);
  }
  xor(f: number, g: number): number {
    return this.apply(OP_XOR, f, g);
  }
  not(f: number): number {
    return this.apply(OP_XOR, f, TRUE);
  }
  implies(f: number, g: number): number {
    return this.or(this.not(f), g);
  }
  /** if-then-else, composed from apply (adequate for rule building, not a hot path). */
  ite(f: number, g: number, h: number): number {
    return this.or(this.and(f, g), this.and(this.not(f), h));
  }

  /** Conjunction of many BDDs, pairwise like a balanced tree so intermediate results stay small. */
  andAll(fs: readonly number[]): number {
    if (fs.length === 0) return TRUE;
    let layer = [...fs];
    while (layer.length > 1) {
      const next: number[] = [];
      for (let i = 0; i < layer.length; i += 2) next.push(i + 1 < layer.length ? this.and(layer[i]!, layer[i + 1]!) : layer[i]!);
      if (next.includes(FALSE)) return FALSE;
      layer = next;
    }
    return layer[0]!;
  }
  /** Disjunction of many BDDs, pairwise like a balanced tree (large tables stay cheap). */
  orAll(fs: readonly number[]): number {
    if (fs.length === 0) return FALSE;
    let layer = [...fs];
    while (layer.length > 1) {
      const next: number[] = [];
      for (let i = 0; i < layer.length; i += 2) next.push(i + 1 < layer.length ? this.or(layer[i]!, layer[i + 1]!) : layer[i]!);
      if (next.includes(TRUE)) return TRUE;
      layer = next;
    }
    return layer[0]!;
  }

  private apply(op: number, f: number, g: number): number {
    // Terminal cases first: they end most recursions without touching the cache.
    switch (op) {
      case OP_AND:
        if (f === FALSE || g === FALSE) return FALSE;
        if (f === TRUE) return g;
        if (g === TRUE || f === g) return f;
        break;
      case OP_OR:
        if (f === TRUE || g === TRUE) return TRUE;
        if (f === FALSE) return g;
        if (g === FALSE || f === g) return f;
        break;
      default:
        if (f === g) return FALSE;
        if (f === FALSE) return g;
        if (g === FALSE) return f;
        if (f === TRUE && g === TRUE) return FALSE;
    }
    if (f > g) {
      const t = f;
      f = g;
      g = t;
    }
    const key = (f * 4 + op) | 0;
    const slot = hash3(op, f, g) & this.cacheMask;
    if (this.cacheA[slot] === key && this.cacheB[slot] === g) return this.cacheR[slot]!;
    const lf = this.level[f]!;
    const lg = this.level[g]!;
    const top = lf < lg ? lf : lg;
    const f0 = lf === top ? this.lo[f]! : f;
    const f1 = lf === top ? this.hi[f]! : f;
    const g0 = lg === top ? this.lo[g]! : g;
    const g1 = lg === top ? this.hi[g]! : g;
    const r0 = this.apply(op, f0, g0);
    const r1 = this.apply(op, f1, g1);
    const r = this.mk(top, r0, r1);
    this.cacheA[slot] = key;
    this.cacheB[slot] = g;
    this.cacheR[slot] = r;
    return r;
  }

  /** Restricts `f` by fixing the variable at `level` to `value` (Shannon cofactor). */
  restrict(f: number, assignment: ReadonlyMap<number, boolean>): number {
    const memo = new Map<number, number>();
    const go = (u: number): number => {
      if (u <= TRUE) return u;
      const m = memo.get(u);
      if (m !== undefined) return m;
      const l = this.level[u]!;
      const a = assignment.get(l);
      const r = a === undefined ? this.mk(l, go(this.lo[u]!), go(this.hi[u]!)) : go(a ? this.hi[u]! : this.lo[u]!);
      memo.set(u, r);
      return r;
    };
    return go(f);
  }

  /** Number of nodes reachable from `roots` (terminals included). */
  nodeCount(roots: readonly number[]): number {
    const seen = new Uint8Array(this.size);
    let n = 0;
    const stack = [...roots];
    while (stack.length) {
      const u = stack.pop()!;
      if (seen[u]) continue;
      seen[u] = 1;
      n++;
      if (u > TRUE) stack.push(this.lo[u]!, this.hi[u]!);
    }
    return n;
  }

  /** Number of assignments of all `numVars` variables satisfying `f`, exactly (bigint). */
  satCount(f: number): bigint {
    const memo = new Map<number, bigint>();
    const go = (u: number): bigint => {
      if (u === FALSE) return 0n;
      if (u === TRUE) return 1n;
      const m = memo.get(u);
      if (m !== undefined) return m;
      const l = this.level[u]!;
      const lo = this.lo[u]!;
      const hi = this.hi[u]!;
      const r = (go(lo) << BigInt(this.level[lo]! - l - 1)) + (go(hi) << BigInt(this.level[hi]! - l - 1));
      memo.set(u, r);
      return r;
    };
    return go(f) << BigInt(this.level[f]!);
  }

  /**
   * Copies the nodes reachable from `roots` into fresh, tightly sized arrays and drops the rest
   * (a copying garbage collection); returns the roots' new ids in the same order.
   */
  compact(roots: readonly number[]): number[] {
    const old = { level: this.level, lo: this.lo, hi: this.hi, size: this.size };
    const live = this.nodeCount(roots);
    const cap = Math.max(1 << 16, nextPow2(live * 2));
    this.level = new Int32Array(cap);
    this.lo = new Int32Array(cap);
    this.hi = new Int32Array(cap);
    this.level[0] = this.numVars;
    this.level[1] = this.numVars;
    this.size = 2;
    this.table = new Int32Array(cap * 2).fill(-1);
    this.tableMask = cap * 2 - 1;
    this.cacheA.fill(-1);
    const map = new Int32Array(old.size).fill(-1);
    map[0] = 0;
    map[1] = 1;
    // Children have larger levels than parents, so visiting by decreasing level copies children first.
    const order: number[] = [];
    const seen = new Uint8Array(old.size);
    const stack = [...roots];
    while (stack.length) {
      const u = stack.pop()!;
      if (u <= TRUE || seen[u]) continue;
      seen[u] = 1;
      order.push(u);
      stack.push(old.lo[u]!, old.hi[u]!);
    }
    order.sort((a, b) => old.level[b]! - old.level[a]!);
    for (const u of order) map[u] = this.mk(old.level[u]!, map[old.lo[u]!]!, map[old.hi[u]!]!);
    return roots.map((r) => map[r]!);
  }

  private grow(): void {
    const cap = this.level.length * 2;
    const grow = (a: Int32Array): Int32Array => {
      const b = new Int32Array(cap);
      b.set(a);
      return b;
    };
    this.level = grow(this.level);
    this.lo = grow(this.lo);
    this.hi = grow(this.hi);
    this.table = new Int32Array(cap * 2).fill(-1);
    this.tableMask = cap * 2 - 1;
    for (let id = 2; id < this.size; id++) {
      let h = hash3(this.level[id]!, this.lo[id]!, this.hi[id]!) & this.tableMask;
      while (this.table[h] !== -1) h = (h + 1) & this.tableMask;
      this.table[h] = id;
    }
    if (this.cacheMask < (1 << 22) - 1 && cap > (this.cacheMask + 1) * 2) {
      const c = (this.cacheMask + 1) * 4;
      this.cacheA = new Int32Array(c).fill(-1);
      this.cacheB = new Int32Array(c);
      this.cacheR = new Int32Array(c);
      this.cacheMask = c - 1;
    }
  }
}

function hash3(a: number, b: number, c: number): number {
  let h = Math.imul(a, 0x9e3779b1) ^ Math.imul(b, 0x85ebca77) ^ Math.imul(c, 0xc2b2ae3d);
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d);
  h ^= h >>> 12;
  return h >>> 0;
}

function nextPow2(n: number): number {
  let p = 1;
  while (p < n) p *= 2;
  return p;
}
