/**
 * A top-down d-DNNF compiler for CNF, in the style of c2d / Dsharp / d4 (exhaustive DPLL that
 * records its search trace): unit propagation over two watched literals, decision nodes
 * (deterministic OR: the children are conditioned on x and ¬x), connected-component
 * decomposition after every decision (decomposable AND: the components share no variable), and
 * component caching (the component's variable set plus its unsatisfied long clauses identify the
 * residual formula; a hit reuses the compiled node). Branching: the variable with the most
 * occurrences in the component's unsatisfied clauses (ties: lowest index), deterministic.
 *
 * The output is smooth by construction *through gap lists*: every decision node for a component C
 * is an OR whose edges carry the variables of C that the branch leaves unconstrained (all their
 * clauses satisfied), and the root carries the variables no clause mentions. That is exactly the
 * representation `DdnnfSpace` queries (counting multiplies by 2 per unassigned gap variable).
 * Nodes are emitted children first; the root is the last node.
 *
 * Pure (no I/O) and deterministic. Budgets: `maxNodes` (output nodes) and `maxMs` (wall time of the
 * compile) raise a `ValidationError` naming the budget, never a partial result.
 */
import { ValidationError } from "../kernel/index.js";
import { DdnnfSpace } from "./ddnnf.js";

export interface DdnnfCompileOptions {
  /** Give up when the output has more nodes than this (default 5,000,000). */
  readonly maxNodes?: number;
  /** Give up after this many milliseconds (default: none). */
  readonly maxMs?: number;
  /**
   * Branching: `occurrences` (default) picks the variable with the most unsatisfied clauses in the
   * component; `order` the lowest-numbered variable (tree pre-order for feature-model exports).
   */
  readonly heuristic?: "occurrences" | "order";
}

export interface DdnnfCompileStats {
  readonly nodes: number;
  readonly edges: number;
  readonly gapVars: number;
  readonly decisions: number;
  readonly cacheHits: number;
  readonly cacheEntries: number;
  readonly compileMs: number;
}

export interface DdnnfCompileResult {
  readonly space: DdnnfSpace;
  readonly stats: DdnnfCompileStats;
}

const LIT = 0;
const AND = 1;
const OR = 2;
/** Internal "false" result of a component. */
const UNSAT = -1;
/** Average fan-out of the chunked AND trees. */
const CHUNK = 8;

/** A component found after propagation: sorted variables, sorted ids of unsatisfied long clauses, the branching variable. */
interface Component {
  readonly vars: Int32Array;
  readonly longClauses: Int32Array;
  readonly branch: number;
}

interface CacheEntry {
  readonly key: Int32Array;
  readonly node: number;
}

class BudgetExceeded extends Error {}

/**
 * Compiles a CNF (clauses of signed 1-based literals over `numVars` variables) to a d-DNNF.
 * @example compileDdnnf(3, [[1, -2], [2, 3]]).space.count(new Int8Array(3).fill(-1)) // 4n
 */
export function compileDdnnf(numVars: number, clauses: readonly (readonly number[])[], opts: DdnnfCompileOptions = {}): DdnnfCompileResult {
  const t0 = performance.now();
  const c = new Compiler(numVars, clauses, opts.maxNodes ?? 5_000_000, opts.maxMs ?? Infinity, t0, opts.heuristic ?? "occurrences");
  let root: number;
  try {
    root = c.compileRoot();
  } catch (e) {
    if (e instanceof BudgetExceeded) throw new ValidationError(`d-DNNF compiler gave up: ${e.message}`, [{ path: "/", message: e.message }]);
    if (e instanceof RangeError) throw new ValidationError(`d-DNNF compiler gave up: recursion too deep (${e.message})`, [{ path: "/", message: "recursion too deep" }]);
    throw e;
  }
  void root;
  const space = c.toSpace();
  return {
    space,
    stats: { nodes: space.size, edges: c.children.length, gapVars: c.gaps.length, decisions: c.decisions, cacheHits: c.cacheHits, cacheEntries: c.cacheEntries, compileMs: performance.now() - t0 },
  };
}

