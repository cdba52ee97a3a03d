/**
 * One entry point for every supported catalog format, detected from a hint (file name or
 * format name) or from the content. Pure: callers read the files.
 */
import { ValidationError } from "../kernel/index.js";
import type { CompileOptions } from "./compile.js";
import type { Configurator } from "./configurator.js";
import { compileCnf, parseDimacs } from "./import/dimacs.js";
import { compileFeatureModel } from "./import/feature-model.js";
import { parseFeatureIde } from "./import/featureide.js";
import { compileRenault, type RenaultSource } from "./import/renault.js";
import { parseUvl } from "./import/uvl.js";
import { type CompiledProduct, compileProduct } from "./product.js";

export type CatalogFormat = "product" | "dimacs" | "featureide" | "uvl" | "renault";

export interface ParsedCatalog {
  readonly format: CatalogFormat;
  readonly configurator: Configurator;
  readonly deadValues: readonly string[];
  /** Present for product models (prices, BOM, work content). */
  readonly product?: CompiledProduct;
}

/** The format of `text`, from the hint (`.json`, `.dimacs`/`.cnf`, `.xml`, `.uvl`, or a format name) or the content. */
export function detectFormat(text: string, hint = ""): CatalogFormat {
  const h = hint.toLowerCase();
  if (["product", "dimacs", "featureide", "uvl", "renault"].includes(h)) return h as CatalogFormat;
  if (h.endsWith(".json")) return "product";
  if (h.endsWith(".dimacs") || h.endsWith(".cnf")) return "dimacs";
  if (h.endsWith(".xml")) return "featureide";
  if (h.endsWith(".uvl")) return "uvl";
  const t = text.trimStart();
  if (t.startsWith("{")) return "product";
  if (t.startsWith("<")) return "featureide";
  if (/^(c |p cnf)/m.test(t.slice(0, 2000))) return "dimacs";
  if (/^(namespace|features)\b/m.test(t.slice(0, 2000))) return "uvl";
  throw new ValidationError(`cannot tell the catalog format of ${hint || "the input"}`, [{ path: "/", message: "unknown format" }]);
}

/**
 * Parses and compiles a catalog from text.
 * @example parseCatalog(readFileSync("velo.json", "utf8"), "velo.json").configurator.count()
 */
export function parseCatalog(text: string, formatHint = "", opts: CompileOptions = {}): ParsedCatalog {
  const format = detectFormat(text, formatHint);
  switch (format) {
    case "product": {
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch (e) {
        throw new ValidationError(`product model is not JSON: ${(e as Error).message}`, [{ path: "/", message: "not JSON" }]);
      }
      const product = compileProduct(json);
      return { format, configurator: product.configurator, deadValues: product.deadValues, product };
    }
    case "dimacs":
      return { format, ...compileCnf(parseDimacs(text), opts) };
    case "featureide":
      return { format, ...compileFeatureModel(parseFeatureIde(text), opts) };
    case "uvl":
      return { format, ...compileFeatureModel(parseUvl(text), opts) };
    case "renault":
      throw new ValidationError("the Renault format spans several files: use parseRenault", [{ path: "/", message: "use parseRenault" }]);
  }
}

/** Parses and compiles the Renault Mégane rule tables (domains.tsv and the rule files). */
export function parseRenault(src: RenaultSource, opts: CompileOptions = {}): ParsedCatalog {
  return { format: "renault", ...compileRenault(src, opts) };
}
