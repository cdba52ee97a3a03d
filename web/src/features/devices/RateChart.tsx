import type { ReactNode } from "react";
import { formatRate, niceMax, plural, ratesOf, sparkPath, type CounterSample } from "./devices-model";

const W = 240;
const H = 56;
const yOf = (v: number, max: number): number => Math.round((H - (Math.max(0, Math.min(v, max)) / max) * H) * 10) / 10;

/**
 * Received vs stored messages per second over the last polls, as two lines told apart by their dash
 * (not by colour alone) and named in the legend; the figure's text says the current rates.
 */
export function RateChart({ samples, pollMs }: { readonly samples: readonly CounterSample[]; readonly pollMs: number }): ReactNode {
  const rates = ratesOf(samples);
  const last = rates[rates.length - 1];
  const max = niceMax(Math.max(0, ...rates.flatMap((r) => [r.received, r.stored])));
  const summary = last
    ? `Now ${formatRate(last.received)} received, ${formatRate(last.stored)} stored (over the last ${Math.round(pollMs / 1000)} s); scale 0 to ${formatRate(max)}, ${plural(rates.length, "interval")} between polls.`
    : "Rates appear after the second poll.";
  return (
    <figure className="rate-chart" data-testid="rate-chart">
      <svg viewBox={`-4 -4 ${W + 8} ${H + 8}`} width={W + 8} height={H + 8} role="img" aria-label={`Messages per second: ${summary}`}>
        <rect className="chart-area" x={-4} y={-4} width={W + 8} height={H + 8} />
        {rates.length > 0 && (
          <>
            <path className="rate-received" d={sparkPath(rates.map((r) => r.received), W, H, max)} />
            <path className="rate-stored" d={sparkPath(rates.map((r) => r.stored), W, H, max)} />
            {last && (
              // The latest values as a circle (received) and a square (stored): told apart by shape too.
              <>
                <circle className="rate-received-now" cx={rates.length > 1 ? W : 0} cy={yOf(last.received, max)} r={3} />
                <rect className="rate-stored-now" x={(rates.length > 1 ? W : 0) - 3} y={yOf(last.stored, max) - 3} width={6} height={6} />
              </>
            )}
          </>
        )}
      </svg>
      <figcaption>
        <span className="legend-received">received</span> <span className="legend-stored">stored</span> per second · {summary}
      </figcaption>
    </figure>
  );
}
