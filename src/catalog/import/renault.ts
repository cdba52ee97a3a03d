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
    // Hand-written scanner (the files hold 113,000 lines): rows of one value per column or null.
    const cols = new Map<string, number>();
    const rows: (string | null)[][] = [];
    let lineNo = 0;
    for (let at = 0; at <= text.length; ) {
      let end = text.indexOf("\n", at);
      if (end < 0) end = text.length;
      lineNo++;
      const raw = text.slice(at, end).trim();
      const t = raw.includes("\t") ? raw.replace(/\s+/g, " ") : raw;
      at = end + 1;
      if (!t || t === "or(" || t === "or)") continue;
      const row: (string | null)[] = [];
      for (const cell of t.split(" and ")) {
        const c = cell.trim();
        const eq = c.indexOf("=");
        const fam = eq > 0 ? c.slice(0, eq).trim() : "";
        const value = eq > 0 ? c.slice(eq + 1).trim() : "";
        if (!fam || !value || /\s/.test(fam) || /\s/.test(value)) throw new ValidationError(`${name} line ${lineNo}: expected Var = value`, [{ path: `/${name}/${lineNo}`, message: `bad cell "${cell}"` }]);
        let j = cols.get(fam);
        if (j === undefined) cols.set(fam, (j = cols.size));
        row[j] = value;
      }
      rows.push(row);
    }
    const fams = [...cols.keys()];
    for (const row of rows) for (let j = 0; j < fams.length; j++) if (row[j] === undefined) row[j] = null;
    return {
      id: name.replace(/\.pm$/, ""),
      text: `allowed combinations of ${fams.join(", ")} (${rows.length} lines)`,
      families: fams,
      build: (c) => c.table(fams, rows),
    };
  });
  return compileModel(families, rules, opts);
}
