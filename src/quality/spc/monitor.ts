import type { NewEvent } from "../../kernel/index.js";
import type { Measurement, VariableCharacteristic } from "../plans.js";
import { imrChart, xbarRChart, xbarSChart, type ControlChart } from "./charts.js";
import { spcAlerts, type SpcAlert } from "./alerts.js";
import { checkRules, NELSON_RULES, type RuleId } from "./rules.js";

/**
 * Live SPC for one characteristic at one station. Measurements fill subgroups of the plan's size
 * (1 for I-MR); the first `baseline` subgroups set the control limits (phase I); after that the
 * limits stay frozen and every new subgroup is plotted against them (phase II), and each rule it
 * breaks raises one `spc.alert_raised` event.
 */
export interface SpcMonitor {
  readonly chartId: string;
  readonly characteristic: VariableCharacteristic;
  readonly subgroupSize: number;
  readonly baseline: number;
  readonly rules: readonly RuleId[];
  readonly subgroups: readonly (readonly number[])[];
  readonly open: readonly number[];
  /** Frozen centre and σ of the plotted statistic, set when the baseline is complete. */
  readonly limits?: { readonly center: number; readonly sigma: number };
}

export function newMonitor(station: string, c: VariableCharacteristic, subgroupSize: number, baseline = 25, rules: readonly RuleId[] = NELSON_RULES): SpcMonitor {
  const n = c.chart === "i-mr" ? 1 : subgroupSize;
  return { chartId: `${station}/${c.id}/${c.chart === "i-mr" ? "i" : "xbar"}`, characteristic: c, subgroupSize: n, baseline, rules, subgroups: [], open: [] };
}

/** The plotted chart of the monitor so far (undefined until the baseline is complete). */
export function monitorChart(m: SpcMonitor): ControlChart | undefined {
  if (!m.limits) return undefined;
  const pts = m.subgroups.map((g) => g.reduce((a, b) => a + b, 0) / g.length);
  const { center, sigma } = m.limits;
  return { kind: m.subgroupSize === 1 ? "i" : "xbar", points: pts, center, sigma: pts.map(() => sigma), ucl: pts.map(() => center + 3 * sigma), lcl: pts.map(() => center - 3 * sigma) };
}

function baselineLimits(m: SpcMonitor, groups: readonly (readonly number[])[]): { center: number; sigma: number } {
  if (m.subgroupSize === 1) {
    const c = imrChart(groups.map((g) => g[0]!)).i;
    return { center: c.center, sigma: c.sigma[0]! };
  }
  const c = m.characteristic.chart === "xbar-s" || m.subgroupSize > 25 ? xbarSChart(groups).xbar : xbarRChart(groups).xbar;
  return { center: c.center, sigma: c.sigma[0]! };
}

/**
 * Adds one measurement. Returns the new monitor and the alert events raised by the subgroup it
 * completed (none while a subgroup is filling or during the baseline).
 * @example ({ monitor, alerts } = observe(monitor, measurement))
 */
export function observe(m: SpcMonitor, meas: Pick<Measurement, "value">): { monitor: SpcMonitor; alerts: NewEvent<SpcAlert>[] } {
  const open = [...m.open, meas.value];
  if (open.length < m.subgroupSize) return { monitor: { ...m, open }, alerts: [] };
  const subgroups = [...m.subgroups, open];
  let next: SpcMonitor = { ...m, subgroups, open: [] };
  if (!m.limits) {
    if (subgroups.length >= m.baseline) next = { ...next, limits: baselineLimits(m, subgroups) };
    return { monitor: next, alerts: [] };
  }
  const chart = monitorChart(next)!;
  const last = subgroups.length - 1;
  return { monitor: next, alerts: spcAlerts(next.chartId, chart, checkRules(chart, m.rules), last) };
}
