/**
 * Compiles families and rules into a Configurator: chooses the variable order, allocates the
 * boolean variables, builds one BDD per rule and conjoins them into the solution space.
 */
import { ValidationError } from "../kernel/index.js";
import { Bdd } from "./bdd.js";
import { type CompiledRule, Configurator, type Family } from "./configurator.js";
import type { Expr } from "./expr.js";
import { forceOrder } from "./ordering.js";

// The terminals (bdd.ts FALSE / TRUE) as module constants: an imported binding read in the hot
// table recursion costs a getter call per read under some loaders (tsx, vitest).
const FALSE = 0;
const TRUE = 1;

export interface FamilySpec {
  readonly id: string;
  readonly label?: string;
  readonly values: readonly string[];
  readonly encoding: "onehot" | "bool";
  readonly defaultValue?: string;
}

/** Builds BDDs of atoms on the allocated variables. */
export interface BuildContext {
  readonly bdd: Bdd;
  /** BDD of `family ∈ values`. */
  inValues(family: string, values: readonly string[]): number;
  /** BDD of a boolean feature being selected (bool family value 1, or a one-hot `yes`). */
  feature(name: string): number;
  expr(e: Expr): number;
  /**
   * BDD of a compatibility table: the families take one of the rows, a row cell being a set of
   * values or null (any value). Built directly as a trie over the families' levels, which is
   * orders of magnitude cheaper than OR-ing one cube per row for tables of thousands of rows.
   */
  table(families: readonly string[], rows: readonly (readonly TableCell[])[]): number;
}

/** A cell of a compatibility table: one value, a set of values, or null (any value). */
export type TableCell = string | readonly string[] | null;

export interface RuleSpec {
  readonly id: string;
  readonly text: string;
  /** Families the rule mentions: drives the variable order. */
  readonly families: readonly string[];
  build(ctx: BuildContext): number;
}

export interface CompileOptions {
  /** "force": FORCE over the rules' family supports (default); "given": families in the given order. */
  readonly order?: "force" | "given";
  /** Stop with an UnavailableError-like ValidationError when the store passes this many nodes. */
  readonly maxNodes?: number;
  /** Called now and then while compiling (phase, done, total, BDD store size). */
  readonly onProgress?: (phase: "rules" | "conjoin", done: number, total: number, nodes: number) => void;
}

export interface CompileResult {
  readonly configurator: Configurator;
  /** Values no valid configuration uses (`family=value`), reported as warnings. */
  readonly deadValues: readonly string[];
}

/**
 * Compiles a model. A contradictory model (no valid configuration) throws a ValidationError
 * whose details list a smallest set of conflicting rules (see `smallestConflict`; for models up to
 * 600 rules).
 */
