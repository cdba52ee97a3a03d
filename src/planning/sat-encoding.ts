/**
 * The ratio part of one priority as a satisfiability question: "is there an order of the day whose
 * violations of these constraints total at most V?" in conjunctive normal form (DIMACS), for a
 * SAT solver behind the {@link SatSolver} port. State-of-the-art complete methods for car
 * sequencing are SAT encodings of this kind (Artigues, Hebrard, Mayer-Eichberger, Siala & Walsh,
 * "SAT and hybrid models of the car sequencing problem", CPAIOR 2014): a CDCL solver answers the
 * CSPLib zero-violation questions in seconds where local search and plain dynamic programmes do
 * not, and its "unsatisfiable" is a proof (a lower bound V + 1).
 *
 * Encoding (pure, no I/O):
 * - a kind per unit: its flags on the priority's constraints (units of one kind are interchangeable
 *   for this part); per day position, exactly one kind (x[p][k]);
 * - per constraint, its option literal per position (o ⇔ the kind has the option) and a cumulative
 *   counter over the tail kept in front (as in evaluate.ts: the last P−1 units of day D-1, constant)
 *   and the day: c(q, i) ⇔ "at least i option units among the first q positions", with the day's
 *   total fixed;
 * - per kind, the same counter over the day with its total fixed (the day's multiset of kinds);
 * - every counted window [s, e) (counting rules of evaluate.ts: tail windows, truncated or full end
 *   windows) forbids count ≥ N + t, i.e. ¬c(e, i + N + t) ∨ c(s, i + 1) for every i, unless its
 *   excess literal v[w][t] is true; Σ v ≤ V by a sequential counter (Sinz 2005). With V = 0 the
 *   windows are hard and no v exists.
 * A model decodes to a sequence of kinds, and the units of each kind are dealt out in day order.
 * Colours and the paint batch limit are not encoded: the question is exact for the ratio part
 * alone (CSPLib), a relaxation of the day otherwise (its "unsatisfiable" still bounds the part).
 */
import type { SequencingInstance } from "./model.js";

/** A CNF formula: `clauses` holds each clause's literals followed by 0 (DIMACS order). */
export interface Cnf {
  readonly variables: number;
  readonly clauses: number;
  readonly literals: Int32Array;
}

/** Port of a SAT solver: decides a CNF within a time limit. */
export interface SatSolver {
  /**
   * `model[v]` is variable v's value (index 0 unused) when satisfiable. `expect`: the answer the
   * caller hopes for, so the solver may tune itself for finding a model or for a proof.
   */
  solve(cnf: Cnf, opts: { seconds: number; expect?: "sat" | "unsat" }): SatAnswer;
  /**
   * Starts deciding a CNF beside the caller (another process), so the caller's own search goes on
   * meanwhile: poll the run for its answer, cancel it when no longer needed.
   */
  start(cnf: Cnf, opts: { seconds: number; expect?: "sat" | "unsat" }): SatRun;
}

/** A SAT question being decided beside the caller. */
export interface SatRun {
  /** The answer once there is one, else undefined (never blocks). */
  poll(): SatAnswer | undefined;
  /** Stops the solver (no answer after this). */
  cancel(): void;
}

export type SatAnswer = { readonly status: "sat"; readonly model: Uint8Array } | { readonly status: "unsat" } | { readonly status: "unknown"; readonly reason: string };

/** The DIMACS text of a CNF. */
export function toDimacs(cnf: Cnf): string {
  const parts: string[] = [`p cnf ${cnf.variables} ${cnf.clauses}\n`];
  let line: number[] = [];
  for (const l of cnf.literals) {
    line.push(l);
    if (l === 0) {
      parts.push(line.join(" "), "\n");
      line = [];
    }
  }
  return parts.join("");
}

/** A question about one priority's ratio part (see {@link encodeRatioPart}). */
export interface RatioSatQuery {
  readonly cnf: Cnf;
  /** Decodes a model into a sequence of the day's unit indices. */
  decode(model: Uint8Array): number[];
}

const TRUE = 1;
const FALSE = -1;

/** Growable clause store with constant-aware literals (TRUE = 1 is a variable fixed true). */
class Builder {
  vars = 1;
  count = 0;
  private buf = new Int32Array(1 << 16);
  private len = 0;
  constructor() {
    // variable 1 is the constant true
    this.buf[0] = 1;
    this.buf[1] = 0;
    this.len = 2;
    this.count = 1;
  }
  newVar(): number {
    return ++this.vars;
  }
  /** Adds a clause; literals ±1 are the constants (a true literal drops the clause, a false one is left out). */
  add(lits: readonly number[]): void {
    const room = this.len + lits.length + 2;
    if (room > this.buf.length) {
      let cap = this.buf.length;
      while (cap < room) cap *= 2;
      const b = new Int32Array(cap);
      b.set(this.buf.subarray(0, this.len));
      this.buf = b;
    }
    const start = this.len;
    for (const l of lits) {
      if (l === TRUE) {
        this.len = start;
        return;
      }
      if (l === FALSE) continue;
      this.buf[this.len++] = l;
    }
    if (this.len === start) {
      // every literal false: the empty clause (the question is unsatisfiable as stated)
      this.buf[this.len++] = -1;
    }
    this.buf[this.len++] = 0;
    this.count++;
  }
  cnf(): Cnf {
    return { variables: this.vars, clauses: this.count, literals: this.buf.slice(0, this.len) };
  }
}

