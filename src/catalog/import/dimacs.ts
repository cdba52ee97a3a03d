/**
 * DIMACS CNF with named variables (`c <index> <name>` comment lines, as exported by FeatureIDE):
 * every variable is a boolean family named by its comment (or `x<index>`), every clause a rule.
 */
import { ValidationError } from "../../kernel/index.js";
import { type CompileOptions, type CompileResult, compileModel } from "../compile.js";

export interface Cnf {
  readonly numVars: number;
  readonly names: readonly string[];
  /** Clauses as signed 1-based variable indexes. */
  readonly clauses: readonly (readonly number[])[];
}

/** Parses DIMACS CNF (LF or CRLF; clauses may span lines, each ends with 0). */
export function parseDimacs(src: string): Cnf {
  let numVars = -1;
  const names = new Map<number, string>();
  const clauses: number[][] = [];
  let cur: number[] = [];
  src.split(/\r?\n/).forEach((line, i) => {
    const t = line.trim();
    if (!t || t.startsWith("%")) return;
    if (t.startsWith("c")) {
      const m = /^c\s+(\d+)\s+(\S.*)$/.exec(t);
      if (m) names.set(Number(m[1]), m[2]!.trim());
      return;
    }
    if (t.startsWith("p")) {
      const m = /^p\s+cnf\s+(\d+)\s+(\d+)/.exec(t);
      if (!m) throw new ValidationError(`DIMACS line ${i + 1}: bad header`, [{ path: `/line/${i + 1}`, message: "bad header" }]);
      numVars = Number(m[1]);
      return;
    }
    for (const tok of t.split(/\s+/)) {
      const l = Number(tok);
      if (!Number.isInteger(l) || Math.abs(l) > numVars || numVars < 0) throw new ValidationError(`DIMACS line ${i + 1}: bad literal ${tok}`, [{ path: `/line/${i + 1}`, message: `bad literal ${tok}` }]);
      if (l === 0) {
        clauses.push(cur);
        cur = [];
      } else cur.push(l);
    }
  });
  if (cur.length) clauses.push(cur);
  if (numVars < 0) throw new ValidationError("DIMACS: missing p cnf header", [{ path: "/", message: "missing header" }]);
  const seen = new Set<string>();
  const list = Array.from({ length: numVars }, (_, i) => {
    let n = names.get(i + 1) ?? `x${i + 1}`;
    if (seen.has(n)) n = `${n}#${i + 1}`;
    seen.add(n);
    return n;
  });
  return { numVars, names: list, clauses };
}

/** Compiles a CNF: variable order as given (feature-model exports are in tree pre-order). */
export function compileCnf(cnf: Cnf, opts: CompileOptions = {}): CompileResult {
  const lit = (l: number): string => (l > 0 ? cnf.names[l - 1]! : `not ${cnf.names[-l - 1]!}`);
  return compileModel(
    cnf.names.map((n) => ({ id: n, values: ["false", "true"], encoding: "bool" as const, defaultValue: "false" })),
    cnf.clauses.map((c, i) => ({
      id: `clause:${i + 1}`,
      text: c.map(lit).join(" or "),
      families: c.map((l) => cnf.names[Math.abs(l) - 1]!),
      build: (ctx) => ctx.bdd.orAll(c.map((l) => ctx.bdd.literal(ctx.bdd.level[ctx.feature(cnf.names[Math.abs(l) - 1]!)]!, l > 0))),
    })),
    { order: "given", ...opts },
  );
}
