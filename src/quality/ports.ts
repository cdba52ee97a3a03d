import type { GrayImage } from "./inspection/image.js";
import type { Verdict } from "./inspection/model.js";
import type { FeatureConfig } from "./inspection/features.js";

/**
 * The inspection-model port: whatever runs a model at a station (the built-in JS classifier, an
 * ONNX runtime, a remote service) turns an image into a verdict. Adapters live in
 * src/adapters/inference/; the contract tests run against each.
 */
export interface InspectionRuntime {
  /** Registry id and version of the model served, e.g. `casting@3`. */
  readonly modelRef: string;
  readonly classes: readonly string[];
  classify(image: GrayImage): Promise<Verdict>;
  close(): Promise<void>;
}

/**
 * How a model file expects its input. `features`: the built-in feature vector (exported built-in
 * models); `image`: a greyscale tensor [1, 1, size, size] scaled as (pixel/255 − mean)/std
 * (models from a plant's data scientists).
 */
export type ModelInput =
  | { readonly kind: "features"; readonly features: FeatureConfig }
  | { readonly kind: "image"; readonly size: number; readonly mean: number; readonly std: number; readonly channels: 1 | 3 };

/** Everything needed to load a model file into a runtime. */
export interface ModelSpec {
  readonly modelRef: string;
  readonly format: "takt-json" | "onnx";
  readonly bytes: Uint8Array;
  readonly classes: readonly string[];
  readonly input: ModelInput;
  /** Output tensor holds logits (softmax applied by the adapter) or probabilities. */
  readonly output: "logits" | "probabilities";
}

/** Loads model files into runtimes; the composition root picks the adapter. */
export interface InspectionRuntimeFactory {
  supports(format: ModelSpec["format"]): boolean;
  load(spec: ModelSpec): Promise<InspectionRuntime>;
}