export function compileModel(families: readonly FamilySpec[], rules: readonly RuleSpec[], opts: CompileOptions = {}): CompileResult {
  const t0 = performance.now();
  const index = new Map(families.map((f, i) => [f.id, i]));
  let famOrder = families.map((_, i) => i);
  if ((opts.order ?? "force") === "force" && families.length > 2) {
    const supports = rules.map((r) => [...new Set(r.families.map((f) => index.get(f)).filter((i): i is number => i !== undefined))]);
    famOrder = forceOrder(families.length, supports);
  }
  let next = 0;
  const allocated = new Map<string, Family>();
  for (const i of famOrder) {
    const f = families[i]!;
    const width = f.encoding === "bool" ? 1 : f.values.length;
    const vars = Array.from({ length: width }, () => next++);
    allocated.set(f.id, { id: f.id, label: f.label ?? f.id, values: f.values, encoding: f.encoding, vars, ...(f.defaultValue !== undefined ? { defaultValue: f.defaultValue } : {}) });
  }
  const fams = families.map((f) => allocated.get(f.id)!);
  const bdd = new Bdd(next, 1 << 16, 18);
  const ctx = buildContext(bdd, allocated);
  let domainBdds = fams.filter((f) => f.encoding === "onehot").map((f) => exactlyOne(bdd, f.vars));
  let compiled: CompiledRule[] = rules.map((r, i) => {
    if (i % 50 === 0) opts.onProgress?.("rules", i, rules.length, bdd.size);
    return { id: r.id, text: r.text, bdd: r.build(ctx) };
  });
  // Parts refer to domain constraints (d ≥ 0) and rules (−1 − index), so compaction can remap them.
  const parts = [...domainBdds.map((f, d) => ({ ref: d, top: bdd.level[f]! })), ...compiled.map((r, j) => ({ ref: -1 - j, top: bdd.level[r.bdd]! }))];
  const partBdd = (ref: number): number => (ref >= 0 ? domainBdds[ref]! : compiled[-1 - ref]!.bdd);
  // Conjoin as a balanced tree over the parts sorted by top level (deepest first): neighbours in
  // that list share most of their support, so each pairwise result stays small, and no single
  // accumulator is rebuilt 200 times. Layer by layer: pair 0–1, 2–3, …; an odd last part moves up.
  // (On Renault this creates ~30 % fewer intermediate nodes than the one-accumulator schedule.)
  parts.sort((x, y) => y.top - x.top);
  let layer = parts.map((p) => partBdd(p.ref));
  let root = layer.length === 0 ? TRUE : layer[0]!;
  let gcAt = Math.max(1 << 21, (opts.maxNodes ?? 0) / 2);
  let done = 0;
  while (layer.length > 1 && root !== FALSE) {
    let next: number[] = [];
    for (let i = 0; i < layer.length; i += 2) {
      if (i + 1 === layer.length) {
        next.push(layer[i]!);
        break;
      }
      if (done++ % 50 === 0) opts.onProgress?.("conjoin", done, parts.length, bdd.size);
      root = bdd.and(layer[i]!, layer[i + 1]!);
      if (root === FALSE) break;
      next.push(root);
      if (bdd.size > gcAt) {
        // Intermediate results are garbage: copy the live roots into a fresh store.
        const rest = layer.slice(i + 2);
        const pending = [...next, ...rest];
        const kept = bdd.compact([...pending, ...domainBdds, ...compiled.map((r) => r.bdd)]);
        // Parts of this layer already conjoined (0…i+1) are never read again.
        next = kept.slice(0, next.length);
        layer = [...layer.slice(0, i + 2), ...kept.slice(next.length, pending.length)];
        domainBdds = kept.slice(pending.length, pending.length + domainBdds.length);
        compiled = compiled.map((r, j) => ({ ...r, bdd: kept[pending.length + domainBdds.length + j]! }));
        const live = bdd.size;
        if (opts.maxNodes !== undefined && live > opts.maxNodes) throw new ValidationError(`model too large to compile within ${opts.maxNodes} live BDD nodes`, [{ path: "/", message: "too large to compile" }]);
        gcAt = Math.max(gcAt, live * 3);
      }
    }
    layer = next;
  }
  if (root !== FALSE && layer.length === 1) root = layer[0]!;
  if (root === FALSE) {
    const familyOfLevel = new Int32Array(next);
    fams.forEach((f, i) => f.vars.forEach((v) => (familyOfLevel[v] = i)));
    const { rules: conflict, smallest } = smallestConflict(bdd, domainBdds, compiled, familyOfLevel);
    const note = smallest ? "" : " (search budget exhausted: every rule listed is necessary, but a smaller conflicting set may exist)";
    const msg = conflict.length > 0 ? `contradictory model: rules ${conflict.map((r) => r.id).join(", ")} conflict${note}` : "contradictory model: no valid configuration";
    throw new ValidationError(msg, conflict.map((r) => ({ path: `/rules/${r.id}`, message: r.text })));
  }
  const kept = bdd.compact([root, ...domainBdds, ...compiled.map((r) => r.bdd)]);
  const rulesOut = compiled.map((r, i) => ({ ...r, bdd: kept[1 + domainBdds.length + i]! }));
  const cfg = new Configurator(bdd, kept[0]!, fams, rulesOut, { compileMs: performance.now() - t0, nodes: 0, variables: next, families: fams.length, rules: rules.length }, kept.slice(1, 1 + domainBdds.length));
  const stats = { ...cfg.stats, nodes: cfg.space.size, compileMs: performance.now() - t0 };
  const configurator = new Configurator(bdd, kept[0]!, fams, rulesOut, stats, kept.slice(1, 1 + domainBdds.length));
  const valid = configurator.validValues({});
  const deadValues = fams.flatMap((f) => f.values.filter((v) => !valid[f.id]!.includes(v)).map((v) => `${f.id}=${v}`));
  return { configurator, deadValues };
}

