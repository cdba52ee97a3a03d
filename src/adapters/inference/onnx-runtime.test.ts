import { describe, expect, it } from "vitest";
import {
  builtinRuntimeFactory,
  exportOnnx,
  extractFeatures,
  mulberry32,
  predictProba,
  resize,
  serializeModel,
  trainModel,
  trainNetwork,
  DEFAULT_FEATURES,
  type GrayImage,
} from "../../quality/inspection/index.js";
import type { ModelSpec } from "../../quality/ports.js";
import { onnxRuntimeFactory } from "./onnx-runtime.js";
import { describeInspectionRuntimeContract } from "../../../test/contracts/inspection.contract.js";

describeInspectionRuntimeContract(
  "ONNX (onnxruntime-node)",
  onnxRuntimeFactory,
  (model, modelRef) => ({ modelRef, format: "onnx", bytes: exportOnnx(model.network), classes: model.classes, input: { kind: "features", features: model.features }, output: "probabilities" }),
  { modelRef: "broken@1", format: "onnx", bytes: new TextEncoder().encode("not a model"), classes: ["a", "b"], input: { kind: "features", features: { ...DEFAULT_FEATURES, size: 8 } }, output: "logits" },
);

function synth(cls: number, rnd: () => number): GrayImage {
  const s = 32;
  const data = new Float32Array(s * s);
  for (let i = 0; i < data.length; i++) data[i] = (cls === 0 ? ((i % s) % 6 < 3 ? 80 : 170) : 128) + 20 * (rnd() - 0.5);
  return { width: s, height: s, data };
}

const cfg = { ...DEFAULT_FEATURES, size: 32, lbpRadii: [1, 2] };
const rnd = mulberry32(3);
const imgs = Array.from({ length: 24 }, (_, i) => ({ img: synth(i % 2, rnd), y: i % 2 }));
const rows = imgs.map((t) => extractFeatures(t.img, cfg));

describe("inspection-model port", () => {
  for (const hidden of [0, 8]) {
    it(`a tiny trained model (hidden ${hidden}) gives the same outputs through the ONNX adapter and the built-in runtime`, async () => {
      const model = trainModel(rows, imgs.map((t) => t.y), ["stripes", "flat"], cfg, { hidden, epochs: 10, batch: 4, lr: 3e-3, l2: 0, dropout: 0, seed: 2 });
      const onnx: ModelSpec = { modelRef: "tiny@1", format: "onnx", bytes: exportOnnx(model.network), classes: model.classes, input: { kind: "features", features: cfg }, output: "probabilities" };
      const json: ModelSpec = { ...onnx, format: "takt-json", bytes: new TextEncoder().encode(serializeModel(model)) };
      expect(onnxRuntimeFactory.supports("onnx")).toBe(true);
      const a = await onnxRuntimeFactory.load(onnx);
      const b = await builtinRuntimeFactory.load(json);
      for (const t of imgs.slice(0, 8)) {
        const va = await a.classify(t.img);
        const vb = await b.classify(t.img);
        expect(va.label).toBe(vb.label);
        for (const c of model.classes) expect(va.scores[c]!).toBeCloseTo(vb.scores[c]!, 5);
      }
      await a.close();
      await b.close();
    });
  }

  it("serves an image-input model: the adapter's pixel tensor gives the network's own probabilities", async () => {
    const size = 8;
    const norm = (g: GrayImage): Float32Array => resize(g, size, size).data.map((v) => (v / 255 - 0.5) / 0.25);
    const rows = imgs.map((t) => norm(t.img));
    const net = trainNetwork(rows, imgs.map((t) => t.y), 2, { hidden: 4, epochs: 10, batch: 4, lr: 3e-3, l2: 0, dropout: 0, seed: 4 });
    const spec: ModelSpec = {
      modelRef: "pixels@1",
      format: "onnx",
      bytes: exportOnnx(net, { imageInput: { channels: 1, size } }),
      classes: ["stripes", "flat"],
      input: { kind: "image", size, mean: 0.5, std: 0.25, channels: 1 },
      output: "probabilities",
    };
    const rt = await onnxRuntimeFactory.load(spec);
    for (const [i, t] of imgs.slice(0, 6).entries()) {
      const v = await rt.classify(t.img);
      const p = predictProba(net, rows[i]!);
      expect(v.scores["stripes"]!).toBeCloseTo(p[0]!, 5);
      expect(v.scores["flat"]!).toBeCloseTo(p[1]!, 5);
    }
    await rt.close();
    expect(() => exportOnnx(net, { imageInput: { channels: 3, size } })).toThrow(/does not match/);
  });

  it("refuses bytes that are not an ONNX model", async () => {
    const spec: ModelSpec = { modelRef: "bad@1", format: "onnx", bytes: new TextEncoder().encode("not a model"), classes: ["a", "b"], input: { kind: "features", features: cfg }, output: "logits" };
    await expect(onnxRuntimeFactory.load(spec)).rejects.toThrow(/bad@1: not a loadable ONNX model/);
  });
});
