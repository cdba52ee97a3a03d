/**
 * The rule expression language of product models (and of UVL constraints).
 *
 *   expr    := iff
 *   iff     := implies ( ("<->" | "<=>") implies )*
 *   implies := or ( ("->" | "=>") implies )?          right-associative
 *   or      := and ( ("or" | "|" | "||") and )*
 *   and     := unary ( ("and" | "&" | "&&") unary )*
 *   unary   := ("not" | "!") unary | atom
 *   atom    := "(" expr ")" | "true" | "false"
 *            | NAME "=" NAME | NAME "!=" NAME | NAME ("in" | "not in") "{" NAME ("," NAME)* "}"
 *            | NAME                                   a boolean feature, or a `yes` value
 *   NAME    := [A-Za-z0-9_.+-]+ | "quoted"
 *
 * Example: `engine=EV2 and market=EU -> battery in {L, XL}`. Errors give the column and what was
 * expected, because a catalog author reads them, not a program.
 */
import { ValidationError } from "../kernel/index.js";

export type Expr =
  | { readonly k: "const"; readonly v: boolean }
  | { readonly k: "var"; readonly name: string }
  | { readonly k: "in"; readonly family: string; readonly values: readonly string[] }
  | { readonly k: "not"; readonly e: Expr }
  | { readonly k: "and" | "or"; readonly es: readonly Expr[] }
  | { readonly k: "implies" | "iff"; readonly a: Expr; readonly b: Expr };

interface Token {
  readonly t: string;
  readonly col: number;
  readonly name?: boolean;
}

const SYMBOLS = ["<->", "<=>", "->", "=>", "!=", "&&", "||", "(", ")", "{", "}", ",", "=", "!", "&", "|"];
const KEYWORDS = new Set(["and", "or", "not", "in", "true", "false"]);

function tokenize(src: string, path: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === '"') {
      const end = src.indexOf('"', i + 1);
      if (end < 0) throw exprError(path, src, i, "unterminated quoted name");
      out.push({ t: src.slice(i + 1, end), col: i, name: true });
      i = end + 1;
      continue;
    }
    const sym = SYMBOLS.find((s) => src.startsWith(s, i));
    if (sym) {
      out.push({ t: sym, col: i });
      i += sym.length;
      continue;
    }
    const m = /^[A-Za-z0-9_.+-]+/.exec(src.slice(i));
    if (!m) throw exprError(path, src, i, `unexpected character '${c}'`);
    // A '-' that starts '->' ends a name: `a->b` is an implication.
    let word = m[0];
    const arrow = word.indexOf("->");
    if (arrow > 0) word = word.slice(0, arrow);
    out.push({ t: word, col: i, name: !KEYWORDS.has(word) });
    i += word.length;
  }
  return out;
}

function exprError(path: string, src: string, col: number, message: string): ValidationError {
  const msg = `${message} at column ${col + 1} in "${src}"`;
  return new ValidationError(`${path}: ${msg}`, [{ path, message: msg }]);
}

/**
 * Parses one rule expression.
 * @param path JSON pointer of the field the text came from, named in errors.
 * @example parseExpr("engine=EV2 and market=EU -> battery in {L, XL}")
 */
