export * from "./model.js";
export * from "./demo-plant.js";