/** A context that builds BDDs of atoms and expressions over a compiled model's variables. */
export function buildContext(bdd: Bdd, fams: ReadonlyMap<string, Family>): BuildContext {
  const get = (id: string): Family => {
    const f = fams.get(id);
    if (!f) throw new ValidationError(`unknown family ${id}`, [{ path: "", message: `unknown family ${id}` }]);
    return f;
  };
  const ctx: BuildContext = {
    bdd,
    inValues(family, values) {
      const f = get(family);
      const allowed = f.values.map(() => false);
      for (const v of values) {
        const i = f.values.indexOf(v);
        if (i < 0) throw new ValidationError(`unknown value ${v} of family ${family}`, [{ path: "", message: `unknown value ${v}` }]);
        allowed[i] = true;
      }
      if (f.encoding === "bool") return allowed[0] && allowed[1] ? TRUE : bdd.literal(f.vars[0]!, allowed[1]!);
      // One-hot atoms state the whole family ("this value and no other"): positive literals alone
      // would let an OR of table rows branch on every subset of a family's variables.
      return oneOf(bdd, f.vars, allowed);
    },
    feature(name) {
      const f = get(name);
      if (f.encoding === "bool") return bdd.literal(f.vars[0]!);
      if (f.values.includes("yes")) return ctx.inValues(name, ["yes"]);
      throw new ValidationError(`${name} is a family with values; write ${name}=<value>`, [{ path: "", message: `bare family ${name}` }]);
    },
    table(families, rows) {
      const fs = families.map(get);
      const cols = fs.map((f, j) => ({ f, j })).sort((x, y) => x.f.vars[0]! - y.f.vars[0]!);
      const nc = cols.length;
      // Rows as a flat Int32Array in level order: −1 any value, ≥ 0 one value, ≤ −2 a value set.
      const cells = new Int32Array(rows.length * nc);
      const sets: number[][] = [];
      const index = cols.map(({ f }) => new Map(f.values.map((v, i) => [v, i])));
      const valueOf = (k: number, v: string): number => {
        const i = index[k]!.get(v);
        if (i === undefined) throw new ValidationError(`unknown value ${v} of family ${cols[k]!.f.id}`, [{ path: "", message: `unknown value ${v}` }]);
        return i;
      };
      for (let r = 0; r < rows.length; r++) {
        const row = rows[r]!;
        for (let k = 0; k < nc; k++) {
          const cell = row[cols[k]!.j];
          let code = -1;
          if (typeof cell === "string") code = valueOf(k, cell);
          else if (cell !== null && cell !== undefined) {
            code = -2 - sets.length;
            sets.push(cell.map((v) => valueOf(k, v)));
          }
          cells[r * nc + k] = code;
        }
      }
      const ids = new Int32Array(rows.length);
      for (let r = 0; r < rows.length; r++) ids[r] = r;
      return tableBdd(bdd, cols.map((c) => c.f), cells, sets, ids, 0);
    },
    expr(e) {
      switch (e.k) {
        case "const":
          return e.v ? TRUE : FALSE;
        case "var":
          return ctx.feature(e.name);
        case "in":
          return ctx.inValues(e.family, e.values);
        case "not":
          return bdd.not(ctx.expr(e.e));
        case "and":
          return bdd.andAll(e.es.map((x) => ctx.expr(x)));
        case "or":
          return bdd.orAll(e.es.map((x) => ctx.expr(x)));
        case "implies":
          return bdd.implies(ctx.expr(e.a), ctx.expr(e.b));
        case "iff":
          return bdd.not(bdd.xor(ctx.expr(e.a), ctx.expr(e.b)));
      }
    },
  };
  return ctx;
}

