import type { Plan, PlanValue, ProgressPoint, RatioViolation } from "../../api";

export const PARTS = [
  { key: "hprc", label: "High-priority ratio violations", short: "HPRC", brief: "high-priority ratio" },
  { key: "lprc", label: "Low-priority ratio violations", short: "LPRC", brief: "low-priority ratio" },
  { key: "pcc", label: "Paint colour changes", short: "PCC", brief: "paint changes" },
] as const satisfies readonly { key: keyof PlanValue; label: string; short: string; brief: string }[];

/** Overlapping violation windows of one station merged into spans (positions 1-based, inclusive). */
export interface ViolationSpan {
  readonly from: number;
  readonly to: number;
  /** The largest excess of the windows in the span. */
  readonly excess: number;
  /** How many sliding windows of the rule are violated in the span. */
  readonly windows: number;
  readonly priority: string;
}

export interface StationRow {
  readonly station: string;
  readonly rule: string;
  readonly priority: "high" | "low";
  /** Positions (1-based) of units with extra work at this station. */
  readonly heavy: readonly number[];
  readonly spans: readonly ViolationSpan[];
  /** Sum of the excesses over all windows (the station's share of hprc or lprc). */
  readonly total: number;
}

export function mergeViolations(violations: readonly RatioViolation[]): ViolationSpan[] {
  const sorted = [...violations].sort((a, b) => a.from - b.from || a.to - b.to);
  const spans: ViolationSpan[] = [];
  for (const v of sorted) {
    const last = spans.at(-1);
    if (last && v.from <= last.to) spans[spans.length - 1] = { ...last, to: Math.max(last.to, v.to), excess: Math.max(last.excess, v.excess), windows: last.windows + 1 };
    else spans.push({ from: v.from, to: v.to, excess: v.excess, windows: 1, priority: v.priority });
  }
  return spans;
}

/** One row per ratio rule (in rule order), with its heavy units and its violations. */
export function stationRows(plan: Pick<Plan, "rules" | "sequence" | "violations">): StationRow[] {
  return plan.rules.map((rule) => {
    const own = plan.violations.filter((v) => v.station === rule.station);
    return {
      station: rule.station,
      rule: `${rule.max}/${rule.window}`,
      priority: rule.priority,
      heavy: plan.sequence.filter((u) => u.heavyAt.includes(rule.station)).map((u) => u.position),
      spans: mergeViolations(own),
      total: own.reduce((n, v) => n + v.excess, 0),
    };
  });
}

/** Number of paint colour changes along the sequence. */
export function colourChanges(colours: readonly string[]): number {
  let n = 0;
  for (let i = 1; i < colours.length; i++) if (colours[i] !== colours[i - 1]) n++;
  return n;
}

export interface ChartScale {
  readonly maxMs: number;
  readonly min: number;
  readonly max: number;
}

/** The chart's x range (at least the optimizer's time budget) and y range of one series, padded so a flat line is visible. */
export function chartScale(points: readonly ProgressPoint[], key: keyof PlanValue, budgetSeconds: number): ChartScale {
  const values = points.map((p) => p[key]);
  const lo = values.length ? Math.min(...values) : 0;
  const hi = values.length ? Math.max(...values) : 1;
  const pad = hi === lo ? Math.max(1, Math.abs(hi) * 0.1) : (hi - lo) * 0.08;
  const lastMs = points.at(-1)?.elapsedMs ?? 0;
  return { maxMs: Math.max(budgetSeconds * 1000, lastMs, 1), min: Math.max(0, lo - pad), max: hi + pad };
}

/**
 * SVG path of a best-so-far series as steps (the value holds until the next improvement),
 * in a box of width × height; extended to `untilMs` when given (the optimizer is still running).
 */
export function stepPath(points: readonly ProgressPoint[], key: keyof PlanValue, scale: ChartScale, width: number, height: number, untilMs?: number): string {
  if (points.length === 0) return "";
  const x = (ms: number): number => (ms / scale.maxMs) * width;
  const y = (v: number): number => height - ((v - scale.min) / (scale.max - scale.min)) * height;
  const r = (n: number): string => n.toFixed(1);
  let d = `M${r(x(points[0]!.elapsedMs))},${r(y(points[0]![key]))}`;
  for (let i = 1; i < points.length; i++) d += `H${r(x(points[i]!.elapsedMs))}V${r(y(points[i]![key]))}`;
  const end = Math.max(untilMs ?? 0, points.at(-1)!.elapsedMs);
  if (end > points.at(-1)!.elapsedMs) d += `H${r(x(Math.min(end, scale.maxMs)))}`;
  return d;
}

/** The gap of a value to its lower bound, as a percentage of the bound (0 % = proven optimal), or null. */
export function gapPercent(value: number, bound: number): number | null {
  if (bound === 0) return value === 0 ? 0 : null;
  return ((value - bound) / bound) * 100;
}

export function formatSeconds(ms: number): string {
  return ms < 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms / 1000)} s`;
}
