export * from "./distributions.js";
export * from "./constants.js";
export * from "./charts.js";
export * from "./rules.js";
export * from "./capability.js";
export * from "./alerts.js";
export * from "./monitor.js";
