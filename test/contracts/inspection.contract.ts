import { describe, expect, it } from "vitest";
import { ValidationError } from "../../src/kernel/index.js";
import { DEFAULT_FEATURES, extractFeatures, mulberry32, predictProba, trainModel, type GrayImage, type InspectionModel } from "../../src/quality/inspection/index.js";
import type { InspectionRuntimeFactory, ModelSpec } from "../../src/quality/ports.js";

/** Turns a trained built-in model into the adapter's own model file (JSON, ONNX…). */
export type SpecFor = (model: InspectionModel, modelRef: string) => ModelSpec;

function synth(cls: number, rnd: () => number): GrayImage {
  const s = 32;
  const data = new Float32Array(s * s);
  for (let i = 0; i < data.length; i++) {
    const x = i % s;
    const y = Math.floor(i / s);
    const base = cls === 0 ? (x % 6 < 3 ? 80 : 170) : cls === 1 ? (y % 6 < 3 ? 80 : 170) : 128;
    data[i] = base + 20 * (rnd() - 0.5);
  }
  return { width: s, height: s, data };
}

/**
 * The one contract every inspection-model adapter passes: it serves the classes of the model,
 * its probabilities are a distribution whose arg-max is the label, they equal the reference
 * network's, repeated calls agree, and a file that is not a model is refused with a reason.
 */
export function describeInspectionRuntimeContract(name: string, factory: InspectionRuntimeFactory, specFor: SpecFor, badSpec: ModelSpec): void {
  describe(`InspectionRuntime contract: ${name}`, () => {
    const cfg = { ...DEFAULT_FEATURES, size: 32, lbpRadii: [1, 2] };
    const rnd = mulberry32(9);
    const imgs = Array.from({ length: 30 }, (_, i) => ({ img: synth(i % 3, rnd), y: i % 3 }));
    const model = trainModel(imgs.map((t) => extractFeatures(t.img, cfg)), imgs.map((t) => t.y), ["vertical", "horizontal", "flat"], cfg, { hidden: 6, epochs: 15, batch: 5, lr: 3e-3, l2: 0, dropout: 0, seed: 3 });

    it("serves the model's classes and returns distributions matching the reference network", async () => {
      const spec = specFor(model, "contract@1");
      expect(factory.supports(spec.format)).toBe(true);
      const rt = await factory.load(spec);
      expect(rt.modelRef).toBe("contract@1");
      expect([...rt.classes]).toEqual(["vertical", "horizontal", "flat"]);
      let correct = 0;
      for (const t of imgs) {
        const v = await rt.classify(t.img);
        const scores = rt.classes.map((c) => v.scores[c]!);
        expect(scores.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
        expect(v.score).toBeCloseTo(Math.max(...scores), 6);
        expect(v.label).toBe(rt.classes[scores.indexOf(Math.max(...scores))]);
        const ref = predictProba(model.network, extractFeatures(t.img, cfg));
        scores.forEach((s, i) => expect(s).toBeCloseTo(ref[i]!, 5));
        if (v.label === model.classes[t.y]) correct++;
        expect(await rt.classify(t.img)).toEqual(v);
      }
      expect(correct / imgs.length).toBeGreaterThanOrEqual(0.9);
      await rt.close();
    });

    it("refuses a file that is not a model, saying which", async () => {
      await expect(factory.load(badSpec)).rejects.toThrow(ValidationError);
      await expect(factory.load(badSpec)).rejects.toThrow(new RegExp(badSpec.modelRef));
    });
  });
}
