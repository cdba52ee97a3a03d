import { createHash } from "node:crypto";
import { ConflictError, newId, NotFoundError, ValidationError, type Clock } from "../../kernel/index.js";
import type { Order } from "../../orders/index.js";
import {
  checkAgainstOrder,
  decide,
  decodeImage,
  deployLive,
  deployShadow,
  emptyQueue,
  enqueue,
  labelledForRetraining,
  modelRef,
  parseModel,
  promoteShadow,
  registerModel,
  shadowReport,
  sniffFormat,
  type InspectionRecord,
  type InspectionRuntime,
  type InspectionRuntimeFactory,
  type ModelInput,
  type ModelRegistry,
  type ModelSpec,
  type ModelVersion,
  type OrderCheckResult,
  type ReviewItem,
  type StationDeployment,
} from "../../quality/index.js";
import { ORDERS } from "../orders/order-service.js";
import { UNIT_ORDERS, type UnitOrderLink } from "../planning/plan-model.js";
import type { Store, StoreTx } from "../ports.js";
import { PLANT_DEFECTS, type DefectService } from "./defect-service.js";

/**
 * Where the bytes live: in the store, as content-addressed documents (collection `quality_blobs`,
 * id = sha256). They commit in the same transaction as the record that points at them, are backed
 * up and replicated with the database, and every server instance behind a PostgreSQL store sees
 * them — a data-dir folder would be local to one machine. Sizes are bounded at the edge (models
 * ≤ 16 MB, images ≤ 4 MB), which a JSON document holds as base64 without trouble.
 */
export const QUALITY_BLOBS = "quality_blobs";
export const QUALITY_REGISTRY = "quality_registry";
export const INSPECTIONS = "inspections";
export const REVIEW_ITEMS = "quality_review";
const REGISTRY_ID = "plant";

export interface Blob {
  readonly contentType: string;
  readonly size: number;
  readonly base64: string;
}

/** A registered version with what is needed to load it (the bytes are a blob). */
export interface StoredModel extends ModelVersion {
  readonly sha256: string;
  readonly size: number;
  readonly input: ModelInput;
  readonly output: ModelSpec["output"];
}

/** How a station acts on its live verdicts. */
export interface StationPolicy {
  /** Labels that mean good; any other live label opens a defect. */
  readonly okLabels: readonly string[];
  /** Defect code (from the plant catalog) for each defect label. */
  readonly defectCodes: Readonly<Record<string, string>>;
  /** Where on the product the camera looks (the defect's location). */
  readonly location: string;
  /** Verdicts scored below this go to the review queue. */
  readonly minScore: number;
  /**
   * Order-aware inspection: the configuration attribute this station's model recognises (e.g.
   * `colour`, `wheel`); its label is checked against what the unit's order selected.
   */
  readonly attribute?: string;
}

interface RegistryDoc {
  readonly versions: readonly StoredModel[];
  readonly deployments: readonly StationDeployment[];
  readonly policies: Readonly<Record<string, StationPolicy>>;
}

/** One inspection as stored and listed: the record, the defect it opened, the order check. */
export interface Inspection extends InspectionRecord {
  readonly imageType: string;
  readonly defect: string | null;
  readonly orderCheck: OrderCheckResult | null;
  readonly review: ReviewItem["reasons"];
}

export interface RegisterModelInput {
  readonly name: string;
  readonly format: ModelSpec["format"];
  readonly bytes: Uint8Array;
  /** Required for ONNX (the file does not carry them); taken from the file for takt-json. */
  readonly classes?: readonly string[];
  readonly input?: ModelInput;
  readonly output?: ModelSpec["output"];
  readonly metrics?: Readonly<Record<string, number>>;
}

const sha256 = (b: Uint8Array): string => createHash("sha256").update(b).digest("hex");
const b64 = (b: Uint8Array): string => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString("base64");

function toRegistry(d: RegistryDoc): ModelRegistry {
  return { versions: new Map(d.versions.map((v) => [modelRef(v), v])), deployments: new Map(d.deployments.map((x) => [x.station, x])) };
}

/**
 * AI inspection in the plant: the model registry (versions, per-station deployment live and in
 * shadow), inspections of unit images (the live verdict acted on: a defect verdict opens a
 * defect, so the gate holds the unit; an order attribute checked against the order), and the
 * review queue whose confirmed or corrected labels become the retraining set.
 */
