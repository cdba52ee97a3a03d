import { readFileSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import type { Command } from "commander";
import { isTaktError, ValidationError } from "../kernel/index.js";
import { compileDdnnf, detectFormat, parseCatalog, parseDimacs, parseRenault, type ParsedCatalog } from "../catalog/index.js";
import { isTaktError as isErr } from "../kernel/index.js";
import { loadConfig } from "../server/config.js";
import { openStore } from "../server/runtime.js";
import { CatalogService } from "../workflows/catalog/catalog-service.js";

/**
 * Reads and compiles a catalog file: a product model (.json), DIMACS (.dimacs/.cnf), FeatureIDE
 * XML (.xml), UVL (.uvl), or a Renault Mégane folder (domains.tsv + rules/*.pm).
 */
export function loadCatalog(path: string, format?: string, maxNodes?: number): ParsedCatalog {
  const opts = maxNodes !== undefined ? { maxNodes } : {};
  if (statSync(path).isDirectory()) {
    const rulesDir = join(path, "rules");
    const domains = readFileSync(join(path, "domains.tsv"), "utf8");
    const rules = readdirSync(rulesDir)
      .filter((f) => f.endsWith(".pm"))
      .sort()
      .map((name) => ({ name, text: readFileSync(join(rulesDir, name), "utf8") }));
    return parseRenault({ domains, rules }, opts);
  }
  return parseCatalog(readFileSync(path, "utf8"), format ?? path, opts);
}

function fail(e: unknown): never {
  if (e instanceof ValidationError) {
    console.error(`invalid: ${e.message}`);
    for (const i of e.issues.slice(0, 20)) console.error(`  ${i.path}: ${i.message}`);
  } else if (isTaktError(e)) console.error(e.message);
  else console.error(e instanceof Error ? e.message : String(e));
  process.exit(1);
}

interface Opts {
  format?: string;
  maxNodes?: string;
  engine?: string;
  maxSeconds?: string;
}

/**
 * `takt catalog count` on DIMACS with our d-DNNF compiler: large feature-model CNFs (Automotive01,
 * the kconfig models) are out of reach of the BDD's static orders, while the top-down compiler
 * decomposes them into independent components; it also needs no family encoding, only the clauses.
 */
function countDimacsWithDdnnf(text: string, o: Opts): void {
  const t = performance.now();
  const cnf = parseDimacs(text);
  const r = compileDdnnf(cnf.numVars, cnf.clauses, { maxMs: Number(o.maxSeconds ?? 600) * 1000, ...(o.maxNodes ? { maxNodes: Number(o.maxNodes) } : {}) });
  const free = new Int8Array(cnf.numVars).fill(-1);
  const count = r.space.count(free);
  const lits = r.space.validLiterals(free);
  const dead: string[] = [];
  if (lits)
    for (let v = 0; v < cnf.numVars; v++) {
      if (!lits.can0[v]) dead.push(`${cnf.names[v]!}=false`);
      if (!lits.can1[v]) dead.push(`${cnf.names[v]!}=true`);
    }
  const s = r.stats;
  console.log(`format         dimacs`);
  console.log(`variables      ${cnf.numVars} (boolean, one per feature)`);
  console.log(`clauses        ${cnf.clauses.length}`);
  console.log(`d-DNNF         ${s.nodes} nodes, ${s.edges} edges, ${s.gapVars} gap variables (${s.decisions} decisions, ${s.cacheHits} cache hits)`);
  console.log(`compile        ${s.compileMs.toFixed(0)} ms (with parsing ${(performance.now() - t).toFixed(0)} ms)`);
  console.log(`dead values    ${dead.length}`);
  console.log(`configurations ${count} (≈ ${sci(count)})`);
}

/** `takt catalog count FILE` and `takt catalog validate FILE`. */
export function register(program: Command): void {
  const catalog = program.command("catalog").description("product catalogs: count, validate and import configuration models");
  registerImport(catalog);
  const common = (c: Command): Command =>
    c
      .argument("<file>", "product model .json, DIMACS .dimacs/.cnf, FeatureIDE .xml, UVL .uvl, or a Renault folder")
      .option("-f, --format <format>", "product | dimacs | featureide | uvl (default: from the extension or content)")
      .option("--max-nodes <n>", "give up when the BDD store (or the d-DNNF) passes this many nodes");
  common(catalog.command("count").description("compile a catalog and print the exact number of valid configurations and compile statistics"))
    .option("--engine <engine>", "ddnnf | bdd (default: ddnnf for DIMACS, bdd otherwise)")
    .option("--max-seconds <s>", "d-DNNF compile time budget", "600")
    .action((file: string, o: Opts) => {
      try {
        if (!statSync(file).isDirectory()) {
          const text = readFileSync(file, "utf8");
          const engine = o.engine ?? (detectFormat(text, o.format ?? file) === "dimacs" ? "ddnnf" : "bdd");
          if (engine !== "ddnnf" && engine !== "bdd") throw new ValidationError(`unknown engine ${engine}: use ddnnf or bdd`, [{ path: "/engine", message: "ddnnf | bdd" }]);
          if (engine === "ddnnf") {
            if (detectFormat(text, o.format ?? file) !== "dimacs") throw new ValidationError("the d-DNNF engine reads DIMACS CNF; use --engine bdd for other formats", [{ path: "/engine", message: "DIMACS only" }]);
            countDimacsWithDdnnf(text, o);
            return;
          }
        }
        const t = performance.now();
        const p = loadCatalog(file, o.format, o.maxNodes ? Number(o.maxNodes) : undefined);
        const s = p.configurator.stats;
        const count = p.configurator.count();
        console.log(`format         ${p.format}`);
        console.log(`families       ${s.families}`);
        console.log(`variables      ${s.variables} (boolean, ${p.format === "product" || p.format === "renault" ? "one-hot per family" : "one per feature"})`);
        console.log(`rules          ${s.rules}`);
        console.log(`BDD nodes      ${s.nodes}`);
        console.log(`compile        ${s.compileMs.toFixed(0)} ms (with parsing ${(performance.now() - t).toFixed(0)} ms)`);
        console.log(`dead values    ${p.deadValues.length}`);
        console.log(`configurations ${count} (≈ ${sci(count)})`);
      } catch (e) {
        fail(e);
      }
    });
  common(catalog.command("validate").description("check a catalog: schema, rules, contradictions; warns about dead values")).action((file: string, o: Opts) => {
    try {
      const p = loadCatalog(file, o.format, o.maxNodes ? Number(o.maxNodes) : undefined);
      if (p.deadValues.length > 0) console.warn(`warning: ${p.deadValues.length} value(s) no valid configuration uses: ${p.deadValues.slice(0, 30).join(", ")}${p.deadValues.length > 30 ? ", …" : ""}`);
      console.log(`valid: ${p.format} catalog, ${p.configurator.stats.families} families, ${p.configurator.stats.rules} rules, ${p.configurator.count()} configurations`);
    } catch (e) {
      fail(e);
    }
  });
}

/**
 * `takt catalog import FILE`: a product model (.json) is checked, compiled and published as a
 * new version in the configured store (orders configure against it from then on). Other formats
 * (DIMACS, FeatureIDE, UVL, Renault) describe configuration spaces without prices or BOM: they are
 * compiled, counted and kept as a catalog source document, not as an orderable product.
 */
export function registerImport(catalog: Command): void {
  catalog
    .command("import")
    .description("compile a catalog and store it: a product model becomes a new published version")
    .argument("<file>", "product model .json, DIMACS .dimacs/.cnf, FeatureIDE .xml, UVL .uvl, or a Renault folder")
    .option("-f, --format <format>", "product | dimacs | featureide | uvl (default: from the extension or content)")
    .option("--data-dir <dir>", "data folder of the embedded store (overrides TAKT_DATA_DIR)")
    .action(async (file: string, o: { format?: string; dataDir?: string }) => {
      const store = await openStore(loadConfig(process.env, o.dataDir ? { dataDir: o.dataDir } : {}));
      try {
        await store.migrate();
        const parsed = loadCatalog(file, o.format);
        if (parsed.deadValues.length > 0) console.warn(`warning: ${parsed.deadValues.length} value(s) no valid configuration uses: ${parsed.deadValues.slice(0, 30).join(", ")}`);
        if (parsed.product) {
          const r = await new CatalogService(store).publish(parsed.product.model);
          console.log(`published product ${r.productId} version ${r.version}: ${r.count} configurations, ${r.nodes} BDD nodes`);
        } else {
          const id = file.replace(/^.*\//, "").replace(/[^A-Za-z0-9_.-]/g, "-").slice(0, 80);
          const count = parsed.configurator.count().toString();
          await store.transaction((tx) =>
            tx.putDocument("catalog_sources", id, "any", { id, format: parsed.format, file, count, families: parsed.configurator.stats.families, rules: parsed.configurator.stats.rules, importedAt: new Date().toISOString() }),
          );
          console.log(`stored ${parsed.format} catalog ${id}: ${count} configurations (a configuration space: no prices or BOM, so not orderable)`);
        }
      } catch (e) {
        if (isErr(e) || e instanceof Error) fail(e);
        throw e;
      } finally {
        await store.close();
      }
    });
}

function sci(n: bigint): string {
  const s = n.toString();
  return s.length <= 6 ? s : `${s[0]}.${s.slice(1, 4)}e${s.length - 1}`;
}
