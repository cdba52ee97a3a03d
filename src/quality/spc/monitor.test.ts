import { describe, expect, it } from "vitest";
import type { VariableCharacteristic } from "../plans.js";
import { monitorChart, newMonitor, observe, type SpcMonitor } from "./monitor.js";

const torque: VariableCharacteristic = { kind: "variable", id: "torque_m6", name: "M6 torque", unit: "N·m", nominal: 10, lsl: 9, usl: 11, chart: "xbar-r" };
/** A quiet, deterministic in-control pattern around 10 N·m. */
const quiet = (i: number): number => 10 + 0.1 * Math.sin(i * 1.7) + 0.05 * Math.cos(i * 3.1);

function feed(m: SpcMonitor, values: number[]): { monitor: SpcMonitor; alerts: { rule: string; point: number }[] } {
  const alerts: { rule: string; point: number }[] = [];
  let mon = m;
  for (const v of values) {
    const r = observe(mon, { value: v });
    mon = r.monitor;
    alerts.push(...r.alerts.map((a) => ({ rule: a.data.rule, point: a.data.point })));
  }
  return { monitor: mon, alerts };
}

describe("live SPC monitor", () => {
  it("sets limits from the baseline, then raises an alert naming the rule when a subgroup shifts", () => {
    const m0 = newMonitor("stn_t04", torque, 5, 20);
    const base = feed(m0, Array.from({ length: 100 }, (_, i) => quiet(i)));
    expect(base.alerts).toEqual([]);
    expect(monitorChart(base.monitor)!.points).toHaveLength(20);
    const shifted = feed(base.monitor, Array.from({ length: 5 }, () => 10.6));
    expect(shifted.alerts).toEqual([{ rule: "nelson1", point: 20 }]);
    expect(observe(shifted.monitor, { value: 10 }).alerts).toEqual([]); // subgroup still filling
  });

  it("I-MR characteristics are monitored point by point", () => {
    const gap: VariableCharacteristic = { ...torque, id: "gap", chart: "i-mr", nominal: 2, lsl: 1.5, usl: 2.5 };
    const m0 = newMonitor("stn_t05", gap, 5, 15);
    expect(m0.chartId).toBe("stn_t05/gap/i");
    const base = feed(m0, Array.from({ length: 15 }, (_, i) => 2 + (quiet(i) - 10)));
    // A slow drift: six points steadily increasing, all inside the limits.
    const drift = feed(base.monitor, [1.9, 1.93, 1.96, 1.99, 2.02, 2.05]);
    expect(drift.alerts.map((a) => a.rule)).toContain("nelson3");
  });
});
