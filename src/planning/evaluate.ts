/**
 * Independent evaluator of a day's sequence, written plainly (no incremental tricks) so it can
 * check the optimizer. Counting rules, ROADEF 2005 subject 1.2 and FAQ as collected in the data
 * README (2.4, 2.5):
 * - ratio N/P: each window contributes max(0, #units with the option − N); windows start at every
 *   day position and at up to P−1 positions inside the tail of day D-1 (windows wholly inside D-1
 *   are not counted); at the end of day D windows shrink and keep the allowance N
 *   (`endWindows: "truncated"`), or only full windows count (`"full"`, CSPLib);
 * - PCC: colour changes between consecutive day units, plus one between the last D-1 unit and the
 *   first day unit when their colours differ (FAQ 5 and 8);
 * - paint batch limit: hard; runs are measured inside day D.
 */
import { ValidationError } from "../kernel/index.js";
import { weighObjective, type CarUnit, type ObjectiveValue, type SequencingInstance } from "./model.js";

/** Violations of one N/P constraint over `tail` + `seq` option flags, per the counting rules above. */
export function ratioViolations(
  tailFlags: readonly boolean[],
  dayFlags: readonly boolean[],
  max: number,
  window: number,
  endWindows: "truncated" | "full",
): number {
  const t = tailFlags.length;
  const flags = [...tailFlags, ...dayFlags];
  const total = flags.length;
  const first = Math.max(0, t - (window - 1));
  const last = endWindows === "truncated" ? total - 1 : total - window;
  let v = 0;
  for (let s = first; s <= last; s++) {
    let c = 0;
    const e = Math.min(s + window, total);
    for (let p = s; p < e; p++) if (flags[p]) c++;
    if (c > max) v += c - max;
  }
  return v;
}

/**
 * Distances between consecutive option units of one constraint, in line order over `tail` + `seq`
 * flags (the first from the tail's last option unit, when it has one). For a 1/P constraint a
 * distance below P is where its windows are violated and one above P is room left unused, which a
 * violation elsewhere might have taken (a diagnosis of where a part's excess over its bound sits).
 */
export function optionGaps(tailFlags: readonly boolean[], dayFlags: readonly boolean[]): number[] {
  const gaps: number[] = [];
  let prev = tailFlags.lastIndexOf(true);
  const t = tailFlags.length;
  dayFlags.forEach((f, i) => {
    if (!f) return;
    if (prev >= 0) gaps.push(t + i - prev);
    prev = t + i;
  });
  return gaps;
}

/** Colour changes of day D behind the tail (FAQ 5/8: the change across the day boundary counts). */
export function colourChanges(tail: readonly CarUnit[], seq: readonly CarUnit[]): number {
  let changes = 0;
  let prev = tail.length > 0 ? tail[tail.length - 1]!.colour : undefined;
  for (const u of seq) {
    if (prev !== undefined && u.colour !== prev) changes++;
    prev = u.colour;
  }
  return changes;
}

/** Length of the longest same-colour run in `seq`. */
export function longestBatch(seq: readonly CarUnit[]): number {
  let best = 0;
  let run = 0;
  for (let i = 0; i < seq.length; i++) {
    run = i > 0 && seq[i]!.colour === seq[i - 1]!.colour ? run + 1 : 1;
    if (run > best) best = run;
  }
  return best;
}

/**
 * Throws ValidationError unless `order` is a permutation of the day's unit indices
 * (or, with `partial`, a list of distinct valid indices).
 */
export function checkPermutation(inst: SequencingInstance, order: readonly number[], partial = false): void {
  const n = inst.day.length;
  if (!partial && order.length !== n) throw new ValidationError(`sequence has ${order.length} units, the day has ${n}`, [{ path: "/sequence", message: "not a permutation" }]);
  const seen = new Uint8Array(n);
  order.forEach((u, i) => {
    if (!Number.isInteger(u) || u < 0 || u >= n) throw new ValidationError(`position ${i}: ${u} is not a unit of the day`, [{ path: `/sequence/${i}`, message: "unknown unit" }]);
    if (seen[u]) throw new ValidationError(`position ${i}: unit ${u} appears twice`, [{ path: `/sequence/${i}`, message: "duplicate" }]);
    seen[u] = 1;
  });
}

/** Options for {@link evaluateSequence}. */
export interface EvaluateOptions {
  /** Accept a sequence of a subset of the day (used while re-sequencing). Default false. */
  readonly partial?: boolean;
  /** Skip the paint batch check and report instead. Default false (a breach throws). */
  readonly allowBatchBreach?: boolean;
}

/** Full evaluation result: objective parts, weighted objective and the longest paint batch. */
export interface Evaluation extends ObjectiveValue {
  readonly longestBatch: number;
  /** Violations per constraint, in constraint order. */
  readonly byConstraint: readonly number[];
}

/**
 * Evaluates a sequence (day unit indices in line order): HPRC, LPRC, PCC and the weighted
 * objective. Throws ValidationError when it is not a permutation of the day's units or when a
 * paint batch is longer than the limit (FAQ 4: the limit is strict).
 * @example evaluateSequence(inst, inst.day.map((_, i) => i)).objective
 */
export function evaluateSequence(inst: SequencingInstance, order: readonly number[], opts: EvaluateOptions = {}): Evaluation {
  checkPermutation(inst, order, opts.partial ?? false);
  const seq = order.map((i) => inst.day[i]!);
  const batch = longestBatch(seq);
  if (!opts.allowBatchBreach && inst.paintBatchLimit !== null && batch > inst.paintBatchLimit) {
    throw new ValidationError(`paint batch of ${batch} exceeds the limit ${inst.paintBatchLimit}`, [{ path: "/sequence", message: "paint batch limit" }]);
  }
  let hprc = 0;
  let lprc = 0;
  const byConstraint = inst.constraints.map((c, k) => {
    const v = ratioViolations(
      inst.previousDay.map((u) => u.options[k]!),
      seq.map((u) => u.options[k]!),
      c.max,
      c.window,
      inst.endWindows,
    );
    if (c.priority === "high") hprc += v;
    else lprc += v;
    return v;
  });
  const pcc = inst.paintBatchLimit === null && inst.weights.pcc === 0 ? 0 : colourChanges(inst.previousDay, seq);
  return { ...weighObjective(inst, hprc, lprc, pcc), longestBatch: batch, byConstraint };
}