class Compiler {
  private readonly n: number;
  /** Clause literals, encoded 2·var + (negative ? 1 : 0), as ranges [cStart[c], cStart[c+1]). */
  private readonly cLits: Int32Array;
  private readonly cStart: Int32Array;
  private readonly numClauses: number;
  /** Clauses containing each variable. */
  private readonly occ: Int32Array[];
  private readonly binStart: Int32Array;
  private readonly binOther: Int32Array;
  /** Watch lists per encoded literal: clauses whose first or second literal it is. */
  private readonly watches: number[][];
  /** -1 unassigned, 0 false, 1 true. */
  private readonly val: Int8Array;
  private readonly trail: Int32Array;
  private trailLen = 0;
  private qhead = 0;
  private rootUnsat = false;
  private readonly units: number[] = [];

  private readonly varStamp: Int32Array;
  private readonly clStamp: Int32Array;
  private readonly score: Int32Array;
  private stamp = 0;

  // Output.
  readonly kind: number[] = [];
  readonly lit: number[] = [];
  readonly childStart: number[] = [];
  readonly children: number[] = [];
  readonly gapStart: number[] = [];
  readonly gaps: number[] = [];
  private rootGap: number[] = [];
  private readonly litNode: Int32Array;
  private readonly andNodes = new Map<string, number>();

  private readonly cache = new Map<number, CacheEntry[]>();
  cacheEntries = 0;
  cacheHits = 0;
  decisions = 0;
  private readonly maxNodes: number;
  private readonly deadline: number;
  private tick = 0;

  constructor(numVars: number, clauses: readonly (readonly number[])[], maxNodes: number, maxMs: number, t0: number, private readonly heuristic: "occurrences" | "order") {
    if (!Number.isInteger(numVars) || numVars < 0) throw new ValidationError("numVars must be a non-negative integer", [{ path: "/numVars", message: "bad variable count" }]);
    this.n = numVars;
    this.maxNodes = maxNodes;
    this.deadline = t0 + maxMs;
    const lits: number[] = [];
    const starts: number[] = [];
    const seen = new Int32Array(2 * numVars).fill(-1);
    clauses.forEach((cl, ci) => {
      const s = lits.length;
      let taut = false;
      for (const l of cl) {
        if (!Number.isInteger(l) || l === 0 || Math.abs(l) > numVars) throw new ValidationError(`clause ${ci + 1}: bad literal ${l}`, [{ path: `/clauses/${ci}`, message: `bad literal ${l}` }]);
        const e = 2 * (Math.abs(l) - 1) + (l < 0 ? 1 : 0);
        if (seen[e] === ci) continue;
        if (seen[e ^ 1] === ci) taut = true;
        seen[e] = ci;
        lits.push(e);
      }
      if (taut) {
        lits.length = s;
        return;
      }
      if (lits.length === s) {
        this.rootUnsat = true;
        return;
      }
      if (lits.length - s === 1) {
        this.units.push(lits[s]!);
        lits.length = s;
        return;
      }
      starts.push(s);
    });
    starts.push(lits.length);
    this.cLits = Int32Array.from(lits);
    this.cStart = Int32Array.from(starts);
    this.numClauses = starts.length - 1;
    // Long clauses by variable; binary clauses as an adjacency list (the other literal), which
    // the component search reads without touching the clause.
    const occCount = new Int32Array(numVars);
    const binCount = new Int32Array(numVars + 1);
    const isBin = (ci: number): boolean => this.cStart[ci + 1]! - this.cStart[ci]! === 2;
    for (let ci = 0; ci < this.numClauses; ci++)
      for (let k = this.cStart[ci]!; k < this.cStart[ci + 1]!; k++) {
        if (isBin(ci)) binCount[(this.cLits[k]! >> 1) + 1]!++;
        else occCount[this.cLits[k]! >> 1]!++;
      }
    for (let v = 0; v < numVars; v++) binCount[v + 1]! += binCount[v]!;
    this.binStart = binCount.slice();
    this.binOther = new Int32Array(binCount[numVars]!);
    const occ = Array.from({ length: numVars }, (_, v) => new Int32Array(occCount[v]!));
    occCount.fill(0);
    for (let ci = 0; ci < this.numClauses; ci++) {
      const s = this.cStart[ci]!;
      if (isBin(ci)) {
        const [x, y] = [this.cLits[s]!, this.cLits[s + 1]!];
        this.binOther[binCount[x >> 1]!++] = y;
        this.binOther[binCount[y >> 1]!++] = x;
        continue;
      }
      for (let k = s; k < this.cStart[ci + 1]!; k++) {
        const v = this.cLits[k]! >> 1;
        occ[v]![occCount[v]!++] = ci;
      }
    }
    this.occ = occ;
    this.watches = Array.from({ length: 2 * numVars }, () => []);
    for (let ci = 0; ci < this.numClauses; ci++) {
      const s = this.cStart[ci]!;
      this.watches[this.cLits[s]!]!.push(ci);
      this.watches[this.cLits[s + 1]!]!.push(ci);
    }
    this.val = new Int8Array(numVars).fill(-1);
    this.trail = new Int32Array(numVars);
    this.varStamp = new Int32Array(numVars);
    this.clStamp = new Int32Array(this.numClauses);
    this.score = new Int32Array(numVars);
    this.litNode = new Int32Array(2 * numVars).fill(-1);
  }

