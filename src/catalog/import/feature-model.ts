/**
 * Feature models (FeatureIDE XML, UVL) share one tree: every feature becomes a boolean family, and
 * the tree contributes the usual propositional semantics (Batory 2005): the root is selected, a
 * child implies its parent, a mandatory child is implied by its parent, an alternative group
 * holds exactly one child and an or-group at least one when the parent is selected.
 */
import type { CompileOptions, CompileResult, RuleSpec } from "../compile.js";
import { compileModel } from "../compile.js";
import type { Expr } from "../expr.js";
import { exactlyOne } from "../compile.js";

export interface FeatureNode {
  readonly name: string;
  readonly mandatory: boolean;
  /** Kind of the group formed by this feature's children. */
  readonly group: "and" | "alt" | "or";
  readonly children: FeatureNode[];
}

export interface FeatureModel {
  readonly root: FeatureNode;
  readonly constraints: readonly Expr[];
  readonly constraintTexts: readonly string[];
}

const BOOL_VALUES = ["false", "true"] as const;

/** Features in tree pre-order: keeps parents next to their children in the variable order. */
export function featuresOf(root: FeatureNode): FeatureNode[] {
  const out: FeatureNode[] = [];
  const go = (n: FeatureNode): void => {
    out.push(n);
    n.children.forEach(go);
  };
  go(root);
  return out;
}

/** Compiles a feature model; features are boolean families with values `false`/`true`. */
export function compileFeatureModel(fm: FeatureModel, opts: CompileOptions = {}): CompileResult {
  const features = featuresOf(fm.root);
  const rules: RuleSpec[] = [{ id: "root", text: `${fm.root.name} is selected`, families: [fm.root.name], build: (c) => c.feature(fm.root.name) }];
  for (const p of features) {
    for (const ch of p.children) {
      rules.push({ id: `parent:${ch.name}`, text: `${ch.name} requires its parent ${p.name}`, families: [ch.name, p.name], build: (c) => c.bdd.implies(c.feature(ch.name), c.feature(p.name)) });
      if (p.group === "and" && ch.mandatory) rules.push({ id: `mandatory:${ch.name}`, text: `${p.name} requires its mandatory ${ch.name}`, families: [ch.name, p.name], build: (c) => c.bdd.implies(c.feature(p.name), c.feature(ch.name)) });
    }
    if (p.children.length === 0 || p.group === "and") continue;
    const names = p.children.map((c) => c.name);
    if (p.group === "alt")
      rules.push({ id: `alternative:${p.name}`, text: `${p.name} requires exactly one of ${names.join(", ")}`, families: [p.name, ...names], build: (c) => c.bdd.implies(c.feature(p.name), exactlyOneOf(c.bdd, names.map((n) => c.feature(n)))) });
    else rules.push({ id: `or:${p.name}`, text: `${p.name} requires at least one of ${names.join(", ")}`, families: [p.name, ...names], build: (c) => c.bdd.implies(c.feature(p.name), c.bdd.orAll(names.map((n) => c.feature(n)))) });
  }
  fm.constraints.forEach((e, i) => rules.push({ id: `constraint:${i + 1}`, text: fm.constraintTexts[i] ?? "", families: namesIn(e), build: (c) => c.expr(e) }));
  return compileModel(
    features.map((f) => ({ id: f.name, values: BOOL_VALUES, encoding: "bool" as const, defaultValue: "false" })),
    rules,
    { order: "given", ...opts },
  );
}

function exactlyOneOf(bdd: Parameters<RuleSpec["build"]>[0]["bdd"], lits: readonly number[]): number {
  // Literals of single variables: reuse the one-hot construction on their levels.
  if (lits.every((l) => bdd.lo[l] === 0 && bdd.hi[l] === 1)) return exactlyOne(bdd, lits.map((l) => bdd.level[l]!));
  let none = 1;
  let one = 0;
  for (const l of lits) {
    one = bdd.or(bdd.and(one, bdd.not(l)), bdd.and(none, l));
    none = bdd.and(none, bdd.not(l));
  }
  return one;
}

function namesIn(e: Expr): string[] {
  switch (e.k) {
    case "var":
      return [e.name];
    case "in":
      return [e.family];
    case "not":
      return namesIn(e.e);
    case "and":
    case "or":
      return e.es.flatMap(namesIn);
    case "implies":
    case "iff":
      return [...namesIn(e.a), ...namesIn(e.b)];
    default:
      return [];
  }
}
