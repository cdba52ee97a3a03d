import { ConflictError, idFromSlug, NotFoundError, ValidationError, type Money } from "../../kernel/index.js";
import { compileProduct, evaluate, explodeBom, priceOf, Space, type CompiledProduct, type ProductModel } from "../../catalog/index.js";
import type { ConfiguredProduct } from "../../orders/index.js";
import type { ProductCatalog } from "../orders/ports.js";
import type { Store } from "../ports.js";

export const PRODUCTS = "products";
export const MODELS = "catalog_models";

/** A product and its published model versions; the current one is what new configurations use. */
export interface ProductRecord {
  readonly id: string;
  readonly name: string;
  readonly currentVersion: string;
  readonly versions: readonly string[];
}

export interface ValueView {
  readonly id: string;
  readonly name: string;
  readonly price: Money;
  readonly valid: boolean;
  readonly blockedBy: { readonly choices: Record<string, string>; readonly reason: string } | null;
}

export interface FamilyView {
  readonly id: string;
  readonly name: string;
  readonly selected: string | null;
  readonly values: readonly ValueView[];
}

/** What a configuration session shows after every step. */
export interface ConfigurationView {
  readonly productId: string;
  readonly modelVersion: string;
  readonly selections: Record<string, string>;
  readonly complete: boolean;
  /** Number of valid complete configurations extending the selections (decimal string: it is a big integer). */
  readonly count: string;
  readonly families: readonly FamilyView[];
  /** Price of the complete configuration, or of the defaults-completed one while open. */
  readonly price: { readonly total: Money; readonly lines: readonly { label: string; amount: Money }[]; readonly estimated: boolean };
}

const key = (productId: string, version: string) => `${productId}@${version}`;

/**
 * The catalog as the platform uses it: versioned product models stored as documents, compiled
 * once per version and kept in memory, and the configuration services on top of the engine.
 * It is the ProductCatalog that ordering calls to validate, price and explode an order.
 */
export class CatalogService implements ProductCatalog {
  private readonly compiled = new Map<string, CompiledProduct>();

  constructor(private readonly store: Store) {}

  /**
   * Publishes a model version. Compiling checks it (schema, rules, a contradictory model is
   * refused naming the conflicting rules); dead values come back as warnings. The same version
   * published twice with different content is a conflict: versions are immutable.
   */
  async publish(input: unknown): Promise<{ productId: string; version: string; count: string; deadValues: readonly string[]; nodes: number; compileMs: number }> {
    const p = compileProduct(input);
    const m = p.model;
    const existing = await this.store.getDocument<ProductModel>(MODELS, key(m.id, m.version));
    if (existing && JSON.stringify(existing.body) !== JSON.stringify(m)) throw new ConflictError(`model ${m.id} version ${m.version} is already published with other content; publish a new version`);
    if (!existing) {
      const prod = await this.store.getDocument<ProductRecord>(PRODUCTS, m.id);
      await this.store.transaction(async (tx) => {
        await tx.putDocument(MODELS, key(m.id, m.version), 0, m);
        const rec: ProductRecord = { id: m.id, name: m.name, currentVersion: m.version, versions: [...(prod?.body.versions ?? []), m.version] };
        await tx.putDocument(PRODUCTS, m.id, prod?.version ?? 0, rec);
        const stream = idFromSlug("product", m.id);
        await tx.append(stream, "any", [{ type: "catalog.version_published", source: "/catalog", subject: m.id, stream, data: { productId: m.id, version: m.version } }]);
      });
    }
    this.compiled.set(key(m.id, m.version), p);
    return { productId: m.id, version: m.version, count: p.configurator.count().toString(), deadValues: p.deadValues, nodes: p.configurator.stats.nodes, compileMs: p.configurator.stats.compileMs };
  }

  async products(): Promise<ProductRecord[]> {
    return (await this.store.listDocuments<ProductRecord>(PRODUCTS, { limit: 1000 })).map((d) => d.body);
  }

  /** The compiled model of a product at a version (default: current). */
  async product(productId: string, version?: string): Promise<CompiledProduct> {
    const rec = (await this.store.getDocument<ProductRecord>(PRODUCTS, productId))?.body;
    if (!rec) throw new NotFoundError("product", productId);
    const v = version ?? rec.currentVersion;
    const k = key(productId, v);
    let p = this.compiled.get(k);
    if (!p) {
      const doc = await this.store.getDocument<ProductModel>(MODELS, k);
      if (!doc) throw new NotFoundError("model version", k);
      p = compileProduct(doc.body);
      this.compiled.set(k, p);
    }
    return p;
  }

  /** One step of a configuration session: every family's values, valid or blocked with the reason, the count and the price. */
  async view(productId: string, selections: Record<string, string>): Promise<ConfigurationView> {
    const p = await this.product(productId);
    return viewOf(p, selections);
  }

