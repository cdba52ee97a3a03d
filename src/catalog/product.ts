/**
 * Product models: compiles a checked ProductModel into a configurator plus the price, 150% BOM
 * and work-content conditions, each condition compiled once to a BDD so that a configuration's
 * price, 100% BOM and station work are evaluated by path walks.
 */
import { type Money, ValidationError, addMoney, money } from "../kernel/index.js";
import type { Configurator, Selection } from "./configurator.js";
import { buildContext, compileModel, type BuildContext, type RuleSpec } from "./compile.js";
import { type Expr, atomsOf, parseExpr } from "./expr.js";
import { checkProductModel, type ProductModel, type ProductRule } from "./schema.js";
import { evaluate } from "./space.js";

export interface CompiledProduct {
  readonly model: ProductModel;
  readonly configurator: Configurator;
  readonly deadValues: readonly string[];
  /** Condition BDD per surcharge / BOM line / work item (TRUE when unconditional). */
  readonly surchargeBdds: readonly number[];
  readonly bomBdds: readonly number[];
  readonly workBdds: readonly number[];
}

/**
 * Checks and compiles a product model. Throws a ValidationError naming the field (JSON pointer)
 * of a schema error, an unknown family or value, or a syntax error in a rule.
 * @example const p = compileProduct(JSON.parse(text)); p.configurator.count()
 */
export function compileProduct(input: unknown): CompiledProduct {
  const model = checkProductModel(input);
  const fams = new Map(model.families.map((f) => [f.id, new Set(f.values.map((v) => v.id))]));
  const issue = (path: string, message: string): never => {
    throw new ValidationError(`${path}: ${message}`, [{ path, message }]);
  };
  model.families.forEach((f, i) => {
    if (model.families.findIndex((g) => g.id === f.id) !== i) issue(`/families/${i}/id`, `duplicate family ${f.id}`);
    if (f.default !== undefined && !fams.get(f.id)!.has(f.default)) issue(`/families/${i}/default`, `default ${f.default} is not a value of ${f.id}`);
    if (new Set(f.values.map((v) => v.id)).size !== f.values.length) issue(`/families/${i}/values`, "duplicate value id");
  });
  const checked = (text: string, path: string): Expr => {
    const e = parseExpr(text, path);
    const { atoms, names } = atomsOf(e);
    for (const a of atoms) {
      const vs = fams.get(a.family) ?? issue(path, `unknown family ${a.family}`);
      for (const v of a.values) if (!vs.has(v)) issue(path, `unknown value ${v} of family ${a.family}`);
    }
    for (const n of names) if (!fams.get(n)?.has("yes")) issue(path, fams.has(n) ? `${n} has no value yes; write ${n}=<value>` : `unknown family ${n}`);
    return e;
  };
  const ruleIds = new Set<string>();
  const rules: RuleSpec[] = model.rules.map((r, i) => {
    if (ruleIds.has(r.id)) issue(`/rules/${i}/id`, `duplicate rule ${r.id}`);
    ruleIds.add(r.id);
    return ruleSpec(r, `/rules/${i}`, checked, fams, issue);
  });
  const { configurator, deadValues } = compileModel(
    model.families.map((f) => ({ id: f.id, label: f.label, values: f.values.map((v) => v.id), encoding: "onehot" as const, ...(f.default !== undefined ? { defaultValue: f.default } : {}) })),
    rules,
  );
  const ctx = buildContext(configurator.bdd, new Map(configurator.families.map((f) => [f.id, f])));
  const cond = (text: string | undefined, path: string): number => (text === undefined ? 1 : ctx.expr(checked(text, path)));
  return {
    model,
    configurator,
    deadValues,
    surchargeBdds: model.surcharges.map((s, i) => cond(s.when, `/surcharges/${i}/when`)),
    bomBdds: model.bom.map((b, i) => cond(b.when, `/bom/${i}/when`)),
    workBdds: model.work.map((w, i) => cond(w.when, `/work/${i}/when`)),
  };
}

