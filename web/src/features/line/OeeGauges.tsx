import { useEffect, useRef, useState, type ReactNode } from "react";
import type { LineKpis } from "../../api";
import { useStore } from "../../app/store-context";

const GAUGES = [
  { key: "oee", label: "OEE" },
  { key: "availability", label: "Availability" },
  { key: "effectiveness", label: "Performance" },
  { key: "quality", label: "Quality" },
] as const;

const HOURS = 8;

/** Refreshes asked for by `completed` come at most this often. */
const MIN_REFRESH_MS = 2000;

/**
 * The line's OEE and its three factors over the last 8 hours as gauges, and OEE per hour as a trend. Refreshed every
 * 30 s, and when `completed` (the line's completed count, from the live state) changes, at most every 2 s.
 */
export function OeeGauges({ line, completed }: { readonly line: string; readonly completed?: number }): ReactNode {
  const { api } = useStore();
  const loadRef = useRef<{ load: () => void; at: number } | null>(null);
  const [kpis, setKpis] = useState<LineKpis | null>(null);
  const [trend, setTrend] = useState<readonly { readonly hour: string; readonly oee: number | null; readonly pq: number }[]>([]);
  useEffect(() => {
    const abort = new AbortController();
    const load = (): void => {
      const now = Date.now();
      if (loadRef.current) loadRef.current.at = now;
      const hourly = Array.from({ length: HOURS }, (_, i) => {
        const to = new Date(now - (HOURS - 1 - i) * 3600_000);
        return { from: new Date(to.getTime() - 3600_000).toISOString(), to: to.toISOString() };
      });
      Promise.all([api.oee(line, undefined, abort.signal), ...hourly.map((w) => api.oee(line, w, abort.signal))]).then(
        ([all, ...hours]) => {
          setKpis(all!);
          setTrend(hours.map((h, i) => ({ hour: new Date(hourly[i]!.to).toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit", hourCycle: "h23" }), oee: h.overall.oee, pq: h.overall.pq })));
        },
        () => undefined, // the live map above reports connection trouble
      );
    };
    loadRef.current = { load, at: 0 };
    load();
    const timer = setInterval(load, 30_000);
    return () => {
      abort.abort();
      clearInterval(timer);
      loadRef.current = null;
    };
  }, [api, line]);
  const seenCompleted = useRef(completed);
  useEffect(() => {
    const r = loadRef.current;
    if (!r || completed === seenCompleted.current) return;
    seenCompleted.current = completed;
    const t = setTimeout(() => loadRef.current?.load(), Math.max(0, r.at + MIN_REFRESH_MS - Date.now()));
    return () => clearTimeout(t);
  }, [completed]);
  if (!kpis) return null;
  const o = kpis.overall;
  return (
    <section className="oee" aria-labelledby="h-oee" data-testid="oee">
      <h3 id="h-oee">OEE, last {HOURS} hours</h3>
      <div className="gauges">
        {GAUGES.map((g) => (
          <Gauge key={g.key} label={g.label} value={o[g.key]} />
        ))}
        <dl className="facts oee-facts">
          <div>
            <dt>Produced</dt>
            <dd>{o.pq}</dd>
          </div>
          <div>
            <dt>Good</dt>
            <dd>{o.gq}</dd>
          </div>
          <div>
            <dt>Per hour</dt>
            <dd>{o.throughputPerHour === null ? "–" : o.throughputPerHour.toFixed(1)}</dd>
          </div>
          <div>
            <dt>First-pass yield</dt>
            <dd>{pct(o.firstPassYield)}</dd>
          </div>
          <div>
            <dt>Takt adherence</dt>
            <dd>{pct(o.taktAdherence)}</dd>
          </div>
        </dl>
      </div>
      <Trend points={trend} />
    </section>
  );
}

const pct = (v: number | null): string => (v === null ? "–" : `${Math.round(v * 100)} %`);

/** A half-circle gauge; a ratio of null (nothing produced yet) shows an empty arc and a dash. */
export function Gauge({ label, value }: { readonly label: string; readonly value: number | null }): ReactNode {
  const v = value === null ? 0 : Math.max(0, Math.min(1, value));
  const a = Math.PI * (1 - v);
  const x = 60 + 48 * Math.cos(a);
  const y = 60 - 48 * Math.sin(a);
  const colour = value === null ? "#9aa5b1" : v >= 0.85 ? "#1e6b34" : v >= 0.6 ? "#b45309" : "#a3122a";
  return (
    <svg className="gauge" viewBox="0 0 120 78" role="img" aria-label={`${label}: ${pct(value)}`} data-gauge={label}>
      <path d="M12 60 A48 48 0 0 1 108 60" className="gauge-track" />
      {value !== null && v > 0 && <path d={`M12 60 A48 48 0 0 1 ${x.toFixed(1)} ${y.toFixed(1)}`} stroke={colour} className="gauge-value" />}
      <text x="60" y="56" textAnchor="middle" className="gauge-number">
        {pct(value)}
      </text>
      <text x="60" y="74" textAnchor="middle" className="gauge-label">
        {label}
      </text>
    </svg>
  );
}

function Trend({ points }: { readonly points: readonly { readonly hour: string; readonly oee: number | null; readonly pq: number }[] }): ReactNode {
  if (points.length === 0) return null;
  const w = 44;
  const h = 60;
  return (
    <svg className="oee-trend" viewBox={`0 0 ${points.length * w + 10} ${h + 30}`} role="img" aria-label={`OEE per hour: ${points.map((p) => `${p.hour} ${pct(p.oee)}`).join(", ")}`}>
      <line x1="0" x2={points.length * w + 10} y1={h + 2} y2={h + 2} className="trend-axis" />
      {points.map((p, i) => {
        const bh = p.oee === null ? 0 : Math.max(2, p.oee * h);
        return (
          <g key={i}>
            <rect x={i * w + 8} y={h + 2 - bh} width={w - 12} height={bh} className="trend-bar" />
            <text x={i * w + 8 + (w - 12) / 2} y={h + 16} textAnchor="middle" className="trend-label">
              {p.hour}
            </text>
            <text x={i * w + 8 + (w - 12) / 2} y={h + 27} textAnchor="middle" className="trend-label">
              {p.oee === null ? "–" : `${Math.round(p.oee * 100)}%`}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