/**
 * The trie of a table's rows (`ids`, a subset) from column `k` on: split the rows by their value
 * of column k (a row with "any" goes to every branch), recurse, and join the branches in the
 * family's encoding. Row subsets are typed arrays, so a 32,000-row table makes little garbage.
 */
function tableBdd(bdd: Bdd, fams: readonly Family[], cells: Int32Array, sets: readonly (readonly number[])[], ids: Int32Array, k: number): number {
  if (ids.length === 0) return FALSE;
  const nc = fams.length;
  while (k < nc) {
    let any = true;
    for (let i = 0; i < ids.length; i++) if (cells[ids[i]! * nc + k] !== -1) {
      any = false;
      break;
    }
    if (!any) break;
    k++;
  }
  if (k === nc) return TRUE;
  const f = fams[k]!;
  const d = f.values.length;
  const counts = new Int32Array(d);
  let wild = 0;
  for (let i = 0; i < ids.length; i++) {
    const c = cells[ids[i]! * nc + k]!;
    if (c >= 0) counts[c]!++;
    else if (c === -1) wild++;
    else for (const v of sets[-2 - c]!) counts[v]!++;
  }
  const groups = Array.from({ length: d }, (_, v) => new Int32Array(counts[v]! + wild));
  const fill = new Int32Array(d);
  for (let i = 0; i < ids.length; i++) {
    const r = ids[i]!;
    const c = cells[r * nc + k]!;
    if (c >= 0) groups[c]![fill[c]!++] = r;
    else if (c === -1) for (let v = 0; v < d; v++) groups[v]![fill[v]!++] = r;
    else for (const v of sets[-2 - c]!) groups[v]![fill[v]!++] = r;
  }
  const sub = groups.map((g) => tableBdd(bdd, fams, cells, sets, g, k + 1));
  if (f.encoding === "bool") return bdd.mk(f.vars[0]!, sub[0]!, sub[1]!);
  // Exactly one variable of the family is 1; when it is value i, the rest of the table is sub[i].
  const order = f.vars.map((_, i) => i).sort((a, b) => f.vars[b]! - f.vars[a]!);
  let one = FALSE;
  const noneAbove: number[] = [];
  for (const i of order) {
    // "this var is 1, all vars below it are 0, then sub[i]"
    let tail = sub[i]!;
    for (const l of noneAbove) tail = bdd.mk(l, tail, FALSE);
    one = bdd.mk(f.vars[i]!, one, tail);
    noneAbove.push(f.vars[i]!);
  }
  return one;
}

/** Exactly one of `vars` is 1: built bottom-up in 2k nodes. */
export function exactlyOne(bdd: Bdd, vars: readonly number[]): number {
  return oneOf(bdd, vars, vars.map(() => true));
}

/** Exactly one of `vars` is 1 and it is one whose `allowed` flag is set. */
export function oneOf(bdd: Bdd, vars: readonly number[], allowed: readonly boolean[]): number {
  const idx = vars.map((_, i) => i).sort((a, b) => vars[b]! - vars[a]!);
  let none = TRUE; // none of the vars below is 1
  let one = FALSE; // exactly one of the vars below is 1, an allowed one
  for (const i of idx) {
    const v = vars[i]!;
    one = bdd.mk(v, one, allowed[i] ? none : FALSE);
    none = bdd.mk(v, none, FALSE);
  }
  return one;
}

