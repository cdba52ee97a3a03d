import type { NewEvent } from "../../kernel/index.js";
import type { ControlChart } from "./charts.js";
import type { RuleId, RuleViolation } from "./rules.js";

/** Payload of `spc.alert_raised`: which chart, which point, which rule, in plain words. */
export interface SpcAlert {
  readonly chart: string;
  readonly kind: ControlChart["kind"];
  readonly point: number;
  readonly value: number;
  readonly rule: RuleId;
  readonly description: string;
  readonly points: readonly number[];
}

/**
 * One `spc.alert_raised` event per rule broken at the points from `fromIndex` on (so a live chart
 * that re-evaluates after each new subgroup raises each alert once). `chartId` names the chart,
 * e.g. `stn_t04/torque_m6/xbar`.
 */
export function spcAlerts(chartId: string, chart: ControlChart, violations: readonly RuleViolation[], fromIndex = 0): NewEvent<SpcAlert>[] {
  return violations
    .filter((v) => v.index >= fromIndex)
    .map((v) => ({
      type: "spc.alert_raised",
      source: "/quality/spc",
      subject: chartId,
      stream: `spc-${chartId}`,
      data: { chart: chartId, kind: chart.kind, point: v.index, value: chart.points[v.index]!, rule: v.rule, description: v.description, points: v.points },
    }));
}
