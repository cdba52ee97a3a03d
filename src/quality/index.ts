export * from "./spc/index.js";
export * from "./plans.js";
export * from "./defects.js";
export * from "./gates.js";
export * from "./rework.js";
export * from "./yield.js";