/**
 * A smallest set of rules that conflict (with the one-hot domains), or, when the search budget
 * runs out, a deletion-minimal one (every rule in it necessary) flagged `smallest: false`.
 *
 * Method: a deletion-minimal set M gives an upper bound |M|. A smallest conflict is connected in
 * the graph "rules sharing a family" (rules over disjoint families are independent, so a
 * disconnected conflicting set contains a conflicting component), so we enumerate connected rule
 * sets of size 1, 2, … |M|−1 without duplicates (ESU, Wernicke 2006), conjoining BDDs as a set
 * grows; the first conflicting one is a smallest. Budget: `budget` conjunctions.
 */
export function smallestConflict(bdd: Bdd, domain: readonly number[], rules: readonly CompiledRule[], familyOfLevel: ArrayLike<number>, budget = 20_000): { rules: CompiledRule[]; smallest: boolean } {
  if (rules.length > 600) return { rules: [], smallest: false };
  const base = bdd.andAll(domain);
  const unsat = (rs: readonly CompiledRule[]): boolean => bdd.and(base, bdd.andAll(rs.map((r) => r.bdd))) === FALSE;
  let set = [...rules];
  for (let i = set.length - 1; i >= 0; i--) {
    const trial = set.filter((_, j) => j !== i);
    if (unsat(trial)) set = trial;
  }
  // Support of every rule (families of the levels its BDD tests) and the graph of shared families.
  const byLevel = new Map<number, number[]>();
  rules.forEach((r, i) => {
    for (const l of new Set([...supportLevels(bdd, r.bdd)].map((x) => familyOfLevel[x]!))) {
      const list = byLevel.get(l);
      if (list) list.push(i);
      else byLevel.set(l, [i]);
    }
  });
  const adj = rules.map(() => new Set<number>());
  for (const list of byLevel.values()) for (const a of list) for (const b of list) if (a !== b) adj[a]!.add(b);
  let spent = 0;
  const search = (k: number): number[] | null => {
    const sub: number[] = [];
    const inSub = new Uint8Array(rules.length);
    const extend = (conj: number, ext: number[], v: number): number[] | null => {
      if (sub.length === k) return conj === FALSE ? [...sub] : null;
      const rest = [...ext];
      while (rest.length > 0) {
        if (spent > budget) return null;
        const w = rest.pop()!;
        // Exclusive neighbours of w: not in the set, not adjacent to it, and after the anchor v.
        const add: number[] = [];
        for (const u of adj[w]!) if (u > v && !inSub[u] && !rest.includes(u) && !sub.some((x) => adj[x]!.has(u))) add.push(u);
        spent++;
        const next = bdd.and(conj, rules[w]!.bdd);
        sub.push(w);
        inSub[w] = 1;
        const found = next === FALSE && sub.length < k ? null : extend(next, [...rest, ...add], v);
        sub.pop();
        inSub[w] = 0;
        if (found) return found;
      }
      return null;
    };
    for (let v = 0; v < rules.length && spent <= budget; v++) {
      sub.push(v);
      inSub[v] = 1;
      spent++;
      const found = extend(bdd.and(base, rules[v]!.bdd), [...adj[v]!].filter((u) => u > v), v);
      sub.pop();
      inSub[v] = 0;
      if (found) return found;
    }
    return null;
  };
  for (let k = 1; k < set.length; k++) {
    const found = search(k);
    if (found) return { rules: found.sort((a, b) => a - b).map((i) => rules[i]!), smallest: true };
    if (spent > budget) return { rules: set, smallest: false };
  }
  return { rules: set, smallest: true };
}

/** Levels tested anywhere in `f`. */
function supportLevels(bdd: Bdd, f: number): Set<number> {
  const out = new Set<number>();
  const seen = new Set<number>();
  const stack = [f];
  while (stack.length) {
    const u = stack.pop()!;
    if (u <= TRUE || seen.has(u)) continue;
    seen.add(u);
    out.add(bdd.level[u]!);
    stack.push(bdd.lo[u]!, bdd.hi[u]!);
  }
  return out;
}