/**
 * Cumulative counter over `lits` (constants allowed) with its final count fixed to `total`:
 * returns c(q, i) ⇔ "at least i of lits[0..q) are true", q = 0..lits.length. `capPrefix[q]` and
 * `capSuffix[q]`, when given, are upper bounds of the true literals in [0, q) and in [q, Q) that
 * every solution respects (redundant, they only fix more c(q, i) in advance).
 */
function counter(b: Builder, lits: readonly number[], total: number, capPrefix?: readonly number[], capSuffix?: readonly number[]): (q: number, i: number) => number {
  const Q = lits.length;
  // c(q, i) is a variable only for i in (lo[q], hi[q]]; at or below lo it is true, above hi false
  const lo = new Int32Array(Q + 1);
  const hi = new Int32Array(Q + 1);
  let sure = 0;
  let maybe = 0;
  for (let q = 0; q <= Q; q++) {
    lo[q] = sure;
    hi[q] = Math.min(maybe, capPrefix ? capPrefix[q]! : Infinity);
    if (q < Q) {
      if (lits[q] === TRUE) sure++;
      if (lits[q] !== FALSE) maybe++;
    }
  }
  sure = 0;
  maybe = 0;
  for (let q = Q; q >= 0; q--) {
    lo[q] = Math.max(lo[q]!, total - Math.min(maybe, capSuffix ? capSuffix[q]! : Infinity));
    hi[q] = Math.min(hi[q]!, total - sure);
    if (q > 0) {
      if (lits[q - 1] === TRUE) sure++;
      if (lits[q - 1] !== FALSE) maybe++;
    }
  }
  for (let q = 0; q <= Q; q++) if (lo[q]! > hi[q]!) b.add([]); // no count fits: unsatisfiable as stated
  const base: number[] = [];
  let next = 0;
  for (let q = 0; q <= Q; q++) {
    base.push(next);
    next += Math.max(0, hi[q]! - lo[q]!);
  }
  const first = b.vars + 1;
  b.vars += next;
  const lit = (q: number, i: number): number => {
    if (i <= lo[q]!) return TRUE;
    if (i > hi[q]!) return FALSE;
    return first + base[q]! + (i - lo[q]! - 1);
  };
  for (let q = 0; q < Q; q++) {
    const o = lits[q]!;
    for (let i = Math.max(1, lo[q + 1]!); i <= hi[q + 1]! + 1; i++) {
      const now = lit(q + 1, i);
      // c(q, i) → c(q+1, i); c(q, i−1) ∧ o → c(q+1, i)
      b.add([-lit(q, i), now]);
      b.add([-lit(q, i - 1), -o, now]);
      // c(q+1, i) → c(q, i) ∨ o; c(q+1, i) → c(q, i−1)
      b.add([-now, lit(q, i), o]);
      b.add([-now, lit(q, i - 1)]);
    }
  }
  return lit;
}

/**
 * Encodes "the constraints of `priority` total at most `maxViolations` over some order of the
 * day" (file comment). Counting rules as in evaluate.ts.
 */
