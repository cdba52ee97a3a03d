/**
 * Anytime local search for the day's sequence, in the spirit of the ROADEF 2005 winners
 * (Estellon, Gardi & Nouioua, EJOR 191(3), 2008: "very fast explorations of small
 * neighborhoods"): random moves — swaps (anywhere and nearby), shifts of one unit (insertion)
 * and block reversals — each evaluated incrementally by SequenceState, accepted when they do not
 * worsen the weighted objective (so the search walks plateaus), never accepting a paint batch
 * over the limit. Deterministic for a seed and a move budget; the time limit only decides where
 * the same trajectory stops. The returned sequence is never worse than the start.
 */
import { ValidationError } from "../kernel/index.js";
import { checkPermutation, evaluateSequence } from "./evaluate.js";
import { greedySequence } from "./initial.js";
import { weighObjective, type ObjectiveValue, type SequencingInstance } from "./model.js";
import { Rng } from "./rng.js";
import { INFEASIBLE, SequenceState } from "./search-state.js";

/** One point of the anytime curve: the best objective found by `elapsedMs`. */
export interface ProgressPoint extends ObjectiveValue {
  readonly elapsedMs: number;
  readonly moves: number;
}

/** Options of {@link optimizeSequence}. */
export interface OptimizeOptions {
  /** Wall-clock limit in seconds (default 10). */
  readonly seconds?: number;
  /** Stop after this many evaluated moves (makes a run fully reproducible). */
  readonly maxMoves?: number;
  readonly seed?: number;
  /** Starting sequence (day unit indices); default: the better of the greedy and the file order. */
  readonly initial?: readonly number[];
  /** Positions [0, frozen) of the sequence stay as they are (the frozen horizon). */
  readonly frozen?: number;
  /** Called on improvements (at most every `progressEveryMs`) and at the end. */
  readonly onProgress?: (p: ProgressPoint) => void;
  readonly progressEveryMs?: number;
  /** Time source in milliseconds (default Date.now), injectable for tests. */
  readonly now?: () => number;
  /** Stop as soon as the objective is at or below this value (e.g. a lower bound). */
  readonly stopAt?: number;
  /** Allow `initial` to be a subset of the day (re-sequencing works on such sequences). */
  readonly partial?: boolean;
}

/** What {@link optimizeSequence} returns. */
export interface OptimizeResult {
  readonly order: number[];
  readonly value: ObjectiveValue;
  readonly start: ObjectiveValue;
  readonly moves: number;
  readonly elapsedMs: number;
  /** When the returned value was first reached. */
  readonly timeToBestMs: number;
  /** Best objective over time: one point per improvement. */
  readonly history: readonly ProgressPoint[];
}

function valueOf(inst: SequencingInstance, st: SequenceState): ObjectiveValue {
  return weighObjective(inst, st.hprc, st.lprc, st.pcc);
}

/** The default start: the greedy sequence, or the file order when it is feasible and better. */
export function startingSequence(inst: SequencingInstance): number[] {
  const identity = inst.day.map((_, i) => i);
  const greedy = greedySequence(inst, identity);
  const g = new SequenceState(inst, greedy);
  const f = new SequenceState(inst, identity);
  const gOk = g.longestRun() <= g.limit;
  const fOk = f.longestRun() <= f.limit;
  if (fOk && (!gOk || f.cost() < g.cost())) return identity;
  return greedy;
}

/**
 * Optimizes the order of the day's units.
 * @example const r = optimizeSequence(inst, { seconds: 5, seed: 1 }); r.value.objective
 */