  // ---- Propagation -------------------------------------------------------------------------

  private isTrue(e: number): boolean {
    return this.val[e >> 1] === ((e & 1) ^ 1);
  }

  /** Assigns encoded literal e true; false when it is already false. */
  private assign(e: number): boolean {
    const v = e >> 1;
    const want = (e & 1) ^ 1;
    const cur = this.val[v]!;
    if (cur !== -1) return cur === want;
    this.val[v] = want;
    this.trail[this.trailLen++] = e;
    return true;
  }

  /** Unit propagation from qhead; false on conflict. */
  private propagate(): boolean {
    const { cLits, cStart, val } = this;
    while (this.qhead < this.trailLen) {
      const falseLit = this.trail[this.qhead++]! ^ 1;
      const ws = this.watches[falseLit]!;
      let i = 0;
      let j = 0;
      let conflict = false;
      while (i < ws.length) {
        const ci = ws[i++]!;
        if (conflict) {
          ws[j++] = ci;
          continue;
        }
        const s = cStart[ci]!;
        const end = cStart[ci + 1]!;
        // Keep the false literal in position s+1.
        if (cLits[s] === falseLit) {
          cLits[s] = cLits[s + 1]!;
          cLits[s + 1] = falseLit;
        }
        const other = cLits[s]!;
        if (val[other >> 1] === ((other & 1) ^ 1)) {
          ws[j++] = ci;
          continue;
        }
        let moved = false;
        for (let k = s + 2; k < end; k++) {
          const l = cLits[k]!;
          if (val[l >> 1] !== (l & 1)) {
            // Not false: watch it instead.
            cLits[s + 1] = l;
            cLits[k] = falseLit;
            this.watches[l]!.push(ci);
            moved = true;
            break;
          }
        }
        if (moved) continue;
        ws[j++] = ci;
        if (!this.assign(other)) conflict = true;
      }
      ws.length = j;
      if (conflict) return false;
    }
    return true;
  }

  private undo(mark: number): void {
    while (this.trailLen > mark) this.val[this.trail[--this.trailLen]! >> 1] = -1;
    this.qhead = mark;
  }

  // ---- Components --------------------------------------------------------------------------

  private clauseSatisfied(ci: number): boolean {
    for (let k = this.cStart[ci]!; k < this.cStart[ci + 1]!; k++) if (this.isTrue(this.cLits[k]!)) return true;
    return false;
  }

