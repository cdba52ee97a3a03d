import { ValidationError, type TaktEvent } from "../kernel/index.js";

/** Which control chart watches a characteristic. */
export type VariableChart = "xbar-r" | "xbar-s" | "i-mr";
export type AttributeChart = "p" | "np" | "c" | "u";

/** A measured characteristic (torque, gap, flush, leak rate…) with its nominal and limits. */
export interface VariableCharacteristic {
  readonly kind: "variable";
  readonly id: string;
  readonly name: string;
  readonly unit: string;
  readonly nominal: number;
  readonly lsl?: number;
  readonly usl?: number;
  readonly chart: VariableChart;
}

/** A pass/fail or count characteristic (a visual check, a leak test verdict). */
export interface AttributeCharacteristic {
  readonly kind: "attribute";
  readonly id: string;
  readonly name: string;
  readonly chart: AttributeChart;
}

export type Characteristic = VariableCharacteristic | AttributeCharacteristic;

/**
 * Which units a plan applies to: a product (or any) and option values that must all match the
 * unit's configuration, e.g. `{ product: "bike", options: { motor: "e-drive" } }`.
 */
export interface VariantSelector {
  readonly product?: string;
  readonly options?: Readonly<Record<string, string>>;
}

/** How often and in what subgroups a characteristic is measured: every Nth unit, n per subgroup. */
export interface SamplePlan {
  readonly everyNth: number;
  readonly subgroupSize: number;
}

/** An inspection plan: what a station checks on which variants, and how often. */
export interface InspectionPlan {
  readonly id: string;
  readonly station: string;
  readonly variant: VariantSelector;
  readonly characteristics: readonly Characteristic[];
  readonly sample: SamplePlan;
}

/** The configuration of one unit as inspection sees it. */
export interface UnitConfig {
  readonly product: string;
  readonly options: Readonly<Record<string, string>>;
}

/** Validates and returns a plan (limits ordered, nominal within them, sample plan sane). */
export function definePlan(p: InspectionPlan): InspectionPlan {
  const issues: { path: string; message: string }[] = [];
  if (!p.id) issues.push({ path: "/id", message: "required" });
  if (!p.station) issues.push({ path: "/station", message: "required" });
  if (!(Number.isInteger(p.sample.everyNth) && p.sample.everyNth >= 1)) issues.push({ path: "/sample/everyNth", message: "must be an integer ≥ 1" });
  if (!(Number.isInteger(p.sample.subgroupSize) && p.sample.subgroupSize >= 1)) issues.push({ path: "/sample/subgroupSize", message: "must be an integer ≥ 1" });
  const seen = new Set<string>();
  p.characteristics.forEach((c, i) => {
    if (seen.has(c.id)) issues.push({ path: `/characteristics/${i}/id`, message: `duplicate ${c.id}` });
    seen.add(c.id);
    if (c.kind !== "variable") return;
    if (c.lsl === undefined && c.usl === undefined) issues.push({ path: `/characteristics/${i}`, message: "needs lsl or usl" });
    if (c.lsl !== undefined && c.usl !== undefined && !(c.usl > c.lsl)) issues.push({ path: `/characteristics/${i}/usl`, message: "must exceed lsl" });
    if ((c.lsl !== undefined && c.nominal < c.lsl) || (c.usl !== undefined && c.nominal > c.usl)) issues.push({ path: `/characteristics/${i}/nominal`, message: "outside the limits" });
    if (c.chart === "xbar-r" && (p.sample.subgroupSize < 2 || p.sample.subgroupSize > 25)) issues.push({ path: "/sample/subgroupSize", message: "X̄-R needs subgroups of 2..25" });
  });
  if (issues.length) throw new ValidationError(`inspection plan ${p.id || "?"} is invalid`, issues);
  return p;
}

/** How many option values a selector pins, or -1 when it does not match the unit. */
function specificity(sel: VariantSelector, unit: UnitConfig): number {
  if (sel.product !== undefined && sel.product !== unit.product) return -1;
  let n = sel.product !== undefined ? 1 : 0;
  for (const [k, v] of Object.entries(sel.options ?? {})) {
    if (unit.options[k] !== v) return -1;
    n++;
  }
  return n;
}

/**
 * The characteristics a station checks on a unit: every matching plan contributes; when two plans
 * define the same characteristic id, the more specific variant wins (a plan for e-drive bikes
 * overrides the generic bike torque limits).
 * @example characteristicsFor(plans, "stn_t04", { product: "bike", options: { motor: "e-drive" } })
 */
export function characteristicsFor(plans: readonly InspectionPlan[], station: string, unit: UnitConfig): Characteristic[] {
  const best = new Map<string, { c: Characteristic; s: number }>();
  for (const p of plans) {
    if (p.station !== station) continue;
    const s = specificity(p.variant, unit);
    if (s < 0) continue;
    for (const c of p.characteristics) {
      const cur = best.get(c.id);
      if (!cur || s > cur.s) best.set(c.id, { c, s });
    }
  }
  return [...best.values()].map((v) => v.c);
}

/** True when the unit at `sequenceNo` (1-based count of units through the station) is sampled. */
export function isSampled(plan: SamplePlan, sequenceNo: number): boolean {
  return sequenceNo % plan.everyNth === 0;
}

/** One measured value judged against its characteristic. */
export interface Measurement {
  readonly unit: string;
  readonly station: string;
  readonly characteristic: string;
  readonly value: number;
  readonly withinSpec: boolean;
  /** Value minus nominal, in the characteristic's unit. */
  readonly deviation: number;
  readonly at: string;
}

/** Judges a value against a variable characteristic's limits (limits inclusive). */
export function judge(c: VariableCharacteristic, value: number): { withinSpec: boolean; deviation: number } {
  const withinSpec = Number.isFinite(value) && (c.lsl === undefined || value >= c.lsl) && (c.usl === undefined || value <= c.usl);
  return { withinSpec, deviation: value - c.nominal };
}

/** The payload a station sends with its results: `{ unit, station, measurements: { torque_m6: 9.8, … } }`. */
export interface StationResultData {
  readonly unit: string;
  readonly station: string;
  readonly measurements: Readonly<Record<string, number>>;
}

/**
 * Captures the measurements in a station event (torques, gaps, flush, leak tests) against the
 * unit's plan. Values for characteristics the plan does not know are returned in `unplanned`
 * (counted, not dropped silently); planned characteristics the event lacks in `missing`.
 */
export function captureMeasurements(
  event: TaktEvent<StationResultData>,
  plans: readonly InspectionPlan[],
  unit: UnitConfig,
): { measurements: Measurement[]; unplanned: string[]; missing: string[] } {
  const d = event.data;
  const chars = characteristicsFor(plans, d.station, unit).filter((c): c is VariableCharacteristic => c.kind === "variable");
  const byId = new Map(chars.map((c) => [c.id, c]));
  const measurements: Measurement[] = [];
  const unplanned: string[] = [];
  for (const [id, value] of Object.entries(d.measurements)) {
    const c = byId.get(id);
    if (!c) {
      unplanned.push(id);
      continue;
    }
    measurements.push({ unit: d.unit, station: d.station, characteristic: id, value, ...judge(c, value), at: event.time });
  }
  const missing = chars.filter((c) => !(c.id in d.measurements)).map((c) => c.id);
  return { measurements, unplanned, missing };
}