  /**
   * Completes the selections into a full valid configuration: `defaults` takes each open family's
   * default while it stays valid; `cheapest` minimizes the sum of the chosen values' prices exactly
   * (rule-conditioned surcharges are not part of that sum).
   */
  async complete(productId: string, selections: Record<string, string>, strategy: "defaults" | "cheapest"): Promise<ConfigurationView> {
    const p = await this.product(productId);
    const price = new Map(p.model.families.map((f) => [f.id, new Map(f.values.map((v) => [v.id, v.price]))]));
    const full = strategy === "cheapest" ? p.configurator.complete(selections, (f, v) => price.get(f)?.get(v) ?? 0) : p.configurator.complete(selections);
    return viewOf(p, full);
  }

  /** ProductCatalog: validates a full configuration on the server, prices it and explodes its BOM and work content. */
  async configure(productId: string, selections: Readonly<Record<string, string>>, modelVersion?: string): Promise<ConfiguredProduct> {
    const p = await this.product(productId, modelVersion);
    const sel = { ...selections };
    const v = p.configurator.validate(sel);
    if (!v.valid) {
      const issues = [
        ...v.missing.map((f) => ({ path: `/selections/${f}`, message: "no value chosen" })),
        ...v.violated.map((r) => ({ path: `/selections`, message: `rule ${r.id} violated: ${r.text}` })),
      ];
      if (issues.length === 0) issues.push({ path: "/selections", message: "no valid configuration has these choices" });
      throw new ValidationError(`invalid configuration: ${issues.slice(0, 5).map((i) => `${i.path} ${i.message}`).join("; ")}`, issues);
    }
    const price = priceOf(p, sel);
    const a = p.configurator.assignment(sel);
    return {
      productId,
      modelVersion: p.model.version,
      selections: sel,
      price: { total: price.total, lines: price.lines },
      bom: explodeBom(p, sel).map((b) => ({ partNumber: b.part, description: b.label, quantity: b.qty, unit: b.unit, ...(b.station ? { station: b.station } : {}) })),
      // Only option-conditioned work: it is what differs between units and what sequencing rules are made of.
      workContent: p.model.work.flatMap((w, i) => (w.when !== undefined && evaluate(p.configurator.bdd, p.workBdds[i]!, a) ? [{ station: w.station, seconds: w.seconds, label: w.label }] : [])),
    };
  }

  /** Every work item (base and option-driven) a configuration puts on one station, from the model version it was configured with. */
  async workAt(productId: string, version: string, selections: Readonly<Record<string, string>>, station: string): Promise<{ label: string; seconds: number; option: boolean }[]> {
    const p = await this.product(productId, version);
    const a = p.configurator.assignment({ ...selections });
    return p.model.work.flatMap((w, i) =>
      w.station === station && evaluate(p.configurator.bdd, p.workBdds[i]!, a) ? [{ label: w.label, seconds: w.seconds, option: w.when !== undefined }] : [],
    );
  }

  /** Publishes the demo product if no product exists yet. */
  async seedDemo(model: unknown): Promise<boolean> {
    if ((await this.products()).length > 0) return false;
    await this.publish(model);
    return true;
  }
}

const ruleSpaces = new WeakMap<CompiledProduct, Map<string, Space>>();
function ruleSpace(p: CompiledProduct, id: string): Space | undefined {
  let m = ruleSpaces.get(p);
  if (!m) ruleSpaces.set(p, (m = new Map()));
  let sp = m.get(id);
  if (!sp) {
    const r = p.configurator.rules.find((x) => x.id === id);
    if (!r) return undefined;
    sp = new Space(p.configurator.bdd, r.bdd);
    m.set(id, sp);
  }
  return sp;
}

/** Families each rule mentions (for naming rules in explanations and narrowing the search). */
const ruleIndex = new WeakMap<CompiledProduct, { families: Map<string, Set<string>>; rules: { id: string; text: string; families: Set<string> }[] }>();
function indexOf(p: CompiledProduct) {
  let idx = ruleIndex.get(p);
  if (!idx) {
    const ids = p.model.families.map((f) => f.id);
    const rules = p.model.rules.map((r) => {
      const text = JSON.stringify(r);
      return { id: r.id, text: ruleText(r), families: new Set(ids.filter((f) => new RegExp(`(^|[^A-Za-z0-9_])${f.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}([^A-Za-z0-9_]|$)`).test(text))) };
    });
    const families = new Map<string, Set<string>>(ids.map((f) => [f, new Set<string>()]));
    for (const r of rules) for (const f of r.families) for (const g of r.families) families.get(f)!.add(g);
    idx = { families, rules };
    ruleIndex.set(p, idx);
  }
  return idx;
}

function ruleText(r: ProductModel["rules"][number]): string {
  const x = r as unknown as Record<string, unknown>;
  for (const k of ["text", "description", "label", "expr", "when"]) if (typeof x[k] === "string") return x[k] as string;
  return JSON.stringify(r);
}

