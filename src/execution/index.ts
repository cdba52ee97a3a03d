/**
 * Execution: the line as it runs. Station states after OPC UA Machinery (OPC 40001-1),
 * unit tracking along the released sequence, genealogy (as-built records), andon and
 * the ISO 22400-2 KPIs. Pure: imports only the kernel.
 */
export * from "./model.js";
export * from "./station-state.js";
export * from "./tracking.js";
export * from "./genealogy.js";
export * from "./kpi.js";
export * from "./simulation.js";
