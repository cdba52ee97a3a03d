export * from "./ports.js";
export * from "./ingest.js";
export * from "./queries.js";
export * from "./simulation-setup.js";
