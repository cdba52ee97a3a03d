import { ValidationError } from "../../kernel/index.js";
import { base64ToF32, f32ToBase64 } from "./base64.js";
import { DEFAULT_TRAIN, predictProba, trainNetwork, type Dense, type Network, type TrainOptions } from "./classifier.js";
import { DEFAULT_FEATURES, extractFeatures, type FeatureConfig } from "./features.js";
import type { GrayImage } from "./image.js";

export const MODEL_FORMAT = "takt-inspection-model";
export const MODEL_VERSION = 1;

/** A trained built-in defect classifier: feature recipe, classes and network, all in one record. */
export interface InspectionModel {
  readonly format: typeof MODEL_FORMAT;
  readonly version: typeof MODEL_VERSION;
  readonly classes: readonly string[];
  readonly features: FeatureConfig;
  readonly network: Network;
  /** Free-form provenance: when and on what it was trained, validation figures. */
  readonly meta: Readonly<Record<string, unknown>>;
}

/** One verdict: the most probable class, its probability, and every class's probability. */
export interface Verdict {
  readonly label: string;
  readonly score: number;
  readonly scores: Readonly<Record<string, number>>;
}

/** Verdict from an already-extracted feature vector. */
export function classifyFeatures(model: InspectionModel, x: Float32Array): Verdict {
  const p = predictProba(model.network, x);
  let best = 0;
  for (let c = 1; c < p.length; c++) if (p[c]! > p[best]!) best = c;
  const scores: Record<string, number> = {};
  model.classes.forEach((c, i) => (scores[c] = p[i]!));
  return { label: model.classes[best]!, score: p[best]!, scores };
}

/**
 * Classifies one decoded image.
 * @example classifyImage(model, decodeImage(bytes)).label // "def_front"
 */
export function classifyImage(model: InspectionModel, img: GrayImage): Verdict {
  return classifyFeatures(model, extractFeatures(img, model.features));
}

/** Trains a model from feature vectors already extracted with `features`. */
export function trainModel(
  rows: readonly Float32Array[],
  labels: readonly number[],
  classes: readonly string[],
  features: FeatureConfig = DEFAULT_FEATURES,
  opts: TrainOptions = DEFAULT_TRAIN,
  meta: Record<string, unknown> = {},
): InspectionModel {
  if (classes.length < 2) throw new ValidationError("a classifier needs at least two classes", [{ path: "/classes", message: "fewer than two" }]);
  const network = trainNetwork(rows, labels, classes.length, opts);
  return { format: MODEL_FORMAT, version: MODEL_VERSION, classes: [...classes], features, network, meta };
}

interface DenseJson {
  inputs: number;
  outputs: number;
  W: string;
  b: string;
}

/** The model as JSON text; weights as base64 little-endian float32. */
export function serializeModel(m: InspectionModel): string {
  const layer = (l: Dense): DenseJson => ({ inputs: l.inputs, outputs: l.outputs, W: f32ToBase64(l.W), b: f32ToBase64(l.b) });
  return JSON.stringify({
    format: m.format,
    version: m.version,
    classes: m.classes,
    features: m.features,
    meta: m.meta,
    network: { mean: f32ToBase64(m.network.mean), scale: f32ToBase64(m.network.scale), layers: m.network.layers.map(layer) },
  });
}

/** Parses and checks a model file; a wrong or damaged file throws a ValidationError saying why. */
export function parseModel(text: string): InspectionModel {
  const bad = (why: string): never => {
    throw new ValidationError(`not a Takt inspection model: ${why}`, [{ path: "/", message: why }]);
  };
  let j: unknown;
  try {
    j = JSON.parse(text);
  } catch (e) {
    return bad(`invalid JSON (${(e as Error).message})`);
  }
  const o = j as Record<string, unknown>;
  if (o["format"] !== MODEL_FORMAT) bad(`format is ${JSON.stringify(o["format"])}`);
  if (o["version"] !== MODEL_VERSION) bad(`unsupported version ${JSON.stringify(o["version"])}`);
  const classes = o["classes"];
  if (!Array.isArray(classes) || classes.length < 2 || !classes.every((c) => typeof c === "string")) bad("classes must be ≥ 2 strings");
  const net = o["network"] as { mean: string; scale: string; layers: DenseJson[] } | undefined;
  if (!net || !Array.isArray(net.layers) || net.layers.length === 0) bad("network missing");
  try {
    const layers: Dense[] = net!.layers.map((l) => {
      const W = base64ToF32(l.W);
      const b = base64ToF32(l.b);
      if (W.length !== l.inputs * l.outputs || b.length !== l.outputs) throw new RangeError("layer shape does not match its weights");
      return { inputs: l.inputs, outputs: l.outputs, W, b };
    });
    const mean = base64ToF32(net!.mean);
    const scale = base64ToF32(net!.scale);
    if (mean.length !== layers[0]!.inputs || scale.length !== mean.length) throw new RangeError("scaler size does not match the first layer");
    if (layers[layers.length - 1]!.outputs !== (classes as string[]).length) throw new RangeError("output size does not match the classes");
    return {
      format: MODEL_FORMAT,
      version: MODEL_VERSION,
      classes: classes as string[],
      features: o["features"] as FeatureConfig,
      meta: (o["meta"] as Record<string, unknown>) ?? {},
      network: { mean, scale, layers },
    };
  } catch (e) {
    if (e instanceof ValidationError) throw e;
    return bad((e as Error).message);
  }
}