  /** Splits the unassigned variables of `vars` into components; variables in no unsatisfied clause go to `free`. */
  private components(vars: Int32Array, free: number[]): Component[] {
    const stamp = ++this.stamp;
    const { varStamp, clStamp, occ, val, cStart, cLits, score, binStart, binOther } = this;
    const out: Component[] = [];
    const queue: number[] = [];
    const longCl: number[] = [];
    for (let i = 0; i < vars.length; i++) {
      const v0 = vars[i]!;
      if (val[v0] !== -1 || varStamp[v0] === stamp) continue;
      varStamp[v0] = stamp;
      score[v0] = 0;
      queue.length = 0;
      longCl.length = 0;
      queue.push(v0);
      let anyClause = false;
      for (let q = 0; q < queue.length; q++) {
        const u = queue[q]!;
        for (let k = binStart[u]!; k < binStart[u + 1]!; k++) {
          // u is unassigned, so the clause is unsatisfied iff the other variable is unassigned too
          // (a false other literal would have forced u).
          const w = binOther[k]! >> 1;
          if (val[w] !== -1) continue;
          anyClause = true;
          score[u]!++;
          if (varStamp[w] !== stamp) {
            varStamp[w] = stamp;
            score[w] = 0;
            queue.push(w);
          }
        }
        const oc = occ[u]!;
        for (let k = 0; k < oc.length; k++) {
          const ci = oc[k]!;
          if (clStamp[ci] === stamp || clStamp[ci] === -stamp) continue;
          if (this.clauseSatisfied(ci)) {
            clStamp[ci] = -stamp;
            continue;
          }
          clStamp[ci] = stamp;
          anyClause = true;
          const s = cStart[ci]!;
          const e = cStart[ci + 1]!;
          for (let m = s; m < e; m++) {
            const w = cLits[m]! >> 1;
            if (val[w] !== -1) continue;
            if (varStamp[w] !== stamp) {
              varStamp[w] = stamp;
              score[w] = 0;
              queue.push(w);
            }
            score[w]!++;
          }
          // A clause that is binary in the input is determined by the variable set (both
          // unassigned, unsatisfied); a longer one may be satisfied in another context, so it
          // belongs to the cache key.
          longCl.push(ci);
        }
      }
      if (!anyClause) {
        free.push(v0);
        continue;
      }
      let best = -1;
      let bestScore = -Infinity;
      for (const u of queue) {
        const sc = this.heuristic === "order" ? -u : score[u]!;
        if (sc > bestScore || (sc === bestScore && u < best)) {
          best = u;
          bestScore = sc;
        }
      }
      const cv = Int32Array.from(queue).sort();
      const cc = Int32Array.from(longCl).sort();
      out.push({ vars: cv, longClauses: cc, branch: best });
    }
    return out;
  }

  // ---- Output nodes ------------------------------------------------------------------------

  private checkBudget(): void {
    if (this.kind.length > this.maxNodes) throw new BudgetExceeded(`more than ${this.maxNodes} nodes`);
    if ((++this.tick & 255) === 0 && performance.now() > this.deadline) throw new BudgetExceeded(`time budget exceeded after ${this.kind.length} nodes`);
  }

  private litNodeOf(e: number): number {
    let id = this.litNode[e]!;
    if (id >= 0) return id;
    id = this.kind.length;
    this.kind.push(LIT);
    this.lit.push((e & 1) === 1 ? -((e >> 1) + 1) : (e >> 1) + 1);
    this.childStart.push(this.children.length);
    this.litNode[e] = id;
    return id;
  }

