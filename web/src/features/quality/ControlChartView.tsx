import { useId, type ReactNode } from "react";
import type { ControlChart } from "../../api";

const W = 720;
const H = 200;
const M = { left: 56, right: 44, top: 16, bottom: 26 };

/** One control chart: points joined, centre line and control limits, points in a rule violation marked red (and listed below). */
export function ControlChartView({ chart, title, uom }: { readonly chart: ControlChart; readonly title: string; readonly uom?: string | null }): ReactNode {
  const titleId = useId();
  const n = chart.points.length;
  const flagged = new Set(chart.violations.flatMap((v) => v.points));
  const values = [...chart.points, ...chart.ucl, ...chart.lcl, chart.center].filter((v) => Number.isFinite(v));
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  const pad = (hi - lo || 1) * 0.08;
  const min = lo - pad;
  const max = hi + pad;
  const w = W - M.left - M.right;
  const h = H - M.top - M.bottom;
  const x = (i: number): number => M.left + (n <= 1 ? w / 2 : (i / (n - 1)) * w);
  const y = (v: number): number => M.top + h - ((v - min) / (max - min)) * h;
  const steps = (limits: readonly number[]): string => limits.map((v, i) => `${i === 0 ? "M" : "L"}${x(i).toFixed(1)},${y(v).toFixed(1)}`).join("");
  const fmt = (v: number): string => (Math.abs(v) >= 100 ? v.toFixed(1) : v.toFixed(3));
  return (
    <figure className="control-chart" data-chart={chart.kind}>
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-labelledby={titleId}>
        <title id={titleId}>{`${title}: ${n} points, centre ${fmt(chart.center)}, ${flagged.size} points in ${chart.violations.length} rule violations`}</title>
        <rect x={M.left} y={M.top} width={w} height={h} className="chart-area" />
        <line x1={M.left} x2={M.left + w} y1={y(chart.center)} y2={y(chart.center)} className="cl-center" />
        {chart.ucl.length > 0 && <path d={steps(chart.ucl)} className="cl-limit" />}
        {chart.lcl.length > 0 && <path d={steps(chart.lcl)} className="cl-limit" />}
        <text x={M.left + w + 4} y={y(chart.center) + 4} className="chart-tick">
          CL
        </text>
        {chart.ucl.length > 0 && (
          <text x={M.left + w + 4} y={y(chart.ucl.at(-1)!) + 4} className="chart-tick">
            UCL
          </text>
        )}
        {chart.lcl.length > 0 && (
          <text x={M.left + w + 4} y={y(chart.lcl.at(-1)!) + 4} className="chart-tick">
            LCL
          </text>
        )}
        {[max - pad, min + pad].map((v, i) => (
          <text key={i} x={M.left - 6} y={y(v) + 4} textAnchor="end" className="chart-tick">
            {fmt(v)}
          </text>
        ))}
        <path d={chart.points.map((v, i) => `${i === 0 ? "M" : "L"}${x(i).toFixed(1)},${y(v).toFixed(1)}`).join("")} className="cc-line" />
        {chart.points.map((v, i) => (
          <circle key={i} cx={x(i)} cy={y(v)} r={flagged.has(i) ? 4.5 : 2.8} className={flagged.has(i) ? "cc-point flagged" : "cc-point"} data-flagged={flagged.has(i) || undefined} />
        ))}
        <text x={M.left} y={H - 6} className="chart-tick">
          1
        </text>
        <text x={M.left + w} y={H - 6} textAnchor="end" className="chart-tick">
          {n}
        </text>
      </svg>
      <figcaption>
        <strong>{title}</strong>
        {uom ? ` (${uom})` : ""} · centre {fmt(chart.center)}
        {chart.violations.length === 0 ? " · no rule violations" : ""}
      </figcaption>
      {chart.violations.length > 0 && (
        <ul className="violations-list">
          {chart.violations.slice(0, 12).map((v, i) => (
            <li key={i}>
              <strong>{v.rule}</strong> at point {v.index + 1}: {v.description}
            </li>
          ))}
          {chart.violations.length > 12 && <li className="muted">and {chart.violations.length - 12} more</li>}
        </ul>
      )}
    </figure>
  );
}