export function optimizeSequence(inst: SequencingInstance, opts: OptimizeOptions = {}): OptimizeResult {
  const now = opts.now ?? Date.now;
  const t0 = now();
  const deadline = t0 + (opts.seconds ?? 10) * 1000;
  const maxMoves = opts.maxMoves ?? Number.POSITIVE_INFINITY;
  const initial = opts.initial ? [...opts.initial] : startingSequence(inst);
  checkPermutation(inst, initial, opts.partial ?? false);
  const frozen = Math.max(0, Math.min(opts.frozen ?? 0, initial.length));
  if (!Number.isInteger(frozen)) throw new ValidationError("frozen must be an integer", [{ path: "/frozen", message: "not an integer" }]);
  const st = new SequenceState(inst, initial);
  const rng = new Rng(opts.seed ?? 1);
  const start = valueOf(inst, st);
  const history: ProgressPoint[] = [{ ...start, elapsedMs: 0, moves: 0 }];
  const every = opts.progressEveryMs ?? 250;
  let lastReport = -Infinity;
  const report = (elapsed: number, moves: number, force: boolean): void => {
    if (!opts.onProgress) return;
    if (!force && elapsed - lastReport < every) return;
    lastReport = elapsed;
    opts.onProgress({ ...valueOf(inst, st), elapsedMs: elapsed, moves });
  };
  report(0, 0, true);
  const lo = st.T + frozen;
  const span = st.total - lo;
  const maxP = inst.constraints.reduce((m, c) => Math.max(m, c.window), 2);
  const near = Math.max(2, Math.min(span - 1, Math.max(6, Math.min(2 * maxP, 60))));
  let moves = 0;
  let cost = st.cost();
  const stopAt = opts.stopAt ?? Number.NEGATIVE_INFINITY;
  let timeToBest = 0;
  let elapsed = 0;
  if (span >= 2) {
    for (;;) {
      if ((moves & 1023) === 0) {
        if (now() >= deadline || moves >= maxMoves || cost <= stopAt) break;
      } else if (moves >= maxMoves) break;
      moves++;
      const r = rng.next() & 1023;
      const i = lo + rng.int(span);
      let delta: number;
      if (r < 870) {
        // swap: 45% anywhere, 40% nearby (most ratio repairs are local); swaps cost O(P), block moves O(len + P)
        let j: number;
        if (r < 460) j = lo + rng.int(span);
        else {
          const d = 1 + rng.int(near);
          j = rng.next() & 1 ? i + d : i - d;
          if (j < lo || j >= st.total) continue;
        }
        if (j === i || (st.pmask[i] === st.pmask[j] && st.pcol[i] === st.pcol[j])) continue;
        delta = st.evalSwap(i, j);
        if (delta <= 0) {
          st.applySwap(i, j);
          if (delta < 0) {
            cost += delta;
            elapsed = now() - t0;
            timeToBest = elapsed;
            history.push({ ...valueOf(inst, st), elapsedMs: elapsed, moves });
            report(elapsed, moves, false);
          }
        }
        continue;
      }
      if (r < 970) {
        const d = 1 + rng.int(near);
        const to = rng.next() & 1 ? i + d : i - d;
        if (to < lo || to >= st.total) continue;
        st.prepareShift(i, to);
      } else {
        const b = i + 1 + rng.int(near);
        if (b >= st.total) continue;
        st.prepareReverse(i, b);
      }
      delta = st.evalPrepared();
      if (delta <= 0 && delta !== INFEASIBLE) {
        st.applyPrepared();
        if (delta < 0) {
          cost += delta;
          elapsed = now() - t0;
          timeToBest = elapsed;
          history.push({ ...valueOf(inst, st), elapsedMs: elapsed, moves });
          report(elapsed, moves, false);
        }
      }
    }
  }
  elapsed = now() - t0;
  const value = valueOf(inst, st);
  report(elapsed, moves, true);
  return { order: st.order(), value, start, moves, elapsedMs: elapsed, timeToBestMs: timeToBest, history };
}

/** Re-evaluates a result with the independent evaluator (throws when it is not a valid sequence). */
export function verifyResult(inst: SequencingInstance, r: OptimizeResult, partial = false): ObjectiveValue {
  return evaluateSequence(inst, r.order, { partial });
}
