/**
 * The configurator engine: a compiled solution space plus the option families mapped onto it.
 *
 * Encoding (explicit, because counts depend on it): a family with `encoding: "onehot"` owns one
 * boolean variable per value and the space contains "exactly one of them"; a family with
 * `encoding: "bool"` (feature models) owns one variable, values[0] ↔ 0 and values[1] ↔ 1.
 * BDD variable ids *are* levels: the compiler orders families before it allocates variables.
 */
import { ValidationError } from "../kernel/index.js";
import { type Bdd, FALSE, TRUE } from "./bdd.js";
import { Space, evaluate } from "./space.js";

export interface Family {
  readonly id: string;
  readonly label: string;
  readonly values: readonly string[];
  readonly encoding: "onehot" | "bool";
  /** Variable (= level) per value for one-hot; a single variable for bool. */
  readonly vars: readonly number[];
  readonly defaultValue?: string;
}

/** A named rule kept as its own BDD, to name it in explanations and validation. */
export interface CompiledRule {
  readonly id: string;
  readonly text: string;
  readonly bdd: number;
}

/** A (partial) selection: family id → value. */
export type Selection = Readonly<Record<string, string>>;

export interface CompileStats {
  readonly compileMs: number;
  readonly nodes: number;
  readonly variables: number;
  readonly families: number;
  readonly rules: number;
}

export interface Explanation {
  /** A minimal subset of the customer's choices under which the value is blocked. */
  readonly choices: Selection;
  /** Rules that together with those choices exclude the value (minimal when found). */
  readonly rules: readonly { readonly id: string; readonly text: string }[];
  readonly sentence: string;
}

export class Configurator {
  readonly space: Space;
  private readonly byId: ReadonlyMap<string, Family>;

  constructor(
    readonly bdd: Bdd,
    root: number,
    readonly families: readonly Family[],
    readonly rules: readonly CompiledRule[],
    readonly stats: CompileStats,
    /** Always-true structure (one-hot domains) used alongside rules when naming conflicts. */
    readonly domainBdds: readonly number[] = [],
  ) {
    this.space = new Space(bdd, root);
    this.byId = new Map(families.map((f) => [f.id, f]));
  }

  family(id: string): Family | undefined {
    return this.byId.get(id);
  }

  /** The per-level assignment of a selection; unknown families or values are a ValidationError naming them. */
  assignment(sel: Selection): Int8Array {
    const a = new Int8Array(this.bdd.numVars).fill(-1);
    for (const [fid, value] of Object.entries(sel)) {
      const f = this.byId.get(fid);
      const path = `/selection/${escapePointer(fid)}`;
      if (!f) throw new ValidationError(`unknown family ${fid}`, [{ path, message: `unknown family ${fid}` }]);
      const i = f.values.indexOf(value);
      if (i < 0) throw new ValidationError(`unknown value ${value} of family ${fid}`, [{ path, message: `unknown value ${value}` }]);
      if (f.encoding === "bool") a[f.vars[0]!] = i;
      else f.vars.forEach((v, j) => (a[v] = j === i ? 1 : 0));
    }
    return a;
  }

  /** True when the selection extends to at least one valid configuration. */
  isConsistent(sel: Selection): boolean {
    return this.space.satisfiable(this.assignment(sel));
  }

  /**
   * For every family, the values that still extend the selection to a complete valid
   * configuration (a selected family reports its selected value). All empty when the selection
   * itself is inconsistent.
   */
  validValues(sel: Selection): Record<string, string[]> {
    const lits = this.space.validLiterals(this.assignment(sel));
    const out: Record<string, string[]> = {};
    for (const f of this.families) {
      if (!lits) out[f.id] = [];
      else if (f.encoding === "bool") {
        const v = f.vars[0]!;
        out[f.id] = f.values.filter((_, i) => (i === 0 ? lits.can0[v] : lits.can1[v]));
      } else out[f.id] = f.values.filter((_, i) => lits.can1[f.vars[i]!]);
    }
    return out;
  }

  /** Exact number of valid complete configurations extending the selection. */
  count(sel: Selection = {}): bigint {
    return this.space.count(this.assignment(sel));
  }

  /** Whether `family = value` is still possible given the *other* choices of the selection. */
  isAvailable(sel: Selection, family: string, value: string): boolean {
    const rest = { ...sel };
    delete rest[family];
    return this.space.satisfiable(this.assignment({ ...rest, [family]: value }));
  }

