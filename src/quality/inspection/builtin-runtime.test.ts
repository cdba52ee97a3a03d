import { describeInspectionRuntimeContract } from "../../../test/contracts/inspection.contract.js";
import { builtinRuntimeFactory } from "./builtin-runtime.js";
import { serializeModel } from "./model.js";

describeInspectionRuntimeContract(
  "built-in JSON model",
  builtinRuntimeFactory,
  (model, modelRef) => ({ modelRef, format: "takt-json", bytes: new TextEncoder().encode(serializeModel(model)), classes: model.classes, input: { kind: "features", features: model.features }, output: "probabilities" }),
  { modelRef: "broken@1", format: "takt-json", bytes: new TextEncoder().encode("{not json"), classes: ["a", "b"], input: { kind: "features", features: { size: 8, hogCells: [], lbpRadii: [1], lbpGrid: 0, glcmDistances: [], multiScale: false } }, output: "probabilities" },
);