  /**
   * AND of `kids`. Wide ANDs (many sub-components and literal blocks) recur across branches with
   * small differences, so they are built as a content-defined chunk tree (as in Merkle search
   * trees): the sorted children are cut after every child whose hash at this level is 0 mod 8,
   * each chunk becomes a shared AND node, and the chunk nodes are chunked again until at most 8
   * remain. Two sets that differ in one child share all chunks but O(log n).
   */
  private andNode(kids: number[], dedupe = true): number {
    if (kids.length === 1 && dedupe) return kids[0]!;
    kids.sort((a, b) => a - b);
    let level = 0;
    while (kids.length > CHUNK) {
      const next: number[] = [];
      let s = 0;
      for (let i = 0; i < kids.length; i++) {
        const h = Math.imul(kids[i]! ^ Math.imul(level + 1, 0x9e3779b1), 0x85ebca6b) >>> 0;
        if (((h >>> 13) & (CHUNK - 1)) === 0 || i === kids.length - 1) {
          next.push(i === s ? kids[s]! : this.rawAnd(kids.slice(s, i + 1), true));
          s = i + 1;
        }
      }
      if (next.length === kids.length) break;
      kids = next.sort((a, b) => a - b);
      level++;
    }
    if (kids.length === 1 && dedupe) return kids[0]!;
    return this.rawAnd(kids, dedupe);
  }

  /** One AND node over sorted `kids`, deduplicated unless `dedupe` is false. */
  private rawAnd(kids: number[], dedupe: boolean): number {
    let key = "";
    if (dedupe) {
      key = kids.length === 2 ? String(kids[0]! * 67108864 + kids[1]!) : kids.join(",");
      const hit = this.andNodes.get(key);
      if (hit !== undefined) return hit;
    }
    const id = this.kind.length;
    this.kind.push(AND);
    this.lit.push(0);
    this.childStart.push(this.children.length);
    for (const k of kids) {
      this.children.push(k);
      this.gapStart.push(this.gaps.length);
    }
    if (dedupe) this.andNodes.set(key, id);
    this.checkBudget();
    return id;
  }

  private orNode(kids: number[], gapLists: number[][]): number {
    const id = this.kind.length;
    this.kind.push(OR);
    this.lit.push(0);
    this.childStart.push(this.children.length);
    kids.forEach((k, i) => {
      this.children.push(k);
      this.gapStart.push(this.gaps.length);
      for (const g of gapLists[i]!) this.gaps.push(g);
    });
    this.checkBudget();
    return id;
  }

  /**
   * The literals assigned since `mark`, as few shared AND nodes: sorted by variable, every run of
   * consecutive variables is cut into aligned power-of-two blocks (as in a segment tree), and a
   * block is the AND of its two halves, deduplicated. Feature-model CNFs number a subtree's
   * features consecutively, and a branch that deselects a feature falsifies its whole subtree:
   * the same blocks recur across branches, so each branch costs O(log n) edges per run instead of
   * one edge per implied literal.
   */
  private impliedParts(mark: number, parts: number[]): void {
    const len = this.trailLen - mark;
    if (len <= 2) {
      for (let t = mark; t < this.trailLen; t++) parts.push(this.litNodeOf(this.trail[t]!));
      return;
    }
    const vs = Int32Array.from(this.trail.subarray(mark, this.trailLen), (e) => e >> 1).sort();
    let i = 0;
    while (i < vs.length) {
      let j = i;
      while (j + 1 < vs.length && vs[j + 1] === vs[j]! + 1) j++;
      let a = vs[i]!;
      const b = vs[j]!;
      while (a <= b) {
        let k = 0;
        while ((a & ((2 << k) - 1)) === 0 && a + (2 << k) - 1 <= b) k++;
        parts.push(this.block(a, k));
        a += 1 << k;
      }
      i = j + 1;
    }
  }

  /** AND of the current literals of variables [a, a + 2^k), all assigned. */
  private block(a: number, k: number): number {
    if (k === 0) return this.litNodeOf(2 * a + (this.val[a] === 1 ? 0 : 1));
    const half = 1 << (k - 1);
    return this.andNode([this.block(a, k - 1), this.block(a + half, k - 1)]);
  }

  // ---- Search ------------------------------------------------------------------------------

