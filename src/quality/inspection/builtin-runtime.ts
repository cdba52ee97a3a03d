import { ValidationError } from "../../kernel/index.js";
import type { InspectionRuntime, InspectionRuntimeFactory, ModelSpec } from "../ports.js";
import { classifyImage, parseModel } from "./model.js";

/** The embedded default of the inspection-model port: the built-in JSON model run in JS. */
export const builtinRuntimeFactory: InspectionRuntimeFactory = {
  supports: (format) => format === "takt-json",
  load: async (spec: ModelSpec): Promise<InspectionRuntime> => {
    let model;
    try {
      model = parseModel(new TextDecoder().decode(spec.bytes));
    } catch (e) {
      const v = e as ValidationError;
      throw new ValidationError(`${spec.modelRef}: ${v.message}`, v.issues ?? []);
    }
    return {
      modelRef: spec.modelRef,
      classes: model.classes,
      classify: async (image) => classifyImage(model, image),
      close: async () => undefined,
    };
  },
};
