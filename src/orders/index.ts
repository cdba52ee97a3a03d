export * from "./model.js";
export * from "./events.js";
export * from "./decide.js";
export * from "./evolve.js";
export * from "./tracking.js";
