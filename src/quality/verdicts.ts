import { ValidationError, type Id } from "../kernel/index.js";
import { recordDefect, type Defect, type DefectCatalog } from "./defects.js";
import type { Verdict } from "./inspection/model.js";

/** How a station turns its model's verdicts into defects: which labels are good, which code each other label is. */
export interface VerdictPolicy {
  readonly okLabels: readonly string[];
  readonly defectCodes: Readonly<Record<string, string>>;
  /** Where on the product this camera looks (the defect's location). */
  readonly location: string;
}

/**
 * The defect an AI verdict found, or undefined for a good verdict. A defect verdict is recorded
 * like any other defect, so the unit's gate holds it until it is repaired and re-inspected.
 * @example defectFromVerdict(catalog, policy, { id, unit, station, model: "casting@1", verdict, at })
 */
export function defectFromVerdict(
  catalog: DefectCatalog,
  policy: VerdictPolicy,
  v: { id: Id<"defect">; unit: string; station: string; model: string; verdict: Verdict; at: string },
): Defect | undefined {
  if (policy.okLabels.includes(v.verdict.label)) return undefined;
  const code = policy.defectCodes[v.verdict.label];
  if (!code) throw new ValidationError(`no defect code for verdict ${v.verdict.label}`, [{ path: "/defectCodes", message: `missing ${v.verdict.label}` }]);
  return recordDefect(catalog, { id: v.id, unit: v.unit, station: v.station, code, location: policy.location, at: v.at, by: v.model, note: `${v.verdict.label} (score ${v.verdict.score.toFixed(3)})` });
}
