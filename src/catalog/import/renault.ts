/**
 * The Renault Mégane configuration problem in ChocoKB's rule-table format: `domains.tsv`
 * (`VarN <TAB> size <TAB> v1,v2,…`) and one file per constraint, a disjunction of lines
 * `VarA = x  and VarB = y`; nested `or(` … `or)` blocks only group lines, so all lines of a
 * file form one disjunction. A variable a line does not mention is unconstrained by that line.
 */
import { ValidationError } from "../../kernel/index.js";
import { type CompileOptions, type CompileResult, type RuleSpec, compileModel } from "../compile.js";

export interface RenaultSource {
  readonly domains: string;
  readonly rules: readonly { readonly name: string; readonly text: string }[];
}

/** Compiles the Renault problem: variables are one-hot families. */
export function compileRenault(src: RenaultSource, opts: CompileOptions = {}): CompileResult {
  const families: { id: string; values: string[]; encoding: "onehot" }[] = [];
  src.domains.split(/\r?\n/).forEach((line, i) => {
    if (!line.trim() || line.startsWith("#")) return;
    const [name, size, values] = line.split("\t");
    const vs = (values ?? "").split(",").map((v) => v.trim());
    if (!name || vs.length !== Number(size)) throw new ValidationError(`domains line ${i + 1}: bad domain`, [{ path: `/domains/${i + 1}`, message: "bad domain" }]);
    families.push({ id: name, values: vs, encoding: "onehot" });
  });
  const rules: RuleSpec[] = src.rules.map(({ name, text }) => {
    const rows: [string, string][][] = [];
    const fams = new Set<string>();
    text.split(/\r?\n/).forEach((line, i) => {
      const t = line.trim();
      if (!t || t === "or(" || t === "or)") return;
      const row = t.split(/\s+and\s+/).map((cell) => {
        const m = /^(\S+)\s*=\s*(\S+)$/.exec(cell.trim());
        if (!m) throw new ValidationError(`${name} line ${i + 1}: expected Var = value`, [{ path: `/${name}/${i + 1}`, message: `bad cell "${cell}"` }]);
        fams.add(m[1]!);
        return [m[1]!, m[2]!] as [string, string];
      });
      rows.push(row);
    });
    return {
      id: name.replace(/\.pm$/, ""),
      text: `allowed combinations of ${[...fams].join(", ")} (${rows.length} lines)`,
      families: [...fams],
      build: (c) => {
        const cols = [...fams];
        return c.table(cols, rows.map((row) => cols.map((f) => { const cell = row.find(([g]) => g === f); return cell ? [cell[1]] : null; })));
      },
    };
  });
  return compileModel(families, rules, opts);
}
