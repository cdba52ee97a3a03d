/**
 * FeatureIDE XML feature models: `<struct>` holds the tree (`and`/`alt`/`or`/`feature` elements
 * with `name` and `mandatory`), `<constraints>` holds `<rule>`s built from `imp`, `eq`, `disj`,
 * `conj`, `not` and `var`. A small tag scanner is enough: the format has no mixed content we need.
 */
import { ValidationError } from "../../kernel/index.js";
import type { Expr } from "../expr.js";
import type { FeatureModel, FeatureNode } from "./feature-model.js";

interface El {
  readonly tag: string;
  readonly attrs: Record<string, string>;
  readonly children: El[];
  text: string;
}

function parseXml(src: string): El {
  const root: El = { tag: "#root", attrs: {}, children: [], text: "" };
  const stack: El[] = [root];
  const re = /<!--[\s\S]*?-->|<\?[\s\S]*?\?>|<(\/?)([A-Za-z_][\w.-]*)((?:\s+[\w.:-]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>|([^<]+)/g;
  for (let m = re.exec(src); m; m = re.exec(src)) {
    if (m[5] !== undefined) {
      stack[stack.length - 1]!.text += m[5];
      continue;
    }
    if (m[2] === undefined) continue;
    if (m[1] === "/") {
      const top = stack.pop();
      if (!top || top.tag !== m[2]) throw new ValidationError(`XML: unexpected </${m[2]}>`, [{ path: "/", message: `unexpected </${m[2]}>` }]);
      continue;
    }
    const attrs: Record<string, string> = {};
    for (const a of m[3]!.matchAll(/([\w.:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) attrs[a[1]!] = decode(a[2] ?? a[3] ?? "");
    const el: El = { tag: m[2], attrs, children: [], text: "" };
    stack[stack.length - 1]!.children.push(el);
    if (m[4] !== "/") stack.push(el);
  }
  return root;
}

function decode(s: string): string {
  return s.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, "&");
}

const TREE_TAGS = new Set(["and", "alt", "or", "feature"]);

/** Parses a FeatureIDE XML model. */
export function parseFeatureIde(src: string): FeatureModel {
  const doc = parseXml(src);
  const find = (el: El, tag: string): El | undefined => {
    if (el.tag === tag) return el;
    for (const c of el.children) {
      const f = find(c, tag);
      if (f) return f;
    }
    return undefined;
  };
  const struct = find(doc, "struct");
  const top = struct?.children.find((c) => TREE_TAGS.has(c.tag));
  if (!top) throw new ValidationError("FeatureIDE: no <struct> with a root feature", [{ path: "/struct", message: "missing" }]);
  const node = (el: El): FeatureNode => ({
    name: el.attrs["name"] ?? "",
    mandatory: el.attrs["mandatory"] === "true",
    group: el.tag === "alt" ? "alt" : el.tag === "or" ? "or" : "and",
    children: el.children.filter((c) => TREE_TAGS.has(c.tag)).map(node),
  });
  const constraints: Expr[] = [];
  const texts: string[] = [];
  const cs = find(doc, "constraints");
  const toExpr = (el: El): Expr => {
    const kids = el.children.filter((c) => c.tag !== "description");
    switch (el.tag) {
      case "var":
        return { k: "var", name: el.text.trim() };
      case "not":
        return { k: "not", e: toExpr(kids[0]!) };
      case "conj":
        return { k: "and", es: kids.map(toExpr) };
      case "disj":
        return { k: "or", es: kids.map(toExpr) };
      case "imp":
        return { k: "implies", a: toExpr(kids[0]!), b: toExpr(kids[1]!) };
      case "eq":
        return { k: "iff", a: toExpr(kids[0]!), b: toExpr(kids[1]!) };
      default:
        throw new ValidationError(`FeatureIDE: unknown constraint element <${el.tag}>`, [{ path: "/constraints", message: `unknown <${el.tag}>` }]);
    }
  };
  for (const rule of cs?.children.filter((c) => c.tag === "rule") ?? []) {
    const body = rule.children.find((c) => c.tag !== "description");
    if (!body) continue;
    const e = toExpr(body);
    constraints.push(e);
    texts.push(show(e));
  }
  return { root: node(top), constraints, constraintTexts: texts };
}

/** Renders an expression in the rule language (used as the rule's text). */
export function show(e: Expr): string {
  switch (e.k) {
    case "const":
      return String(e.v);
    case "var":
      return e.name;
    case "in":
      return e.values.length === 1 ? `${e.family}=${e.values[0]}` : `${e.family} in {${e.values.join(", ")}}`;
    case "not":
      return `not ${show(e.e)}`;
    case "and":
    case "or":
      return `(${e.es.map(show).join(` ${e.k} `)})`;
    case "implies":
      return `(${show(e.a)} -> ${show(e.b)})`;
    case "iff":
      return `(${show(e.a)} <-> ${show(e.b)})`;
  }
}
