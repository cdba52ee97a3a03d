import type { SimStation } from "../../execution/index.js";
import type { Line } from "../../plant/index.js";

/** Work labels whose station installs a traced part (serial and lot go into the genealogy). */
const TRACED = new Set(["battery", "cockpit", "infotainment", "seats", "airbags", "lighting", "glazing", "front_end", "rear_axle", "wheels", "hvac", "sunroof"]);

/**
 * The simulator's view of a plant line: which stations install a traced part (by their work
 * labels) and which tighten with a measured torque (work `torque`).
 */
export function simStationsOf(line: Line): SimStation[] {
  return line.stations.map((s) => {
    const part = s.work.find((w) => TRACED.has(w));
    return {
      code: s.code,
      ...(part ? { partNumber: part.toUpperCase().replace(/_/g, "-") } : {}),
      ...(s.work.includes("torque") ? { torque: { nominal: 120, min: 110, max: 130 } } : {}),
    };
  });
}
