/** Public API of the catalog domain: product models, the configurator engine and importers. */
export { Bdd, FALSE, TRUE } from "./bdd.js";
export { Configurator, type CompileStats, type CompiledRule, type Explanation, type Family, type Selection } from "./configurator.js";
export { compileModel, type CompileOptions, type CompileResult, type FamilySpec, type RuleSpec, type BuildContext } from "./compile.js";
export { parseExpr, evalExpr, type Expr } from "./expr.js";
export { checkProductModel, ProductModelSchema, SCHEMA_VERSION, type ProductModel } from "./schema.js";
export { compileProduct, priceOf, explodeBom, workContent, type CompiledProduct, type BomLine, type PriceBreakdown } from "./product.js";
export { parseCatalog, parseRenault, detectFormat, type CatalogFormat, type ParsedCatalog } from "./parse-catalog.js";
export { parseDimacs, compileCnf, type Cnf } from "./import/dimacs.js";
export { parseFeatureIde } from "./import/featureide.js";
export { parseUvl } from "./import/uvl.js";
export { compileFeatureModel, type FeatureModel, type FeatureNode } from "./import/feature-model.js";
export { compileRenault, type RenaultSource } from "./import/renault.js";
export { demoProduct, veloModel } from "./demo/loader.js";
export { Space, evaluate } from "./space.js";
export { DdnnfSpace } from "./ddnnf.js";
export { compileDdnnf, type DdnnfCompileOptions, type DdnnfCompileResult, type DdnnfCompileStats } from "./ddnnf-compiler.js";