  /**
   * Why `family = value` is blocked: a minimal subset of the customer's other choices that blocks
   * it (deletion-based: every choice left is necessary), and the rules that fire. Null if available.
   */
  explain(sel: Selection, family: string, value: string): Explanation | null {
    if (this.isAvailable(sel, family, value)) return null;
    let keep: Record<string, string> = { ...sel };
    delete keep[family];
    for (const k of Object.keys(keep)) {
      const trial = { ...keep };
      delete trial[k];
      if (!this.space.satisfiable(this.assignment({ ...trial, [family]: value }))) keep = trial;
    }
    const rules = this.conflictingRules({ ...keep, [family]: value });
    const what = `${family}=${value}`;
    const because = Object.keys(keep).length === 0 ? "is not available in any configuration" : `is not available with ${Object.entries(keep).map(([f, v]) => `${f}=${v}`).join(" and ")}`;
    const byRules = rules.length > 0 ? ` (rule${rules.length > 1 ? "s" : ""} ${rules.map((r) => `${r.id}: ${r.text}`).join("; ")})` : "";
    return { choices: keep, rules, sentence: `${what} ${because}${byRules}.` };
  }

  /**
   * A smallest-by-deletion set of rules that, with the one-hot domains, has no solution under the
   * selection. Rules are restricted by the selection first, so only rules that still matter are tried.
   */
  conflictingRules(sel: Selection, maxRules = 600): { id: string; text: string }[] {
    const a = this.assignment(sel);
    const fix = new Map<number, boolean>();
    a.forEach((x, l) => x !== -1 && fix.set(l, x === 1));
    const b = this.bdd;
    const domain = b.andAll(this.domainBdds.map((d) => b.restrict(d, fix)));
    const live = this.rules.map((r) => ({ r, f: b.restrict(r.bdd, fix) })).filter((x) => x.f !== TRUE);
    const single = live.find((x) => b.and(domain, x.f) === FALSE);
    if (single) return [{ id: single.r.id, text: single.r.text }];
    if (live.length > maxRules) return [];
    let set = live;
    if (b.and(domain, b.andAll(set.map((x) => x.f))) !== FALSE) return [];
    for (let i = set.length - 1; i >= 0; i--) {
      const trial = set.filter((_, j) => j !== i);
      if (b.and(domain, b.andAll(trial.map((x) => x.f))) === FALSE) set = trial;
    }
    return set.map((x) => ({ id: x.r.id, text: x.r.text }));
  }

  /**
   * Completes a selection into a full valid configuration without backtracking: each open family
   * (in model order) takes its default if still valid, else its first valid value. With
   * `cost`, instead returns the configuration of least total value cost (exact shortest path).
   * Throws a ValidationError when the selection itself has no valid completion.
   */
  complete(sel: Selection, cost?: (family: string, value: string) => number): Record<string, string> {
    const a = this.assignment(sel);
    if (!this.space.satisfiable(a)) throw new ValidationError("the selection has no valid completion", [{ path: "/selection", message: "no valid completion" }]);
    if (cost) {
      const c = new Float64Array(this.bdd.numVars);
      for (const f of this.families) {
        if (f.encoding === "bool") c[f.vars[0]!] = cost(f.id, f.values[1]!) - cost(f.id, f.values[0]!);
        else f.values.forEach((v, i) => (c[f.vars[i]!] = cost(f.id, v)));
      }
      return this.selectionOf(this.space.cheapest(a, c)!);
    }
    const out: Record<string, string> = { ...sel };
    for (const f of this.families) {
      if (out[f.id] !== undefined) continue;
      const valid = this.validValues(out)[f.id]!;
      out[f.id] = f.defaultValue !== undefined && valid.includes(f.defaultValue) ? f.defaultValue : valid[0]!;
    }
    return out;
  }

  /** The selection a full per-level assignment stands for. */
  selectionOf(a: ArrayLike<number>): Record<string, string> {
    const out: Record<string, string> = {};
    for (const f of this.families) {
      if (f.encoding === "bool") out[f.id] = f.values[a[f.vars[0]!] === 1 ? 1 : 0]!;
      else {
        const i = f.vars.findIndex((v) => a[v] === 1);
        if (i >= 0) out[f.id] = f.values[i]!;
      }
    }
    return out;
  }

  /**
   * Checks a full configuration: names every family left open and every rule it violates.
   * Unknown families or values throw a ValidationError naming them.
   */
  validate(sel: Selection): { valid: boolean; missing: string[]; violated: { id: string; text: string }[] } {
    const a = this.assignment(sel);
    const missing = this.families.filter((f) => sel[f.id] === undefined).map((f) => f.id);
    const violated = missing.length > 0 ? [] : this.rules.filter((r) => !evaluate(this.bdd, r.bdd, a)).map((r) => ({ id: r.id, text: r.text }));
    const valid = missing.length === 0 && violated.length === 0 && this.space.satisfiable(a);
    return { valid, missing, violated };
  }
}

function escapePointer(s: string): string {
  return s.replace(/~/g, "~0").replace(/\//g, "~1");
}