  private cacheKey(comp: Component): { key: Int32Array; hash: number } {
    const key = new Int32Array(1 + comp.vars.length + comp.longClauses.length);
    key[0] = comp.vars.length;
    key.set(comp.vars, 1);
    key.set(comp.longClauses, 1 + comp.vars.length);
    let h = 0x811c9dc5;
    for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key[i]!, 0x01000193);
    return { key, hash: h >>> 0 };
  }

  private lookup(hash: number, key: Int32Array): number | undefined {
    const bucket = this.cache.get(hash);
    if (!bucket) return undefined;
    outer: for (const e of bucket) {
      if (e.key.length !== key.length) continue;
      for (let i = 0; i < key.length; i++) if (e.key[i] !== key[i]) continue outer;
      return e.node;
    }
    return undefined;
  }

  private compileComponent(comp: Component): number {
    const { key, hash } = this.cacheKey(comp);
    const hit = this.lookup(hash, key);
    if (hit !== undefined) {
      this.cacheHits++;
      return hit;
    }
    const kids: number[] = [];
    const gapLists: number[][] = [];
    for (const polarity of [1, 0]) {
      this.decisions++;
      const mark = this.trailLen;
      this.assign(2 * comp.branch + (polarity === 1 ? 0 : 1));
      const node = this.propagate() ? this.branchBody(comp.vars, mark, gapLists) : UNSAT;
      this.undo(mark);
      if (node !== UNSAT) kids.push(node);
    }
    const result = kids.length === 0 ? UNSAT : this.orNode(kids, gapLists);
    let bucket = this.cache.get(hash);
    if (!bucket) this.cache.set(hash, (bucket = []));
    bucket.push({ key, node: result });
    this.cacheEntries++;
    return result;
  }

  /** After a decision and propagation: AND of the implied literals and the sub-components; pushes the branch's gap list. */
  private branchBody(vars: Int32Array, mark: number, gapLists: number[][]): number {
    const free: number[] = [];
    const subs = this.components(vars, free);
    const parts: number[] = [];
    this.impliedParts(mark, parts);
    // Smaller components first: an unsatisfiable one is found sooner.
    subs.sort((a, b) => a.vars.length - b.vars.length || a.vars[0]! - b.vars[0]!);
    for (const s of subs) {
      const node = this.compileComponent(s);
      if (node === UNSAT) return UNSAT;
      parts.push(node);
    }
    gapLists.push(free.sort((a, b) => a - b));
    return this.andNode(parts);
  }

  compileRoot(): number {
    if (this.rootUnsat) return this.emitUnsatRoot();
    for (const u of this.units) if (!this.assign(u)) return this.emitUnsatRoot();
    if (!this.propagate()) return this.emitUnsatRoot();
    const all = Int32Array.from({ length: this.n }, (_, i) => i);
    const free: number[] = [];
    const subs = this.components(all, free);
    const parts: number[] = [];
    this.impliedParts(0, parts);
    subs.sort((a, b) => a.vars.length - b.vars.length || a.vars[0]! - b.vars[0]!);
    for (const s of subs) {
      const node = this.compileComponent(s);
      if (node === UNSAT) return this.emitUnsatRoot();
      parts.push(node);
    }
    this.rootGap = free.sort((a, b) => a - b);
    return this.andNode(parts, false);
  }

  private emitUnsatRoot(): number {
    this.rootGap = [];
    return this.orNode([], []);
  }

  toSpace(): DdnnfSpace {
    this.childStart.push(this.children.length);
    this.gapStart.push(this.gaps.length);
    return DdnnfSpace.fromArrays({
      numVars: this.n,
      kind: Uint8Array.from(this.kind),
      lit: Int32Array.from(this.lit),
      childStart: Int32Array.from(this.childStart),
      children: Int32Array.from(this.children),
      gapStart: Int32Array.from(this.gapStart),
      gapVars: Int32Array.from(this.gaps),
      rootGap: Int32Array.from(this.rootGap),
    });
  }
}
