import type { RatioConstraint } from "./model.js";

/** Option work a unit brings to one station: seconds beyond the station's base content. */
export interface StationLoad {
  readonly station: string;
  readonly seconds: number;
}

export interface RatioRuleOptions {
  /** Line takt in seconds. */
  readonly takt: number;
  /** Share of the takt a light unit (no option work) leaves free at a station (default 0.2: stations are balanced to 80 %). */
  readonly slackShare?: number;
  /** Longest window considered (default 10 units). */
  readonly maxWindow?: number;
}

export interface DerivedRule extends RatioConstraint {
  readonly station: string;
  /** The largest option work seen at the station, in seconds. */
  readonly extraSeconds: number;
  /** Why this ratio: the capacity argument in one line. */
  readonly basis: string;
}

/**
 * Turns option work content into ratio constraints N/P, one per station that has option work.
 * An operator absorbs a heavy unit's extra work `w` from the slack `g` of light units
 * (g = slackShare × takt). Over any P consecutive units with N heavy ones the station keeps up
 * when N·w ≤ (P−N)·g, i.e. N/P ≤ g/(w+g). The rule is the largest fraction N/P (P ≤ maxWindow)
 * under that bound; a unit whose extra work exceeds a whole takt makes the rule high priority
 * (the line stops), the others low priority (overtime or a floater absorbs a breach).
 * @example deriveRatioRules([[{ station: "T04", seconds: 60 }], []], { takt: 90 }) // T04: 1/5
 */
export function deriveRatioRules(units: readonly (readonly StationLoad[])[], opts: RatioRuleOptions): DerivedRule[] {
  const g = (opts.slackShare ?? 0.2) * opts.takt;
  const maxWindow = opts.maxWindow ?? 10;
  const worst = new Map<string, number>();
  for (const loads of units) {
    const perStation = new Map<string, number>();
    for (const l of loads) if (l.seconds > 0) perStation.set(l.station, (perStation.get(l.station) ?? 0) + l.seconds);
    for (const [s, w] of perStation) worst.set(s, Math.max(worst.get(s) ?? 0, w));
  }
  const rules: DerivedRule[] = [];
  for (const [station, w] of [...worst].sort((a, b) => a[0].localeCompare(b[0]))) {
    const bound = g / (w + g);
    let best = { max: 1, window: maxWindow, value: 1 / maxWindow };
    for (let p = 1; p <= maxWindow; p++) {
      const n = Math.floor(bound * p + 1e-9);
      if (n < 1) continue;
      const v = n / p;
      // the largest admissible ratio; on ties the shorter window (a stricter, more local rule)
      if (v > best.value + 1e-12) best = { max: n, window: p, value: v };
    }
    rules.push({
      ident: `${station}`,
      station,
      max: best.max,
      window: best.window,
      priority: w > opts.takt ? "high" : "low",
      extraSeconds: w,
      basis: `${w} s option work vs ${g.toFixed(1)} s slack per light unit: at most ${(bound * 100).toFixed(0)} % heavy → ${best.max}/${best.window}`,
    });
  }
  return rules;
}