export function encodeRatioPart(inst: SequencingInstance, priority: "high" | "low", maxViolations: number): RatioSatQuery {
  if (!Number.isInteger(maxViolations) || maxViolations < 0) throw new RangeError("maxViolations must be a whole number ≥ 0");
  const ks = inst.constraints.flatMap((c, k) => (c.priority === priority ? [k] : []));
  const n = inst.day.length;
  const b = new Builder();
  // kinds over the priority's options
  const kindOf = new Map<number, number>();
  const kindMask: number[] = [];
  const unitsOf: number[][] = [];
  inst.day.forEach((u, idx) => {
    let m = 0;
    ks.forEach((k, j) => {
      if (u.options[k]) m |= 1 << j;
    });
    let t = kindOf.get(m);
    if (t === undefined) {
      t = kindMask.length;
      kindOf.set(m, t);
      kindMask.push(m);
      unitsOf.push([]);
    }
    unitsOf[t]!.push(idx);
  });
  const K = kindMask.length;
  const x: number[][] = [];
  for (let p = 0; p < n; p++) {
    const row: number[] = [];
    for (let t = 0; t < K; t++) row.push(K === 1 ? TRUE : b.newVar());
    x.push(row);
    if (K > 1) {
      b.add(row);
      if (K <= 16) for (let a = 0; a < K; a++) for (let c = a + 1; c < K; c++) b.add([-row[a]!, -row[c]!]);
      else {
        // sequential at-most-one
        let prev = row[0]!;
        for (let a = 1; a < K; a++) {
          b.add([-prev, -row[a]!]);
          if (a < K - 1) {
            const s = b.newVar();
            b.add([-prev, s]);
            b.add([-row[a]!, s]);
            prev = s;
          }
        }
      }
    }
  }
  // the day's multiset of kinds
  if (K > 1) for (let t = 0; t < K; t++) counter(b, x.map((r) => r[t]!), unitsOf[t]!.length);
  const excess: number[] = [];
  ks.forEach((k, j) => {
    const c = inst.constraints[k]!;
    const P = c.window;
    const N = c.max;
    const tail = inst.previousDay.slice(Math.max(0, inst.previousDay.length - (P - 1)));
    // option literal per day position
    const has = kindMask.map((m) => (m >> j) & 1);
    const o: number[] = [];
    for (let p = 0; p < n; p++) {
      if (has.every((h) => h === 1)) o.push(TRUE);
      else if (has.every((h) => h === 0)) o.push(FALSE);
      else {
        const v = b.newVar();
        const row = x[p]!;
        const withIt: number[] = [];
        for (let t = 0; t < K; t++) {
          if (has[t]) {
            b.add([-row[t]!, v]);
            withIt.push(row[t]!);
          } else b.add([-row[t]!, -v]);
        }
        b.add([-v, ...withIt]);
        o.push(v);
      }
    }
    const tailLits = tail.map((u) => (u.options[k] ? TRUE : FALSE));
    const total = tail.filter((u) => u.options[k]).length + inst.day.filter((u) => u.options[k]).length;
    const lits = [...tailLits, ...o];
    const Q = lits.length;
    const last = inst.endWindows === "truncated" ? Q - 1 : Q - P;
    // capacities: disjoint counted windows tiling a prefix or a suffix hold at most N each, plus
    // the excess allowed in all (a piece shorter than P lies in the counted window it starts)
    const V = maxViolations;
    const capPrefix: number[] = [];
    for (let q = 0; q <= Q; q++) {
      const j = Math.floor(q / P);
      const r = q - j * P;
      capPrefix.push(N * j + (r > 0 && j * P <= last ? Math.min(r, N) : r) + V);
    }
    const capSuffix: number[] = [];
    for (let q = 0; q <= Q; q++) {
      const j = Math.floor((Q - q) / P);
      const r = Q - q - j * P;
      capSuffix.push(N * j + (r > 0 && q <= last ? Math.min(r, N) : r) + V);
    }
    const cnt = counter(b, lits, total, capPrefix, capSuffix);
    for (let s = 0; s <= last; s++) {
      const e = Math.min(s + P, Q);
      const most = e - s - N; // largest excess of this window
      if (most <= 0) continue;
      const v: number[] = [];
      for (let t = 1; t <= most; t++) {
        const allowed = t <= maxViolations;
        const vt = allowed ? b.newVar() : FALSE;
        if (allowed) {
          v.push(vt);
          excess.push(vt);
          if (t > 1) b.add([-vt, v[t - 2]!]);
        }
        for (let i = 0; i + N + t <= total; i++) b.add([-cnt(e, i + N + t), cnt(s, i + 1), vt]);
      }
    }
  });
  // Σ excess ≤ V (sequential counter; nothing to count when V = 0)
  if (maxViolations > 0 && excess.length > maxViolations) {
    const V = maxViolations;
    let prev: number[] = [];
    excess.forEach((e, i) => {
      const cur: number[] = [];
      for (let r = 1; r <= Math.min(i + 1, V); r++) cur.push(b.newVar());
      // cur[r−1] ⇐ "at least r among the first i+1"
      for (let r = 1; r <= cur.length; r++) {
        if (r <= prev.length) b.add([-prev[r - 1]!, cur[r - 1]!]);
        if (r === 1) b.add([-e, cur[0]!]);
        else if (r - 2 < prev.length) b.add([-e, -prev[r - 2]!, cur[r - 1]!]);
      }
      // at least V already: no more excess
      if (prev.length === V) b.add([-e, -prev[V - 1]!]);
      prev = cur;
    });
  }
  const cnf = b.cnf();
  return {
    cnf,
    decode(model: Uint8Array): number[] {
      const next = new Array<number>(K).fill(0);
      const order: number[] = [];
      for (let p = 0; p < n; p++) {
        const t = K === 1 ? 0 : x[p]!.findIndex((v) => model[v] === 1);
        if (t < 0) throw new Error(`model has no kind at position ${p}`);
        if (next[t]! >= unitsOf[t]!.length) throw new Error(`model places too many units of kind ${t}`);
        order.push(unitsOf[t]![next[t]!++]!);
      }
      return order;
    },
  };
}
