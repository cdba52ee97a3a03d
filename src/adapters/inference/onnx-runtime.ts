import * as ort from "onnxruntime-node";
import { ValidationError } from "../../kernel/index.js";
import { extractFeatures, resize, type Verdict } from "../../quality/inspection/index.js";
import type { InspectionRuntime, InspectionRuntimeFactory, ModelSpec } from "../../quality/ports.js";

/**
 * ONNX adapter of the inspection-model port (onnxruntime-node, CPU execution provider; its
 * install script is off, the CPU runtime ships inside the package). One intra-op thread by
 * default: a station classifies one image at a time and the line's other services share the cores.
 */
export const onnxRuntimeFactory: InspectionRuntimeFactory = {
  supports: (format) => format === "onnx",
  load: async (spec: ModelSpec): Promise<InspectionRuntime> => {
    let session: ort.InferenceSession;
    try {
      session = await ort.InferenceSession.create(spec.bytes, { intraOpNumThreads: 1, interOpNumThreads: 1, executionProviders: ["cpu"] });
    } catch (e) {
      throw new ValidationError(`${spec.modelRef}: not a loadable ONNX model (${(e as Error).message})`, [{ path: "/bytes", message: "onnx load failed" }]);
    }
    const inputName = session.inputNames[0]!;
    const outputName = session.outputNames[0]!;
    return {
      modelRef: spec.modelRef,
      classes: spec.classes,
      classify: async (image): Promise<Verdict> => {
        let tensor: ort.Tensor;
        if (spec.input.kind === "features") {
          const x = extractFeatures(image, spec.input.features);
          tensor = new ort.Tensor("float32", x, [1, x.length]);
        } else {
          const { size, mean, std, channels } = spec.input;
          const img = resize(image, size, size);
          const plane = img.data.map((v) => (v / 255 - mean) / std);
          const data = new Float32Array(plane.length * channels);
          for (let c = 0; c < channels; c++) data.set(plane, c * plane.length);
          tensor = new ort.Tensor("float32", data, [1, channels, size, size]);
        }
        const out = await session.run({ [inputName]: tensor });
        const raw = out[outputName]!.data as Float32Array;
        if (raw.length !== spec.classes.length) throw new ValidationError(`${spec.modelRef}: output has ${raw.length} values for ${spec.classes.length} classes`);
        const p = spec.output === "logits" ? softmax(raw) : Float32Array.from(raw);
        let best = 0;
        for (let c = 1; c < p.length; c++) if (p[c]! > p[best]!) best = c;
        return { label: spec.classes[best]!, score: p[best]!, scores: Object.fromEntries(spec.classes.map((c, i) => [c, p[i]!])) };
      },
      close: () => session.release(),
    };
  },
};

function softmax(z: Float32Array): Float32Array {
  const m = Math.max(...z);
  const e = z.map((v) => Math.exp(v - m));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / s);
}
