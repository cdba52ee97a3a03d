/**
 * Live re-sequencing: a unit is pulled out of the planned sequence (sent to rework) or put back
 * into it, the frozen horizon (positions already committed to the line) stays exactly as it is,
 * and the rest is re-optimized within a short time budget (default 0.3 s; the line needs the new
 * plan within about a takt).
 */
import { NotFoundError, ValidationError } from "../kernel/index.js";
import { optimizeSequence, type OptimizeResult } from "./optimizer.js";
import { INFEASIBLE, SequenceState } from "./search-state.js";
import type { SequencingInstance } from "./model.js";

/** Options of {@link pullOut} and {@link putBack}. */
export interface ResequenceOptions {
  /** Positions [0, frozen) of the current sequence are committed and must not move. */
  readonly frozen: number;
  readonly seconds?: number;
  readonly maxMoves?: number;
  readonly seed?: number;
  readonly now?: () => number;
}

function checkFrozen(frozen: number, len: number): void {
  if (!Number.isInteger(frozen) || frozen < 0 || frozen > len) {
    throw new ValidationError(`frozen must be an integer in [0, ${len}]`, [{ path: "/frozen", message: "out of range" }]);
  }
}

/**
 * Removes `unit` (a day unit index) from `sequence` and re-optimizes the positions after the
 * frozen horizon. A unit pulled from inside the horizon leaves a gap that closes up; the horizon
 * then holds one unit fewer, the others keep their order.
 */
export function pullOut(inst: SequencingInstance, sequence: readonly number[], unit: number, opts: ResequenceOptions): OptimizeResult {
  checkFrozen(opts.frozen, sequence.length);
  const p = sequence.indexOf(unit);
  if (p < 0) throw new NotFoundError("unit in sequence", String(unit));
  const rest = sequence.filter((_, i) => i !== p);
  const frozen = p < opts.frozen ? opts.frozen - 1 : opts.frozen;
  return optimizeSequence(inst, { ...common(opts), initial: rest, partial: true, frozen });
}

/**
 * Puts `unit` (a day unit index not in `sequence`) back: it goes to the cheapest feasible
 * position after the frozen horizon (every position evaluated incrementally), then the part
 * after the horizon is re-optimized.
 */
export function putBack(inst: SequencingInstance, sequence: readonly number[], unit: number, opts: ResequenceOptions): OptimizeResult {
  checkFrozen(opts.frozen, sequence.length);
  if (!Number.isInteger(unit) || unit < 0 || unit >= inst.day.length) throw new NotFoundError("unit", String(unit));
  if (sequence.includes(unit)) throw new ValidationError(`unit ${unit} is already in the sequence`, [{ path: "/unit", message: "duplicate" }]);
  const st = new SequenceState(inst, [...sequence, unit]);
  const last = st.total - 1;
  let best = last;
  // the end is a candidate only if it keeps the paint batches within the limit
  let bestDelta = st.longestRun() <= st.limit ? 0 : INFEASIBLE;
  for (let q = st.T + opts.frozen; q < last; q++) {
    st.prepareShift(last, q);
    const d = st.evalPrepared();
    if (d < bestDelta) {
      bestDelta = d;
      best = q;
    }
  }
  if (best !== last) {
    st.prepareShift(last, best);
    st.applyPrepared();
  }
  return optimizeSequence(inst, { ...common(opts), initial: st.order(), partial: true, frozen: opts.frozen });
}

function common(opts: ResequenceOptions): { seconds: number; seed: number; maxMoves?: number; now?: () => number } {
  return {
    seconds: opts.seconds ?? 0.3,
    seed: opts.seed ?? 1,
    ...(opts.maxMoves !== undefined ? { maxMoves: opts.maxMoves } : {}),
    ...(opts.now ? { now: opts.now } : {}),
  };
}
