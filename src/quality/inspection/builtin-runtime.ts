import type { InspectionRuntime, InspectionRuntimeFactory, ModelSpec } from "../ports.js";
import { classifyImage, parseModel } from "./model.js";

/** The embedded default of the inspection-model port: the built-in JSON model run in JS. */
export const builtinRuntimeFactory: InspectionRuntimeFactory = {
  supports: (format) => format === "takt-json",
  load: async (spec: ModelSpec): Promise<InspectionRuntime> => {
    const model = parseModel(new TextDecoder().decode(spec.bytes));
    return {
      modelRef: spec.modelRef,
      classes: model.classes,
      classify: async (image) => classifyImage(model, image),
      close: async () => undefined,
    };
  },
};
