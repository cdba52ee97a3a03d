export * from "./errors.js";
export * from "./ids.js";
export * from "./units.js";
export * from "./clock.js";
export * from "./event.js";
export * from "./roles.js";
export * from "./random.js";
