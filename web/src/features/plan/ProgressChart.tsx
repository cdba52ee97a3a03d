import { useId, type ReactNode } from "react";
import type { PlanValue, ProgressPoint } from "../../api";
import { chartScale, formatSeconds, PARTS, stepPath } from "./plan-model";

export interface ProgressChartProps {
  readonly progress: readonly ProgressPoint[];
  readonly budgetSeconds: number;
  /** While the optimizer runs: the time it has run so far, so the lines reach "now". */
  readonly runningMs?: number;
  readonly bounds?: PlanValue | null;
}

/** The optimizer's best objective over time, and below it the three parts it is made of (step lines: best so far). */
export function ProgressChart({ progress, budgetSeconds, runningMs, bounds }: ProgressChartProps): ReactNode {
  const first = progress[0];
  const last = progress.at(-1);
  const summary =
    first && last
      ? `Best objective ${first.objective} at the start, ${last.objective} after ${formatSeconds(last.elapsedMs)} (${progress.length} improvements recorded).`
      : runningMs !== undefined
        ? `Running for ${formatSeconds(runningMs)} of ${formatSeconds(budgetSeconds * 1000)}; the server reports the best values as it finds them.`
        : "No progress reported.";
  return (
    <figure className="progress-chart" data-testid="progress-chart">
      <Panel points={progress} field="objective" title="Objective (best so far)" budgetSeconds={budgetSeconds} runningMs={runningMs} bound={bounds?.objective} width={640} height={150} />
      <div className="progress-parts">
        {PARTS.map((p) => (
          <Panel key={p.key} points={progress} field={p.key} title={`${p.short} (${p.brief})`} budgetSeconds={budgetSeconds} runningMs={runningMs} bound={bounds?.[p.key]} width={300} height={80} small />
        ))}
      </div>
      <figcaption>{summary}</figcaption>
    </figure>
  );
}

interface PanelProps {
  readonly points: readonly ProgressPoint[];
  readonly field: keyof PlanValue;
  readonly title: string;
  readonly budgetSeconds: number;
  readonly runningMs: number | undefined;
  readonly bound: number | undefined;
  readonly width: number;
  readonly height: number;
  readonly small?: boolean;
}

const M = { left: 48, right: 12, top: 22, bottom: 22 };

function Panel({ points, field, title, budgetSeconds, runningMs, bound, width, height, small }: PanelProps): ReactNode {
  const titleId = useId();
  const scale0 = chartScale(points, field, budgetSeconds);
  // Keep the lower bound in view: it is the line the search is heading for.
  const scale = bound !== undefined && bound < scale0.min ? { ...scale0, min: Math.max(0, bound - (scale0.max - bound) * 0.08) } : scale0;
  const w = width - M.left - M.right;
  const h = height - M.top - M.bottom;
  const y = (v: number): number => M.top + h - ((v - scale.min) / (scale.max - scale.min)) * h;
  const last = points.at(-1);
  const d = stepPath(points, field, scale, w, h, runningMs);
  const ticksX = [0, 0.5, 1].map((f) => f * scale.maxMs);
  return (
    <svg className={small ? "chart small" : "chart"} viewBox={`0 0 ${width} ${height}`} role="img" aria-labelledby={titleId} data-series={field}>
      <title id={titleId}>{`${title}: ${last ? `now ${last[field]}` : "no data yet"}${bound !== undefined ? `, lower bound ${bound}` : ""}`}</title>
      <text x={M.left} y={14} className="chart-title">
        {title}
        {last ? ` — ${last[field]}` : ""}
      </text>
      <rect x={M.left} y={M.top} width={w} height={h} className="chart-area" />
      {[scale.min, scale.max].map((v, i) => (
        <text key={i} x={M.left - 6} y={y(v) + 4} textAnchor="end" className="chart-tick">
          {formatTick(v)}
        </text>
      ))}
      {ticksX.map((ms, i) => (
        <text key={i} x={M.left + (ms / scale.maxMs) * w} y={height - 6} textAnchor={i === 0 ? "start" : i === 2 ? "end" : "middle"} className="chart-tick">
          {formatSeconds(ms)}
        </text>
      ))}
      {bound !== undefined && bound >= scale.min && bound <= scale.max && (
        <g className="chart-bound">
          <line x1={M.left} x2={M.left + w} y1={y(bound)} y2={y(bound)} />
          {!small && (
            <text x={M.left + w - 4} y={y(bound) - 4} textAnchor="end">
              lower bound {bound}
            </text>
          )}
        </g>
      )}
      {runningMs !== undefined && runningMs <= scale.maxMs && (
        <line x1={M.left + (runningMs / scale.maxMs) * w} x2={M.left + (runningMs / scale.maxMs) * w} y1={M.top} y2={M.top + h} className="chart-now" />
      )}
      {d && <path d={d} transform={`translate(${M.left} ${M.top})`} className={`chart-line series-${field}`} />}
      {last && <circle cx={M.left + (last.elapsedMs / scale.maxMs) * w} cy={y(last[field])} r={3.5} className={`chart-dot series-${field}`} />}
    </svg>
  );
}

function formatTick(v: number): string {
  return Math.abs(v) >= 100 ? String(Math.round(v)) : String(Math.round(v * 10) / 10);
}
