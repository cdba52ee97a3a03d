/**
 * Domain model of mixed-model sequencing (car sequencing with paint batches), following the
 * RENAULT subject of the ROADEF 2005 challenge: a day D of units to put in order behind the fixed
 * tail of day D-1, ratio constraints "at most N of any P consecutive units" with a priority, and a
 * hard limit on the length of a same-colour paint batch.
 */
import { ValidationError } from "../kernel/index.js";

/** The three parts of the objective (ROADEF 2005 subject, section 1.2). */
export type ObjectivePart = "hprc" | "lprc" | "pcc";

/** One unit (car) to sequence: its option flags (one per ratio constraint, in constraint order) and paint colour. */
export interface CarUnit {
  /** Vehicle identifier as read (a digit string in ROADEF files; not unique in every file). */
  readonly ident: string;
  readonly colour: number;
  readonly options: readonly boolean[];
  /** Rank in the original file sequence of its day (kept for writing files back). */
  readonly seqRank: number;
  /** The `Date` field as read (e.g. "2003 38 4"); empty when the source has none. */
  readonly date: string;
}

/** "At most `max` units with this option in any `window` consecutive units." */
export interface RatioConstraint {
  readonly ident: string;
  readonly max: number;
  readonly window: number;
  readonly priority: "high" | "low";
}

/**
 * How windows at the end of day D are counted. `truncated`: windows starting in the last P-1
 * positions are still counted, shorter, with the same allowance N (the reading checked against the
 * official ROADEF checker, see README 2.5). `full`: only windows of full length P (CSPLib prob001).
 */
export type EndWindows = "truncated" | "full";

/** One sequencing problem: the day's units, the fixed tail of the previous day, the rules and the objective. */
export interface SequencingInstance {
  readonly name: string;
  readonly constraints: readonly RatioConstraint[];
  /** Largest number of consecutive same-colour units of day D; null when colours are not constrained. */
  readonly paintBatchLimit: number | null;
  /** Day D-1, already sequenced, in line order (its last P-1 units count in windows that cross into day D). */
  readonly previousDay: readonly CarUnit[];
  /** Day D units, in their original (file) order; a sequence is a permutation of their indices. */
  readonly day: readonly CarUnit[];
  /** Objective parts in rank order, rank 1 first. */
  readonly objectives: readonly ObjectivePart[];
  /** Weight of each part in the scalar objective (0 for a part not ranked). */
  readonly weights: Readonly<Record<ObjectivePart, number>>;
  readonly endWindows: EndWindows;
  /** ROADEF classes the high-priority constraints "easy" or "difficult" to satisfy (subject 1.2.4). */
  readonly hprcDifficulty?: "easy" | "difficult";
}

/** The three objective parts and their weighted sum. */
export interface ObjectiveValue {
  readonly hprc: number;
  readonly lprc: number;
  readonly pcc: number;
  readonly objective: number;
}

/** Most constraints the optimizer handles: option sets are kept as 31-bit masks (ROADEF max is 30). */
export const MAX_CONSTRAINTS = 31;

/**
 * Weights of the final ROADEF 2005 ranking ("Mark = 1000000·obj1 + 1000·obj2 + obj3",
 * procedure_eval page): rank 1 weighs 10^6, rank 2 10^3, rank 3 1; parts not ranked weigh 0.
 */
export function roadefWeights(order: readonly ObjectivePart[]): Record<ObjectivePart, number> {
  const w: Record<ObjectivePart, number> = { hprc: 0, lprc: 0, pcc: 0 };
  const rankWeights = [1_000_000, 1_000, 1];
  order.forEach((p, i) => {
    w[p] = rankWeights[i] ?? 0;
  });
  return w;
}

/** The scalar objective of three part values under an instance's weights. */
export function weighObjective(inst: Pick<SequencingInstance, "weights">, hprc: number, lprc: number, pcc: number): ObjectiveValue {
  return { hprc, lprc, pcc, objective: inst.weights.hprc * hprc + inst.weights.lprc * lprc + inst.weights.pcc * pcc };
}

/**
 * Validates an instance and returns it unchanged: constraint shapes, option vector lengths,
 * objective order. Throws ValidationError naming the first problem.
 */
export function checkInstance(inst: SequencingInstance): SequencingInstance {
  const k = inst.constraints.length;
  if (k > MAX_CONSTRAINTS) throw new ValidationError(`${k} ratio constraints; at most ${MAX_CONSTRAINTS} supported`, [{ path: "/constraints", message: "too many" }]);
  inst.constraints.forEach((c, i) => {
    if (!Number.isInteger(c.max) || !Number.isInteger(c.window) || c.max < 0 || c.window < 1 || c.max > c.window) {
      throw new ValidationError(`constraint ${c.ident}: bad ratio ${c.max}/${c.window}`, [{ path: `/constraints/${i}`, message: "N/P needs 0 <= N <= P, P >= 1" }]);
    }
  });
  const units = [...inst.previousDay, ...inst.day];
  units.forEach((u, i) => {
    if (u.options.length !== k) throw new ValidationError(`unit ${u.ident}: ${u.options.length} option flags, expected ${k}`, [{ path: `/units/${i}/options`, message: "wrong length" }]);
    if (!Number.isInteger(u.colour)) throw new ValidationError(`unit ${u.ident}: colour must be an integer`, [{ path: `/units/${i}/colour`, message: "not an integer" }]);
  });
  if (inst.paintBatchLimit !== null && (!Number.isInteger(inst.paintBatchLimit) || inst.paintBatchLimit < 1)) {
    throw new ValidationError(`paint batch limit must be a positive integer`, [{ path: "/paintBatchLimit", message: "bad value" }]);
  }
  if (new Set(inst.objectives).size !== inst.objectives.length || inst.objectives.length === 0) {
    throw new ValidationError(`objective order must list distinct parts`, [{ path: "/objectives", message: "bad order" }]);
  }
  return inst;
}

/** Bit mask of a unit's options (bit k set when it needs constraint k's option). */
export function optionMask(u: CarUnit): number {
  let m = 0;
  u.options.forEach((o, k) => {
    if (o) m |= 1 << k;
  });
  return m;
}