export function parseExpr(src: string, path = ""): Expr {
  const toks = tokenize(src, path);
  let p = 0;
  const peek = (): Token | undefined => toks[p];
  const at = (...ts: string[]): boolean => {
    const k = toks[p];
    return k !== undefined && !k.name && ts.includes(k.t);
  };
  const fail = (what: string): never => {
    const k = toks[p];
    throw exprError(path, src, k ? k.col : src.length, k ? `expected ${what}, found '${k.t}'` : `expected ${what}, found end of rule`);
  };
  const name = (what: string): string => {
    const k = toks[p];
    if (!k || !k.name) return fail(what);
    p++;
    return k.t;
  };
  const expect = (t: string): void => {
    if (!at(t)) fail(`'${t}'`);
    p++;
  };
  const iff = (): Expr => {
    let a = implies();
    while (at("<->", "<=>")) {
      p++;
      a = { k: "iff", a, b: implies() };
    }
    return a;
  };
  const implies = (): Expr => {
    const a = or();
    if (at("->", "=>")) {
      p++;
      return { k: "implies", a, b: implies() };
    }
    return a;
  };
  const or = (): Expr => {
    const es = [and()];
    while (at("or", "|", "||")) {
      p++;
      es.push(and());
    }
    return es.length === 1 ? es[0]! : { k: "or", es };
  };
  const and = (): Expr => {
    const es = [unary()];
    while (at("and", "&", "&&")) {
      p++;
      es.push(unary());
    }
    return es.length === 1 ? es[0]! : { k: "and", es };
  };
  const unary = (): Expr => {
    if (at("not", "!") && !(toks[p]?.t === "not" && toks[p + 1]?.t === "in")) {
      p++;
      return { k: "not", e: unary() };
    }
    return atom();
  };
  const valueSet = (): string[] => {
    expect("{");
    const vs = [name("a value")];
    while (at(",")) {
      p++;
      vs.push(name("a value"));
    }
    expect("}");
    return vs;
  };
  const atom = (): Expr => {
    if (at("(")) {
      p++;
      const e = iff();
      expect(")");
      return e;
    }
    if (at("true", "false")) return { k: "const", v: toks[p++]!.t === "true" };
    if (!peek()?.name) return fail("a family name, 'not' or '('");
    const family = name("a family name");
    if (at("=")) {
      p++;
      return { k: "in", family, values: [name(`a value of ${family} after '='`)] };
    }
    if (at("!=")) {
      p++;
      return { k: "not", e: { k: "in", family, values: [name(`a value of ${family} after '!='`)] } };
    }
    if (at("in")) {
      p++;
      return { k: "in", family, values: valueSet() };
    }
    if (at("not") && toks[p + 1]?.t === "in") {
      p += 2;
      return { k: "not", e: { k: "in", family, values: valueSet() } };
    }
    return { k: "var", name: family };
  };
  if (toks.length === 0) throw exprError(path, src, 0, "empty rule");
  const e = iff();
  if (p < toks.length) fail("an operator or end of rule");
  return e;
}

/** Every (family, value) atom and bare name an expression mentions, for checking against the model. */
export function atomsOf(e: Expr, out: { family: string; values: readonly string[] }[] = [], names: string[] = []): { atoms: typeof out; names: string[] } {
  switch (e.k) {
    case "in":
      out.push({ family: e.family, values: e.values });
      break;
    case "var":
      names.push(e.name);
      break;
    case "not":
      atomsOf(e.e, out, names);
      break;
    case "and":
    case "or":
      for (const x of e.es) atomsOf(x, out, names);
      break;
    case "implies":
    case "iff":
      atomsOf(e.a, out, names);
      atomsOf(e.b, out, names);
      break;
  }
  return { atoms: out, names };
}

/** Evaluates an expression on a full selection (family → value); bare names mean `name = yes` or a true feature. */
export function evalExpr(e: Expr, sel: (family: string) => string | undefined): boolean {
  switch (e.k) {
    case "const":
      return e.v;
    case "var": {
      const v = sel(e.name);
      return v === "yes" || v === "true";
    }
    case "in": {
      const v = sel(e.family);
      return v !== undefined && e.values.includes(v);
    }
    case "not":
      return !evalExpr(e.e, sel);
    case "and":
      return e.es.every((x) => evalExpr(x, sel));
    case "or":
      return e.es.some((x) => evalExpr(x, sel));
    case "implies":
      return !evalExpr(e.a, sel) || evalExpr(e.b, sel);
    case "iff":
      return evalExpr(e.a, sel) === evalExpr(e.b, sel);
  }
}