/**
 * Why `family = value` is blocked by the other choices: a minimal subset of them (deletion-based,
 * so every choice kept is necessary), found fast by first dropping, in one check, every choice
 * that shares no rule with the family's neighbourhood; then the rules linking them, named.
 */
export function explainBlocked(p: CompiledProduct, sel: Record<string, string>, family: string, value: string): { choices: Record<string, string>; reason: string } | null {
  const c = p.configurator;
  const rest = { ...sel };
  delete rest[family];
  const blocked = (s: Record<string, string>) => !c.isConsistent({ ...s, [family]: value });
  if (!blocked(rest)) return null;
  const idx = indexOf(p);
  const label = (f: string, v: string) => {
    const fam = p.model.families.find((x) => x.id === f);
    return `${fam?.label ?? f} ${fam?.values.find((x) => x.id === v)?.label ?? v}`;
  };
  if (!blocked({})) {
    // Neighbourhood: families reachable from `family` through shared rules (two hops cover most chains).
    const near = new Set<string>([family]);
    for (let hop = 0; hop < 2; hop++) for (const f of [...near]) for (const g of idx.families.get(f) ?? []) near.add(g);
    const nearFirst = Object.keys(rest).sort((a, b) => Number(near.has(b)) - Number(near.has(a)));
    const keep: Record<string, string> = {};
    for (const f of quickXplain(nearFirst, (fs) => blocked(Object.fromEntries(fs.map((x) => [x, rest[x]!]))))) keep[f] = rest[f]!;
    const fams = new Set([family, ...Object.keys(keep)]);
    const linking = idx.rules.filter((r) => r.families.has(family) && [...r.families].some((f) => f !== family && fams.has(f)));
    // Name the rules that on their own exclude the value under the kept choices; else those linking them.
    const a = c.assignment({ ...keep, [family]: value });
    const alone = linking.filter((r) => !ruleSpace(p, r.id)?.satisfiable(a));
    const rules = (alone.length ? alone : linking).slice(0, 3);
    const because = Object.entries(keep).map(([f, v]) => label(f, v)).join(" and ");
    const byRules = rules.length ? ` (${rules.map((r) => `rule ${r.id}`).join(", ")})` : "";
    return { choices: keep, reason: `${label(family, value)} is not available with ${because}${byRules}.` };
  }
  return { choices: {}, reason: `${label(family, value)} is not available in any configuration of this model.` };
}

/**
 * QuickXplain (Junker 2004): a minimal subset of `items` for which `inconsistent` holds, in
 * O(m·log(n/m)) checks for a result of size m, preferring items early in the list.
 */
export function quickXplain<T>(items: readonly T[], inconsistent: (subset: readonly T[]) => boolean): T[] {
  const qx = (base: readonly T[], delta: boolean, c: readonly T[]): T[] => {
    if (delta && inconsistent(base)) return [];
    if (c.length <= 1) return [...c];
    const mid = Math.ceil(c.length / 2);
    const c1 = c.slice(0, mid);
    const c2 = c.slice(mid);
    const d2 = qx([...base, ...c1], c1.length > 0, c2);
    const d1 = qx([...base, ...d2], d2.length > 0, c1);
    return [...d1, ...d2];
  };
  if (!inconsistent(items)) return [];
  return qx([], false, items);
}

/** Builds the session view of a selection; invalid values carry a minimal explanation. */
export function viewOf(p: CompiledProduct, selections: Record<string, string>): ConfigurationView {
  const c = p.configurator;
  c.assignment(selections); // unknown family or value → ValidationError naming it
  const open = c.validValues(selections);
  const families: FamilyView[] = p.model.families.map((f) => {
    let valid: Set<string>;
    if (selections[f.id] === undefined) valid = new Set(open[f.id] ?? []);
    else {
      const rest = { ...selections };
      delete rest[f.id];
      valid = new Set(c.validValues(rest)[f.id] ?? []);
    }
    return {
      id: f.id,
      name: f.label,
      selected: selections[f.id] ?? null,
      values: f.values.map((v) => {
        const ok = valid.has(v.id);
        return {
          id: v.id,
          name: v.label,
          price: { amount: v.price, currency: p.model.currency },
          valid: ok,
          blockedBy: ok ? null : explainBlocked(p, selections, f.id, v.id),
        };
      }),
    };
  });
  const complete = p.model.families.every((f) => selections[f.id] !== undefined) && c.validate(selections).valid;
  let price: ConfigurationView["price"];
  const consistent = c.isConsistent(selections);
  if (consistent) {
    const full = complete ? selections : c.complete(selections);
    const pr = priceOf(p, full);
    price = { total: pr.total, lines: pr.lines, estimated: !complete };
  } else price = { total: { amount: 0, currency: p.model.currency }, lines: [], estimated: true };
  return { productId: p.model.id, modelVersion: p.model.version, selections: { ...selections }, complete, count: c.count(selections).toString(), families, price };
}
