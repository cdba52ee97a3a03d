import type { Verdict } from "./inspection/model.js";

/**
 * Order-aware inspection: what the customer ordered (the configuration's visible options, e.g.
 * wheel, colour, badge) against what the cameras recognised on the unit.
 */
export interface OrderCheckResult {
  readonly unit: string;
  readonly pass: boolean;
  readonly mismatches: readonly { attribute: string; expected: string; observed: string; score: number }[];
  /** Attributes the order pins but no camera verdict covers: inspection incomplete, not a pass. */
  readonly unchecked: readonly string[];
  /** Verdicts below the confidence floor: need a human look (they are not treated as matches). */
  readonly uncertain: readonly { attribute: string; observed: string; score: number }[];
}

/**
 * Checks the recognised attributes of a unit against its order configuration. `expected` maps an
 * attribute to the ordered value (`{ wheel: "alloy-18", colour: "red", badge: "sport" }`);
 * `observed` maps the same attributes to the recognising model's verdict.
 * @example checkAgainstOrder("unit_1", { colour: "red" }, { colour: verdict }).pass
 */
export function checkAgainstOrder(unit: string, expected: Readonly<Record<string, string>>, observed: Readonly<Record<string, Verdict>>, minScore = 0.8): OrderCheckResult {
  const mismatches: OrderCheckResult["mismatches"][number][] = [];
  const unchecked: string[] = [];
  const uncertain: OrderCheckResult["uncertain"][number][] = [];
  for (const [attribute, want] of Object.entries(expected)) {
    const v = observed[attribute];
    if (!v) unchecked.push(attribute);
    else if (v.label !== want && v.score >= minScore) mismatches.push({ attribute, expected: want, observed: v.label, score: v.score });
    else if (v.score < minScore) uncertain.push({ attribute, observed: v.label, score: v.score });
  }
  return { unit, pass: mismatches.length === 0 && unchecked.length === 0 && uncertain.length === 0, mismatches, unchecked, uncertain };
}
