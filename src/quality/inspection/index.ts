export * from "./image.js";
export * from "./decode.js";
export * from "./features.js";
export * from "./classifier.js";
export * from "./model.js";
export * from "./metrics.js";
export { mulberry32 } from "./rng.js";
export * from "./onnx-export.js";
export * from "./builtin-runtime.js";