export class InspectionService {
  private readonly loaded = new Map<string, Promise<InspectionRuntime>>();

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly defects: DefectService,
    private readonly runtimes: readonly InspectionRuntimeFactory[],
    private readonly onCommit: () => void = () => undefined,
  ) {}

  private async registryDoc(tx?: StoreTx): Promise<{ version: number; body: RegistryDoc }> {
    const d = await (tx ?? this.store).getDocument<RegistryDoc>(QUALITY_REGISTRY, REGISTRY_ID);
    return d ? { version: d.version, body: d.body } : { version: 0, body: { versions: [], deployments: [], policies: {} } };
  }

  async models(): Promise<StoredModel[]> {
    return [...(await this.registryDoc()).body.versions];
  }

  async deployments(): Promise<(StationDeployment & { policy: StationPolicy })[]> {
    const d = (await this.registryDoc()).body;
    return d.deployments.map((x) => ({ ...x, policy: d.policies[x.station]! }));
  }

  private factory(format: ModelSpec["format"]): InspectionRuntimeFactory {
    const f = this.runtimes.find((r) => r.supports(format));
    if (!f) throw new ValidationError(`no runtime serves ${format} models here`, [{ path: "/format", message: "unsupported" }]);
    return f;
  }

  /**
   * Registers the next version of a model after loading it once (a file that does not load is
   * refused with a ValidationError naming the field). Returns the stored version.
   */
  async register(m: RegisterModelInput): Promise<StoredModel> {
    if (m.bytes.length === 0) throw new ValidationError("model file is empty", [{ path: "/model", message: "empty" }]);
    let classes: readonly string[];
    let input: ModelInput;
    let output: ModelSpec["output"];
    if (m.format === "takt-json") {
      let parsed;
      try {
        parsed = parseModel(new TextDecoder("utf-8", { fatal: true }).decode(m.bytes));
      } catch (e) {
        throw new ValidationError(`model: ${(e as Error).message}`, [{ path: "/model", message: (e as Error).message }]);
      }
      if (m.classes && m.classes.join() !== parsed.classes.join()) throw new ValidationError(`classes ${m.classes.join(",")} differ from the model file's ${parsed.classes.join(",")}`, [{ path: "/classes", message: "differ from the file" }]);
      classes = parsed.classes;
      input = { kind: "features", features: parsed.features };
      output = "probabilities";
    } else {
      if (!m.classes) throw new ValidationError("an ONNX model needs its class list", [{ path: "/classes", message: "required for onnx" }]);
      if (!m.input) throw new ValidationError("an ONNX model needs its input description", [{ path: "/input", message: "required for onnx" }]);
      classes = m.classes;
      input = m.input;
      output = m.output ?? "logits";
    }
    if (new Set(classes).size !== classes.length) throw new ValidationError("duplicate class names", [{ path: "/classes", message: "duplicates" }]);
    // Load it once now: a model that does not load or whose output does not fit its classes is refused at the door.
    const probe: ModelSpec = { modelRef: `${m.name}@new`, format: m.format, bytes: m.bytes, classes, input, output };
    let rt: InspectionRuntime;
    try {
      rt = await this.factory(m.format).load(probe);
    } catch (e) {
      if (e instanceof ValidationError && e.issues.some((i) => i.path === "/format")) throw e;
      throw new ValidationError(`model: ${(e as Error).message}`, [{ path: "/model", message: "does not load" }]);
    }
    try {
      const size = m.input?.kind === "image" ? m.input.size : 16;
      await rt.classify({ width: size, height: size, data: new Float32Array(size * size).fill(128) });
    } catch (e) {
      throw new ValidationError(`model: does not run on an image (${(e as Error).message})`, [{ path: "/model", message: "does not run" }]);
    } finally {
      await rt.close();
    }
    const hash = sha256(m.bytes);
    const at = this.clock.now().toISOString();
    const out = await this.store.transaction(async (tx) => {
      const doc = await this.registryDoc(tx);
      const { model } = registerModel(toRegistry(doc.body), { name: m.name, format: m.format, classes, metrics: m.metrics ?? {} }, at);
      const stored: StoredModel = { ...model, sha256: hash, size: m.bytes.length, input, output };
      if (!(await tx.getDocument(QUALITY_BLOBS, hash))) await tx.putDocument<Blob>(QUALITY_BLOBS, hash, 0, { contentType: m.format === "onnx" ? "application/onnx" : "application/json", size: m.bytes.length, base64: b64(m.bytes) });
      await tx.putDocument<RegistryDoc>(QUALITY_REGISTRY, REGISTRY_ID, doc.version, { ...doc.body, versions: [...doc.body.versions, stored] });
      await tx.append(`model_${m.name}`, "any", [{ type: "quality.model_registered", source: "/quality/models", subject: modelRef(stored), stream: `model_${m.name}`, data: { model: modelRef(stored), format: m.format, classes, metrics: stored.metrics } }]);
      return stored;
    });
    this.onCommit();
    return out;
  }

  /**
   * Deploys a model at a station: `live` (with the station's verdict policy) or `shadow` (runs
   * beside the live one, compared, never acted on), or promotes the shadow to live.
   */
  async deploy(station: string, d: { role: "live"; model: string; policy: StationPolicy } | { role: "shadow"; model: string } | { role: "promote" }): Promise<StationDeployment & { policy: StationPolicy }> {
    const out = await this.store.transaction(async (tx) => {
      const doc = await this.registryDoc(tx);
      const reg = toRegistry(doc.body);
      let next: ModelRegistry;
      const policies = { ...doc.body.policies };
      if (d.role === "live") {
        const m = reg.versions.get(d.model);
        if (!m) throw new NotFoundError("model", d.model);
        checkPolicy(m, d.policy);
        next = deployLive(reg, station, d.model);
        policies[station] = d.policy;
      } else if (d.role === "shadow") next = deployShadow(reg, station, d.model);
      else next = promoteShadow(reg, station);
      const dep = next.deployments.get(station)!;
      if (d.role === "promote") checkPolicy(reg.versions.get(dep.live)!, policies[station]!);
      await tx.putDocument<RegistryDoc>(QUALITY_REGISTRY, REGISTRY_ID, doc.version, { ...doc.body, deployments: [...next.deployments.values()], policies });
      await tx.append(`station_${station}`, "any", [{ type: "quality.model_deployed", source: "/quality/models", subject: station, stream: `station_${station}`, data: { station, role: d.role, live: dep.live, shadow: dep.shadow ?? null } }]);
      return { ...dep, policy: policies[station]! };
    });
    this.onCommit();
    return out;
  }

  private async runtime(m: StoredModel): Promise<InspectionRuntime> {
    const ref = modelRef(m);
    let p = this.loaded.get(ref);
    if (!p) {
      p = (async () => {
        const blob = await this.store.getDocument<Blob>(QUALITY_BLOBS, m.sha256);
        if (!blob) throw new NotFoundError("model file", m.sha256);
        return this.factory(m.format).load({ modelRef: ref, format: m.format, bytes: Buffer.from(blob.body.base64, "base64"), classes: m.classes, input: m.input, output: m.output });
      })();
      this.loaded.set(ref, p);
      p.catch(() => this.loaded.delete(ref));
    }
    return p;
  }

  /**
   * Inspects one image of `unit` at `station`: the live model's verdict (the shadow's beside it)
   * is stored with the image; a defect verdict opens a defect on the unit; the order attribute,
   * when the station checks one, is compared with the order; doubtful verdicts join the review queue.
   * A file that is not a readable JPEG or PNG is refused with a ValidationError on `/image`.
   */
  async inspect(station: string, unit: string, bytes: Uint8Array, by?: string): Promise<Inspection> {
    const fmt = sniffFormat(bytes);
    if (fmt !== "jpeg" && fmt !== "png") throw new ValidationError("image: not a JPEG or PNG file", [{ path: "/image", message: "not a JPEG or PNG" }]);
    let img;
    try {
      img = decodeImage(bytes, "image");
    } catch (e) {
      throw new ValidationError((e as Error).message, [{ path: "/image", message: "damaged image" }]);
    }
    const reg = (await this.registryDoc()).body;
    const dep = reg.deployments.find((x) => x.station === station);
    if (!dep) throw new ConflictError(`station ${station} has no model deployed`);
    const policy = reg.policies[station]!;
    const find = (ref: string) => reg.versions.find((v) => modelRef(v) === ref)!;
    const live = await (await this.runtime(find(dep.live))).classify(img);
    const shadow = dep.shadow ? await (await this.runtime(find(dep.shadow))).classify(img) : undefined;
    const id = newId("inspection", this.clock.nowMs());
    const at = this.clock.now().toISOString();
    const hash = sha256(bytes);
    const record: InspectionRecord = { id, unit, station, image: hash, at, live: { model: dep.live, verdict: live }, ...(shadow ? { shadow: { model: dep.shadow!, verdict: shadow } } : {}) };
    const queued = enqueue(emptyQueue(), record, { minScore: policy.minScore, okLabels: policy.okLabels, reviewDefects: false }).items.get(id);
    const out = await this.store.transaction(async (tx) => {
      if (!(await tx.getDocument(QUALITY_BLOBS, hash))) await tx.putDocument<Blob>(QUALITY_BLOBS, hash, 0, { contentType: `image/${fmt}`, size: bytes.length, base64: b64(bytes) });
      let orderCheck: OrderCheckResult | null = null;
      let defect: string | null = null;
      const note = (label: string) => `${label} (score ${live.score.toFixed(3)}) by ${dep.live}`;
      if (policy.attribute) {
        const link = await tx.getDocument<UnitOrderLink>(UNIT_ORDERS, unit);
        const order = link ? await tx.getDocument<Order>(ORDERS, link.body.orderId) : undefined;
        const want = order?.body.configuration.selections[policy.attribute];
        if (want !== undefined) {
          orderCheck = checkAgainstOrder(unit, { [policy.attribute]: want }, { [policy.attribute]: live }, policy.minScore);
          if (orderCheck.mismatches.length > 0)
            defect = (await this.defects.recordIn(tx, { unit, station, code: "MIS", location: policy.location, by: dep.live, note: `ordered ${policy.attribute} ${want}, camera saw ${live.label} (score ${live.score.toFixed(3)})` })).id;
        }
      } else if (!policy.okLabels.includes(live.label)) {
        defect = (await this.defects.recordIn(tx, { unit, station, code: policy.defectCodes[live.label]!, location: policy.location, by: dep.live, note: note(live.label) })).id;
      }
      const insp: Inspection = { ...record, imageType: `image/${fmt}`, defect, orderCheck, review: queued?.reasons ?? [] };
      await tx.putDocument<Inspection>(INSPECTIONS, id, 0, insp);
      if (queued) await tx.putDocument<ReviewItem>(REVIEW_ITEMS, id, 0, queued);
      await tx.append(unit, "any", [
        { type: "quality.inspected", source: `/quality/stations/${station}`, subject: unit, stream: unit, data: { inspection: id, station, by: by ?? null, live: { model: dep.live, label: live.label, score: live.score }, shadow: shadow ? { model: dep.shadow, label: shadow.label, score: shadow.score } : null, defect, review: insp.review } },
      ]);
      return insp;
    });
    this.onCommit();
    return out;
  }

  async inspection(id: string): Promise<Inspection> {
    const d = await this.store.getDocument<Inspection>(INSPECTIONS, id);
    if (!d) throw new NotFoundError("inspection", id);
    return d.body;
  }

  /** Inspections newest first, optionally of one unit and/or station. */
  async inspections(f: { unit?: string; station?: string; limit?: number } = {}): Promise<Inspection[]> {
    const all = (await this.store.listDocuments<Inspection>(INSPECTIONS, { limit: 100_000 })).map((d) => d.body);
    return all
      .filter((i) => (!f.unit || i.unit === f.unit) && (!f.station || i.station === f.station))
      .sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : a.id < b.id ? 1 : -1))
      .slice(0, f.limit ?? 200);
  }

  async image(id: string): Promise<{ contentType: string; bytes: Buffer }> {
    const insp = await this.inspection(id);
    const b = await this.store.getDocument<Blob>(QUALITY_BLOBS, insp.image);
    if (!b) throw new NotFoundError("image", insp.image);
    return { contentType: b.body.contentType, bytes: Buffer.from(b.body.base64, "base64") };
  }

  /** Shadow mode at a station (or all): how often the shadow agrees with the live model, and where not. */
  async shadow(station?: string): Promise<{ compared: number; agreement: number; disagreements: Inspection[] }> {
    const all = await this.inspections({ ...(station ? { station } : {}), limit: 100_000 });
    const r = shadowReport(all, station);
    return { compared: r.compared, agreement: r.agreement, disagreements: r.disagreements as Inspection[] };
  }

  async reviewQueue(state?: ReviewItem["state"]): Promise<ReviewItem[]> {
    const all = (await this.store.listDocuments<ReviewItem>(REVIEW_ITEMS, { limit: 100_000 })).map((d) => d.body);
    return all.filter((i) => !state || i.state === state).sort((a, b) => (a.record.at < b.record.at ? -1 : a.record.at > b.record.at ? 1 : a.record.id < b.record.id ? -1 : 1));
  }

  /**
   * The engineer's decision on a queued verdict: the live label confirms it, another corrects it.
   * A correction to a good label closes the defect the verdict opened (repaired and verified, with
   * the engineer's name); a correction to a defect label opens one.
   */
  async decide(id: string, label: string, by: string): Promise<ReviewItem> {
    const doc = await this.store.getDocument<ReviewItem>(REVIEW_ITEMS, id);
    if (!doc) throw new NotFoundError("review item", id);
    const insp = await this.inspection(id);
    const reg = (await this.registryDoc()).body;
    const model = reg.versions.find((v) => modelRef(v) === insp.live.model);
    if (model && !model.classes.includes(label)) throw new ValidationError(`label ${label} is not a class of ${insp.live.model} (${model.classes.join(", ")})`, [{ path: "/label", message: "unknown class" }]);
    const policy = reg.policies[insp.station];
    const at = this.clock.now().toISOString();
    const item = decide({ items: new Map([[id, doc.body]]) }, id, label, by, at).items.get(id)!;
    const out = await this.store.transaction(async (tx) => {
      await tx.putDocument<ReviewItem>(REVIEW_ITEMS, id, doc.version, item);
      let defect = insp.defect;
      if (item.state === "corrected" && policy && !policy.attribute) {
        if (!policy.okLabels.includes(label) && !insp.defect) {
          const code = policy.defectCodes[label];
          if (code) defect = (await this.defects.recordIn(tx, { unit: insp.unit, station: insp.station, code, location: policy.location, by, note: `review corrected ${insp.live.verdict.label} to ${label}` })).id;
        }
      }
      const idoc = await tx.getDocument<Inspection>(INSPECTIONS, id);
      if (defect !== insp.defect) await tx.putDocument<Inspection>(INSPECTIONS, id, idoc!.version, { ...idoc!.body, defect });
      await tx.append(insp.unit, "any", [{ type: `quality.verdict_${item.state}`, source: "/quality/review", subject: insp.unit, stream: insp.unit, data: { inspection: id, model: insp.live.model, was: insp.live.verdict.label, label, by } }]);
      return item;
    });
    // A false alarm corrected to good: the defect it opened is closed by the engineer's review.
    if (item.state === "corrected" && policy && policy.okLabels.includes(label) && insp.defect) {
      const u = await this.defects.ofUnit(insp.unit);
      const d = u.defects.find((x) => x.id === insp.defect);
      if (d?.state === "open") await this.defects.step(insp.unit, d.id, { kind: "repair" }, by, "false alarm: verdict corrected in review");
      if (d && d.state !== "verified") await this.defects.step(insp.unit, d.id, { kind: "reinspect", passed: true }, by, `verdict corrected to ${label} in review`);
    }
    this.onCommit();
    return out;
  }

  /** The retraining set: reviewed images with their confirmed or corrected labels. */
  async labelled(): Promise<{ inspection: string; image: string; station: string; model: string; label: string; corrected: boolean }[]> {
    const items = await this.reviewQueue();
    const q = { items: new Map(items.map((i) => [i.record.id, i])) };
    const byImage = new Map(items.map((i) => [i.record.image, i.record]));
    return labelledForRetraining(q).map((l) => {
      const r = byImage.get(l.image)!;
      return { inspection: r.id, image: l.image, station: r.station, model: r.live.model, label: l.label, corrected: l.corrected };
    });
  }

  async close(): Promise<void> {
    for (const p of this.loaded.values()) await (await p.catch(() => undefined))?.close();
    this.loaded.clear();
  }
}

/** A station policy must name defect codes of the plant catalog for every non-good class of its model. */
function checkPolicy(m: ModelVersion, p: StationPolicy): void {
  for (const l of p.okLabels) if (!m.classes.includes(l)) throw new ValidationError(`ok label ${l} is not a class of ${modelRef(m)}`, [{ path: "/okLabels", message: `unknown class ${l}` }]);
  if (p.attribute) return;
  if (p.okLabels.length === 0) throw new ValidationError("a defect-finding station needs at least one ok label", [{ path: "/okLabels", message: "empty" }]);
  for (const c of m.classes) {
    if (p.okLabels.includes(c)) continue;
    const code = p.defectCodes[c];
    if (!code) throw new ValidationError(`no defect code for class ${c} of ${modelRef(m)}`, [{ path: "/defectCodes", message: `missing ${c}` }]);
    if (!PLANT_DEFECTS.types.has(code)) throw new ValidationError(`defect code ${code} is not in the plant catalog`, [{ path: "/defectCodes", message: `unknown code ${code}` }]);
  }
}
