import type { ControlChart } from "./charts.js";

/**
 * Run rules. Nelson (1984, J. Quality Technology 16(4)) numbers eight tests; the Western Electric
 * handbook (1956) has four, which are Nelson 1, 5, 6 and 2 with a run of 8 instead of 9.
 * Zones are in standard errors of each point from the centre line (A: 2–3σ, B: 1–2σ, C: 0–1σ).
 */
export type RuleId = "nelson1" | "nelson2" | "nelson3" | "nelson4" | "nelson5" | "nelson6" | "nelson7" | "nelson8" | "we1" | "we2" | "we3" | "we4";

export const RULE_TEXT: Readonly<Record<RuleId, string>> = {
  nelson1: "one point beyond 3σ",
  nelson2: "nine points in a row on the same side of the centre line",
  nelson3: "six points in a row steadily increasing or decreasing",
  nelson4: "fourteen points in a row alternating up and down",
  nelson5: "two of three points in a row beyond 2σ on the same side",
  nelson6: "four of five points in a row beyond 1σ on the same side",
  nelson7: "fifteen points in a row within 1σ of the centre line",
  nelson8: "eight points in a row beyond 1σ, on both sides of the centre line",
  we1: "one point beyond 3σ",
  we2: "two of three consecutive points beyond 2σ on the same side",
  we3: "four of five consecutive points beyond 1σ on the same side",
  we4: "eight consecutive points on the same side of the centre line",
};

export const NELSON_RULES: readonly RuleId[] = ["nelson1", "nelson2", "nelson3", "nelson4", "nelson5", "nelson6", "nelson7", "nelson8"];
export const WESTERN_ELECTRIC_RULES: readonly RuleId[] = ["we1", "we2", "we3", "we4"];

/** One rule broken: `index` is the point that completed the pattern, `points` the whole pattern. */
export interface RuleViolation {
  readonly rule: RuleId;
  readonly index: number;
  readonly points: readonly number[];
  readonly description: string;
}

/** Each point as a signed distance from the centre line in standard errors. */
export function zScores(c: ControlChart): number[] {
  return c.points.map((x, i) => {
    const s = c.sigma[i]!;
    return s > 0 ? (x - c.center) / s : x === c.center ? 0 : Math.sign(x - c.center) * Infinity;
  });
}

function range(a: number, b: number): number[] {
  const out: number[] = [];
  for (let i = a; i <= b; i++) out.push(i);
  return out;
}

/** Every window of `len` points ending at i where `test(window start, end)` holds. */
function windows(z: readonly number[], len: number, rule: RuleId, test: (s: number, e: number) => boolean): RuleViolation[] {
  const out: RuleViolation[] = [];
  for (let e = len - 1; e < z.length; e++) {
    const s = e - len + 1;
    if (test(s, e)) out.push({ rule, index: e, points: range(s, e), description: RULE_TEXT[rule] });
  }
  return out;
}

/** k of the last m points beyond `lim` σ on one side, the completing point itself among them. */
function kOfM(z: readonly number[], k: number, m: number, lim: number, rule: RuleId): RuleViolation[] {
  const out: RuleViolation[] = [];
  for (let e = 0; e < z.length; e++) {
    const s = Math.max(0, e - m + 1);
    for (const side of [1, -1]) {
      if (!(side * z[e]! > lim)) continue;
      const hits = range(s, e).filter((i) => side * z[i]! > lim);
      if (hits.length >= k) out.push({ rule, index: e, points: hits, description: RULE_TEXT[rule] });
    }
  }
  return out;
}

function sameSide(z: readonly number[], len: number, rule: RuleId): RuleViolation[] {
  return windows(z, len, rule, (s, e) => {
    const sign = Math.sign(z[s]!);
    if (sign === 0) return false;
    for (let i = s; i <= e; i++) if (Math.sign(z[i]!) !== sign) return false;
    return true;
  });
}

/**
 * Checks a chart against run rules; returns every violation (a point can break several rules,
 * and a long run flags each point that extends it).
 * @example checkRules(chart, NELSON_RULES).filter(v => v.rule === "nelson2")
 */
export function checkRules(c: ControlChart, rules: readonly RuleId[] = NELSON_RULES): RuleViolation[] {
  const z = zScores(c);
  const p = c.points;
  const out: RuleViolation[] = [];
  for (const rule of rules) {
    switch (rule) {
      case "nelson1":
      case "we1":
        z.forEach((v, i) => {
          if (Math.abs(v) > 3) out.push({ rule, index: i, points: [i], description: RULE_TEXT[rule] });
        });
        break;
      case "nelson2":
        out.push(...sameSide(z, 9, rule));
        break;
      case "we4":
        out.push(...sameSide(z, 8, rule));
        break;
      case "nelson3":
        // Six points steadily increasing: five consecutive rises (Nelson counts the points).
        out.push(
          ...windows(z, 6, rule, (s, e) => {
            let up = true;
            let down = true;
            for (let i = s + 1; i <= e; i++) {
              if (!(p[i]! > p[i - 1]!)) up = false;
              if (!(p[i]! < p[i - 1]!)) down = false;
            }
            return up || down;
          }),
        );
        break;
      case "nelson4":
        out.push(
          ...windows(z, 14, rule, (s, e) => {
            for (let i = s + 2; i <= e; i++) {
              const d1 = p[i - 1]! - p[i - 2]!;
              const d2 = p[i]! - p[i - 1]!;
              if (!(d1 * d2 < 0)) return false;
            }
            return true;
          }),
        );
        break;
      case "nelson5":
      case "we2":
        out.push(...kOfM(z, 2, 3, 2, rule));
        break;
      case "nelson6":
      case "we3":
        out.push(...kOfM(z, 4, 5, 1, rule));
        break;
      case "nelson7":
        out.push(...windows(z, 15, rule, (s, e) => range(s, e).every((i) => Math.abs(z[i]!) < 1)));
        break;
      case "nelson8":
        // Nelson's test 8 (mixture): none in zone C, and points on both sides of the centre line.
        out.push(...windows(z, 8, rule, (s, e) => range(s, e).every((i) => Math.abs(z[i]!) > 1) && range(s, e).some((i) => z[i]! > 0) && range(s, e).some((i) => z[i]! < 0)));
        break;
    }
  }
  return out.sort((a, b) => a.index - b.index || a.rule.localeCompare(b.rule));
}

/** The rules each point breaks, by point index (only points that break at least one). */
export function violationsByPoint(vs: readonly RuleViolation[]): Map<number, RuleId[]> {
  const m = new Map<number, RuleId[]>();
  for (const v of vs) {
    const r = m.get(v.index) ?? [];
    if (!r.includes(v.rule)) r.push(v.rule);
    m.set(v.index, r);
  }
  return m;
}
