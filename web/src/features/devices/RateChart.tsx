import type { ReactNode } from "react";
import { formatRate, niceMax, ratesOf, sparkPath, type CounterSample } from "./devices-model";

const W = 240;
const H = 56;

/**
 * Received vs stored messages per second over the last polls, as two lines told apart by their dash
 * (not by colour alone) and named in the legend; the figure's text says the current rates.
 */
export function RateChart({ samples, pollMs }: { readonly samples: readonly CounterSample[]; readonly pollMs: number }): ReactNode {
  const rates = ratesOf(samples);
  const last = rates[rates.length - 1];
  const max = niceMax(Math.max(0, ...rates.flatMap((r) => [r.received, r.stored])));
  const summary = last
    ? `Now ${formatRate(last.received)} received, ${formatRate(last.stored)} stored (over the last ${Math.round(pollMs / 1000)} s); scale 0 to ${formatRate(max)}, last ${rates.length} polls.`
    : "Rates appear after the second poll.";
  return (
    <figure className="rate-chart" data-testid="rate-chart">
      <svg viewBox={`0 0 ${W} ${H}`} width={W} height={H} role="img" aria-label={`Messages per second: ${summary}`}>
        <rect className="chart-area" x={0} y={0} width={W} height={H} />
        {rates.length > 0 && (
          <>
            <path className="rate-received" d={sparkPath(rates.map((r) => r.received), W, H, max)} />
            <path className="rate-stored" d={sparkPath(rates.map((r) => r.stored), W, H, max)} />
          </>
        )}
      </svg>
      <figcaption>
        <span className="legend-received">received</span> <span className="legend-stored">stored</span> per second · {summary}
      </figcaption>
    </figure>
  );
}
