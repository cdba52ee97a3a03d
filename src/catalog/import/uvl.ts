/**
 * UVL (Universal Variability Language) feature models: an indentation-structured `features` tree
 * of feature lines and group keywords (`mandatory`, `optional`, `alternative`, `or`), then a
 * `constraints` section with one propositional constraint per line (`=>`, `<=>`, `|`, `&`, `!`).
 * Cardinality groups `[n..m]` other than the four keywords are rejected by name.
 */
import { ValidationError } from "../../kernel/index.js";
import { type Expr, parseExpr } from "../expr.js";
import type { FeatureModel, FeatureNode } from "./feature-model.js";

interface MutableNode {
  name: string;
  mandatory: boolean;
  group: "and" | "alt" | "or";
  children: MutableNode[];
}

/** Parses a UVL model. */
export function parseUvl(src: string): FeatureModel {
  const lines = src.split(/\r?\n/);
  let section: "none" | "features" | "constraints" = "none";
  let root: MutableNode | undefined;
  // Stack entries: indentation and either a feature or a group keyword under a feature.
  const stack: { indent: number; feature?: MutableNode; group?: { parent: MutableNode; kind: string } }[] = [];
  const constraints: Expr[] = [];
  const texts: string[] = [];
  lines.forEach((raw, i) => {
    const line = raw.replace(/\/\/.*$/, "");
    if (!line.trim()) return;
    const indent = /^[\t ]*/.exec(line)![0].replace(/ {4}/g, "\t").length;
    const text = line.trim();
    if (indent === 0) {
      section = text === "features" ? "features" : text === "constraints" ? "constraints" : "none";
      return;
    }
    const path = `/line/${i + 1}`;
    if (section === "constraints") {
      const e = parseExpr(text, path);
      constraints.push(e);
      texts.push(text);
      return;
    }
    if (section !== "features") return;
    while (stack.length && stack[stack.length - 1]!.indent >= indent) stack.pop();
    const top = stack[stack.length - 1];
    const kw = /^(mandatory|optional|alternative|or|\[.*\])$/.exec(text);
    if (kw) {
      if (!top?.feature) throw new ValidationError(`UVL line ${i + 1}: group "${text}" outside a feature`, [{ path, message: "group outside a feature" }]);
      if (text.startsWith("[")) throw new ValidationError(`UVL line ${i + 1}: cardinality groups are not supported`, [{ path, message: "cardinality group" }]);
      if (text === "alternative") top.feature.group = "alt";
      if (text === "or") top.feature.group = "or";
      stack.push({ indent, group: { parent: top.feature, kind: text } });
      return;
    }
    const m = /^(?:"([^"]+)"|([^\s{]+))/.exec(text);
    if (!m) throw new ValidationError(`UVL line ${i + 1}: expected a feature name`, [{ path, message: "expected a feature name" }]);
    const node: MutableNode = { name: m[1] ?? m[2]!, mandatory: false, group: "and", children: [] };
    if (!top) {
      if (root) throw new ValidationError(`UVL line ${i + 1}: second root feature ${node.name}`, [{ path, message: "second root" }]);
      root = node;
    } else {
      if (!top.group) throw new ValidationError(`UVL line ${i + 1}: feature ${node.name} needs a group keyword above it`, [{ path, message: "missing group" }]);
      const { parent, kind } = top.group;
      node.mandatory = kind === "mandatory";
      // A feature may list several groups (mandatory + optional); only alt/or groups change the kind.
      if (kind === "mandatory" || kind === "optional") {
        if (parent.group !== "and" && parent.children.length > 0) throw new ValidationError(`UVL line ${i + 1}: mixed group kinds under ${parent.name}`, [{ path, message: "mixed groups" }]);
      }
      parent.children.push(node);
    }
    stack.push({ indent, feature: node });
  });
  if (!root) throw new ValidationError("UVL: no features section", [{ path: "/features", message: "missing" }]);
  return { root: root as FeatureNode, constraints, constraintTexts: texts };
}