function ruleSpec(r: ProductRule, path: string, checked: (t: string, p: string) => Expr, fams: ReadonlyMap<string, ReadonlySet<string>>, issue: (p: string, m: string) => never): RuleSpec {
  const famsOf = (...es: Expr[]): string[] => es.flatMap((e) => { const x = atomsOf(e); return [...x.atoms.map((a) => a.family), ...x.names]; });
  switch (r.kind) {
    case "requires":
    case "excludes": {
      const a = checked(r.if, `${path}/if`);
      const b = checked(r.then, `${path}/then`);
      const text = r.message ?? `${r.if} ${r.kind === "requires" ? "requires" : "excludes"} ${r.then}`;
      return { id: r.id, text, families: famsOf(a, b), build: (c: BuildContext) => c.bdd.implies(c.expr(a), r.kind === "requires" ? c.expr(b) : c.bdd.not(c.expr(b))) };
    }
    case "constraint": {
      const e = checked(r.expr, `${path}/expr`);
      return { id: r.id, text: r.message ?? r.expr, families: famsOf(e), build: (c) => c.expr(e) };
    }
    case "table": {
      const when = r.when !== undefined ? checked(r.when, `${path}/when`) : undefined;
      r.families.forEach((f, j) => fams.has(f) || issue(`${path}/families/${j}`, `unknown family ${f}`));
      const rows = r.rows.map((row, i) => {
        if (row.length !== r.families.length) issue(`${path}/rows/${i}`, `row has ${row.length} cells, table has ${r.families.length} families`);
        return row.map((cell, j) => {
          if (cell === "*") return null;
          const vs = cell.split("|");
          for (const v of vs) if (!fams.get(r.families[j]!)!.has(v)) issue(`${path}/rows/${i}/${j}`, `unknown value ${v} of family ${r.families[j]}`);
          return vs;
        });
      });
      const text = r.message ?? `allowed combinations of ${r.families.join(", ")}${r.when ? ` when ${r.when}` : ""}`;
      return {
        id: r.id,
        text,
        families: [...r.families, ...(when ? famsOf(when) : [])],
        build: (c) => {
          const table = c.table(r.families, rows);
          return when ? c.bdd.implies(c.expr(when), table) : table;
        },
      };
    }
  }
}

/** The per-level assignment of a full configuration, after checking it is valid. */
function fullAssignment(p: CompiledProduct, sel: Selection): Int8Array {
  const v = p.configurator.validate(sel);
  if (!v.valid) {
    const issues = [...v.missing.map((f) => ({ path: `/selection/${f}`, message: "no value chosen" })), ...v.violated.map((r) => ({ path: `/rules/${r.id}`, message: r.text }))];
    throw new ValidationError(`invalid configuration: ${issues.map((i) => `${i.path} ${i.message}`).join("; ")}`, issues);
  }
  return p.configurator.assignment(sel);
}

export interface PriceBreakdown {
  readonly total: Money;
  readonly lines: readonly { readonly label: string; readonly amount: Money }[];
  readonly modelVersion: string;
}

/** Price of a valid full configuration: base + value prices + surcharges whose condition holds. */
export function priceOf(p: CompiledProduct, sel: Selection): PriceBreakdown {
  const a = fullAssignment(p, sel);
  const cur = p.model.currency;
  const lines: { label: string; amount: Money }[] = [{ label: "base price", amount: money(p.model.basePrice, cur) }];
  for (const f of p.model.families) {
    const v = f.values.find((x) => x.id === sel[f.id])!;
    if (v.price !== 0) lines.push({ label: `${f.label}: ${v.label}`, amount: money(v.price, cur) });
  }
  p.model.surcharges.forEach((s, i) => {
    if (evaluate(p.configurator.bdd, p.surchargeBdds[i]!, a)) lines.push({ label: s.label, amount: money(s.amount, cur) });
  });
  return { total: lines.reduce((t, l) => addMoney(t, l.amount), money(0, cur)), lines, modelVersion: p.model.version };
}

export interface BomLine {
  readonly id: string;
  readonly part: string;
  readonly label: string;
  readonly qty: number;
  readonly unit: string;
  readonly station?: string;
}

/** The 100% BOM of a valid full configuration: the 150% BOM lines whose conditions hold. */
export function explodeBom(p: CompiledProduct, sel: Selection): BomLine[] {
  const a = fullAssignment(p, sel);
  return p.model.bom
    .filter((_, i) => evaluate(p.configurator.bdd, p.bomBdds[i]!, a))
    .map((b) => ({ id: b.id, part: b.part, label: b.label, qty: b.qty, unit: b.unit ?? "pc", ...(b.station !== undefined ? { station: b.station } : {}) }));
}

/** Work content in seconds per station code for a valid full configuration (sum of matching items). */
export function workContent(p: CompiledProduct, sel: Selection): Record<string, number> {
  const a = fullAssignment(p, sel);
  const out: Record<string, number> = {};
  p.model.work.forEach((w, i) => {
    if (evaluate(p.configurator.bdd, p.workBdds[i]!, a)) out[w.station] = (out[w.station] ?? 0) + w.seconds;
  });
  return out;
}
