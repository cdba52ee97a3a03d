import { ValidationError } from "../../kernel/index.js";
import { checkRules, imrChart, processCapability, xbarRChart, RULE_TEXT, NELSON_RULES, WESTERN_ELECTRIC_RULES, type Capability, type ControlChart, type RuleViolation } from "../../quality/index.js";

/** Where SPC reads measured values: one characteristic (station + measurement name) in time order. */
export interface MeasurementSource {
  values(q: { line: string; station: string; name: string; limit: number }): Promise<{ value: number; unit: string; at: number }[]>;
  characteristics(line: string): Promise<{ station: string; name: string; uom: string | null; count: number }[]>;
}

export interface SpcRequest {
  readonly line: string;
  readonly station: string;
  readonly name: string;
  /** Subgroup size: 1 gives an individuals / moving-range chart, 2..25 an X̄-R chart. */
  readonly subgroup: number;
  readonly limit: number;
  readonly lsl?: number;
  readonly usl?: number;
  readonly rules: "nelson" | "western_electric";
}

export interface ChartView {
  readonly kind: string;
  readonly points: readonly number[];
  readonly center: number;
  readonly ucl: readonly number[];
  readonly lcl: readonly number[];
  readonly violations: readonly { rule: string; index: number; points: readonly number[]; description: string }[];
}

export interface SpcView {
  readonly line: string;
  readonly station: string;
  readonly name: string;
  readonly n: number;
  readonly subgroup: number;
  readonly units: readonly string[];
  readonly primary: ChartView;
  readonly dispersion: ChartView;
  readonly capability: Capability | null;
}

function view(c: ControlChart, rules: "nelson" | "western_electric"): ChartView {
  const vs: RuleViolation[] = checkRules(c, rules === "nelson" ? NELSON_RULES : WESTERN_ELECTRIC_RULES);
  return { kind: c.kind, points: c.points, center: c.center, ucl: c.ucl, lcl: c.lcl, violations: vs.map((v) => ({ rule: v.rule, index: v.index, points: v.points, description: RULE_TEXT[v.rule] })) };
}

/**
 * Control charts of a characteristic measured on the line (e.g. the marriage bolt torque at C04):
 * I-MR for single values or X̄-R for rational subgroups in production order, the run rules
 * (Nelson or Western Electric) marked on the points, and capability against the spec limits.
 */
export async function spcOf(source: MeasurementSource, q: SpcRequest): Promise<SpcView> {
  const rows = await source.values({ line: q.line, station: q.station, name: q.name, limit: q.limit });
  const values = rows.map((r) => r.value);
  const need = q.subgroup === 1 ? 3 : q.subgroup * 2;
  if (values.length < need) throw new ValidationError(`only ${values.length} values of ${q.station}/${q.name}; a chart needs at least ${need}`, [{ path: "/name", message: "not enough data" }]);
  let primary: ChartView;
  let dispersion: ChartView;
  let sigmaWithin: number;
  if (q.subgroup === 1) {
    const c = imrChart(values);
    primary = view(c.i, q.rules);
    dispersion = view(c.mr, q.rules);
    sigmaWithin = c.sigmaHat;
  } else {
    const groups: number[][] = [];
    for (let i = 0; i + q.subgroup <= values.length; i += q.subgroup) groups.push(values.slice(i, i + q.subgroup));
    const c = xbarRChart(groups);
    primary = view(c.xbar, q.rules);
    dispersion = view(c.r, q.rules);
    sigmaWithin = c.sigmaHat;
  }
  const spec = { ...(q.lsl !== undefined ? { lsl: q.lsl } : {}), ...(q.usl !== undefined ? { usl: q.usl } : {}) };
  const capability = q.lsl !== undefined || q.usl !== undefined ? processCapability(values, spec, { sigmaWithin }) : null;
  return { line: q.line, station: q.station, name: q.name, n: values.length, subgroup: q.subgroup, units: rows.map((r) => r.unit), primary, dispersion, capability };
}
