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
import { checkPermutation, evaluateSequence, longestBatch, ratioViolations } from "./evaluate.js";
import { batchSequence, greedySequence, skeletonSequence } from "./initial.js";
import { lowerBounds } from "./lower-bound.js";
import { encodeRatioPart, type RatioSatQuery, type SatRun, type SatSolver } from "./sat-encoding.js";
import { optionMask, weighObjective, type ObjectivePart, type ObjectiveValue, type SequencingInstance } from "./model.js";
import { Rng } from "./rng.js";
import { SequenceState } from "./search-state.js";

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
  /** Relative frequencies of the moves: far swap, near swap, same-colour swap, shift, block reversal. */
  readonly moveMix?: readonly [number, number, number, number, number];
  /** Share of the far swaps made conflict-directed instead (0..1, default 0). */
  readonly focusShare?: number;
  /**
   * Share of the moves (0..1) that drift a 1/P constraint's unused room towards its violations
   * (see search): default DRIFT_SHARE on days with colours, 0 on colourless days (CSPLib, whose
   * move mix is tuned apart).
   */
  readonly driftShare?: number;
  /** Share of the shifts made long, next to a same-colour unit (0..1, default 0.1). */
  readonly longShiftShare?: number;
  /** Run the lexicographic phases (default true); false searches the weighted objective only. */
  readonly phases?: boolean;
  /** Allow `initial` to be a subset of the day (re-sequencing works on such sequences). */
  readonly partial?: boolean;
  /**
   * A SAT solver (port, sat-encoding.ts) for the first-ranked part when it is a ratio part, the
   * day has no paint batch limit and at most `satMaxUnits` units (CSPLib-like days): while the
   * local search runs, it decides beside it whether the part can be at its lower bound (raised by
   * one on each "unsatisfiable"), see withSat.
   */
  readonly sat?: SatSolver;
  /** Largest day handed to `sat` (default 500 units). */
  readonly satMaxUnits?: number;
  /** Called about every 50 ms with the best so far; true stops the search (the SAT questions poll their answer through it). */
  readonly interrupt?: (best: ObjectiveValue) => boolean;
  /** Known lower bounds of the parts (e.g. with a larger pair budget than the optimizer's own); the SAT's first question (default: the optimizer's own bounds). */
  readonly bounds?: ObjectiveValue;
  /**
   * Asked once, when the first-ranked part (a ratio part) is still above its bound (`bounds`, else
   * the optimizer's own) after 1 − `endingShare` of the time and has not improved for a while:
   * endings worth trying, each a list of option masks over that part's constraints (bit k =
   * constraint k's option), the last unit first (e.g. the endings the end-meet bound allows at its
   * bound, priced-bound.ts), and the part's bound they were found at when it is above `bounds`
   * (the search with an ending moves on to the other parts when it meets it). The rest of the time
   * goes to them (see withEndings); with none, the search goes on as if not asked. The time the
   * answer takes is not counted.
   */
  readonly endings?: (best: ObjectiveValue) => EndingsAnswer | undefined;
  /** Share of the time kept for `endings` at most (default 0.5); they start once the first part has not improved for 15 % of the time. */
  readonly endingShare?: number;
  /**
   * Internal (withEndings): called once with the best order when the search's clock passes
   * `at` ms (the sequence an ending is searched from, before the day's body settles).
   */
  readonly snapshot?: { readonly at: number; readonly take: (order: number[]) => void };
}

/** The answer to OptimizeOptions `endings`. */
export interface EndingsAnswer {
  /** Option masks over the part's constraints, the last unit first. */
  readonly endings: readonly (readonly number[])[];
  /** The part's lower bound these endings keep (e.g. the end-meet's), if known. */
  readonly bound?: number;
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
  /** When the SAT solver answered "unsatisfiable" one below the returned first part: that part is optimal. */
  readonly provenOptimal?: ObjectivePart;
}

const DEFAULT_MIX = [40, 35, 15, 8, 2] as const;
/**
 * Without colours (CSPLib prob001) a same-colour swap is only a far swap, and nothing makes block
 * moves costly to accept: their share goes to shifts and reversals.
 */
const COLOURLESS_MIX = [30, 40, 0, 25, 5] as const;

function valueOf(inst: SequencingInstance, st: SequenceState): ObjectiveValue {
  return weighObjective(inst, st.hprc, st.lprc, st.pcc);
}

/**
 * The default start: the cheapest paint-feasible of the greedy sequence, the fewest-batches
 * sequence and the file order (RENAULT's own sequence, README 2.4).
 */
export function startingSequence(inst: SequencingInstance): number[] {
  const identity = inst.day.map((_, i) => i);
  const candidates = [greedySequence(inst, identity), batchSequence(inst, identity), identity, skeletonSequence(inst)];
  let best: number[] = candidates[0]!;
  let bestKey = Infinity;
  for (const c of candidates) {
    if (!c) continue;
    const st = new SequenceState(inst, c);
    // an infeasible candidate only wins when nothing is feasible
    const key = st.cost() + (st.longestRun() <= st.limit ? 0 : 1e300);
    if (key < bestKey) [best, bestKey] = [c, key];
  }
  return best;
}

/**
 * Optimizes the order of the day's units. The search runs in lexicographic phases, as the
 * objective ranks suggest: the first-ranked part alone (so it may trade the lower parts freely)
 * for up to half the time or until it meets its lower bound, then the first two parts, then the
 * full weighted objective. The best sequence under the full objective seen at any time is kept
 * and returned, so the result is never worse than the start. Without a given start, when the
 * instance has two sparse 1/P constraints sharing units, a second start is built around them
 * ({@link skeletonSequence}); both are probed by a short descent and the search goes on from the
 * better one (still never worse than the default start, whose value is reported as `start`).
 * @example const r = optimizeSequence(inst, { seconds: 5, seed: 1 }); r.value.objective
 */
export function optimizeSequence(inst: SequencingInstance, opts: OptimizeOptions = {}): OptimizeResult {
  const first = inst.objectives[0];
  if (opts.sat && (first === "hprc" || first === "lprc") && inst.paintBatchLimit === null && inst.day.length <= (opts.satMaxUnits ?? 500) && !opts.frozen && !opts.partial) return withSat(inst, opts, opts.sat, first);
  if (opts.endings && (first === "hprc" || first === "lprc") && !opts.partial) return withEndings(inst, opts, opts.endings, first);
  if (opts.initial) return search(inst, opts, [...opts.initial]);
  const now = opts.now ?? Date.now;
  const t0 = now();
  const budgetMs = (opts.seconds ?? 10) * 1000;
  const maxMoves = opts.maxMoves ?? Number.POSITIVE_INFINITY;
  const start = startingSequence(inst);
  // a frozen prefix refers to the default start: no second start then
  const skeleton = opts.frozen ? undefined : skeletonSequence(inst);
  if (!skeleton) return search(inst, opts, start);
  // two candidate starts: each judged after a short descent (by moves, so runs stay
  // deterministic), the search goes on from the better one
  const probeMoves = Math.min(PROBE_MOVES, Math.floor(maxMoves / 10));
  const probe = (initial: number[]): OptimizeResult => {
    const left = Math.max(0, budgetMs - (now() - t0)) / 1000;
    const { snapshot: _snapshot, ...rest } = opts; // taken by the search that goes on, not by a probe
    return search(inst, { ...rest, onProgress: undefined, seconds: left / 10, maxMoves: probeMoves }, initial);
  };
  const a = probe(start);
  const b = probe(skeleton);
  const win = b.value.objective < a.value.objective ? b : a;
  const offset = now() - t0;
  const shift = (p: ProgressPoint): ProgressPoint => ({ ...p, elapsedMs: p.elapsedMs + offset, moves: p.moves + a.moves + b.moves });
  const report = opts.onProgress;
  const rest = search(
    inst,
    {
      ...opts,
      seconds: Math.max(0, budgetMs - offset) / 1000,
      maxMoves: maxMoves - a.moves - b.moves,
      ...(report ? { onProgress: (p: ProgressPoint) => report(shift(p)) } : {}),
      // the snapshot's time counts from the start of the whole run
      ...(opts.snapshot ? { snapshot: { ...opts.snapshot, at: opts.snapshot.at - offset } } : {}),
    },
    win.order,
  );
  return {
    ...rest,
    start: a.start,
    moves: rest.moves + a.moves + b.moves,
    elapsedMs: rest.elapsedMs + offset,
    timeToBestMs: rest.history.length > 1 ? rest.timeToBestMs + offset : win.timeToBestMs + (win === b ? a.elapsedMs : 0),
    history: [...a.history.slice(0, 1), ...win.history.slice(1).map((p) => (win === b ? { ...p, elapsedMs: p.elapsedMs + a.elapsedMs } : p)).filter((p) => p.objective < a.start.objective), ...rest.history.slice(1).map(shift)],
  };
}

/**
 * Local search for the whole time while SAT questions are decided beside it (`SatSolver.start`,
 * another process, so another core): "first part ≤ its lower bound?", raised by one on each
 * "unsatisfiable" (a proof) until the search's best is reached, until a model (optimal, as it
 * meets a proven bound) or no answer in time. The search polls the run about every 50 ms; a model
 * is checked by the evaluator and ends the search when it reaches `stopAt` or proves the only
 * weighted part optimal. The result is the better of the search's and the SAT's (the lower parts
 * of a SAT sequence are not searched further; on the days it is used for, CSPLib, there are none),
 * never worse than the search's own start.
 */
function withSat(inst: SequencingInstance, opts: OptimizeOptions, sat: SatSolver, part: "hprc" | "lprc"): OptimizeResult {
  const now = opts.now ?? Date.now;
  const t0 = now();
  const deadline = t0 + (opts.seconds ?? 10) * 1000;
  const stopAt = opts.stopAt ?? Number.NEGATIVE_INFINITY;
  const { sat: _sat, ...plain } = opts;
  const only = (["hprc", "lprc", "pcc"] as const).every((p) => p === part || inst.weights[p] === 0);
  let lb = opts.bounds?.[part] ?? lowerBounds(inst, { exact: false })[part];
  let proofs = 0;
  let satBest: { order: number[]; value: ObjectiveValue; at: number } | undefined;
  let run: { q: RatioSatQuery; r: SatRun } | undefined;
  const ask = (): void => {
    const seconds = Math.floor((deadline - now()) / 1000);
    if (seconds < 1) return;
    const q = encodeRatioPart(inst, part === "hprc" ? "high" : "low", lb);
    run = { q, r: sat.start(q.cnf, { seconds, expect: "sat" }) };
  };
  // once it has said stop, it keeps saying so (the skeleton start runs several searches in turn)
  let stop = false;
  const interrupt = (best: ObjectiveValue): boolean => (stop ||= answered(best));
  const answered = (best: ObjectiveValue): boolean => {
    if (!run || best[part] <= lb) return false;
    const a = run.r.poll();
    if (!a) return false;
    const { q } = run;
    run = undefined;
    if (a.status === "unsat") {
      proofs++;
      lb++;
      if (lb < best[part]) ask();
      return only && lb >= best[part];
    }
    if (a.status === "unknown") return false;
    const order = q.decode(a.model);
    const e = evaluateSequence(inst, order);
    if (e[part] > lb) throw new Error(`SAT sequence has ${part} ${e[part]}, asked for at most ${lb}`);
    const value = { hprc: e.hprc, lprc: e.lprc, pcc: e.pcc, objective: e.objective };
    if (value.objective < best.objective) {
      satBest = { order, value, at: now() - t0 };
      opts.onProgress?.({ ...value, elapsedMs: satBest.at, moves: 0 });
    }
    // at a proven bound: nothing better exists for this part
    return value.objective <= stopAt || only;
  };
  ask();
  let ls: OptimizeResult;
  try {
    ls = optimizeSequence(inst, { ...plain, interrupt });
  } finally {
    run?.r.cancel();
  }
  const provenOptimal = (v: ObjectiveValue): boolean => proofs > 0 && v[part] <= lb;
  if (satBest && satBest.value.objective < ls.value.objective) {
    const point = { ...satBest.value, elapsedMs: satBest.at, moves: ls.moves };
    return { ...ls, order: satBest.order, value: satBest.value, timeToBestMs: satBest.at, history: [...ls.history, point], ...(provenOptimal(satBest.value) ? { provenOptimal: part } : {}) };
  }
  return { ...ls, ...(provenOptimal(ls.value) ? { provenOptimal: part } : {}) };
}

/** Units of an ending kept at the end of the day (set B 024_V2: three; one or two are not enough). */
const ENDING_UNITS = 3;
/** The endings wait until the first part has not improved for this share of the time. */
const STALL_SHARE = 0.15;
/** Share of the ending's search given to the first part alone (its phase ends early at the bound). */
const ENDING_FIRST_SHARE = 0.8;
/** The ending is searched from the plain search's best at this share of the time. */
const SNAPSHOT_SHARE = 0.1;
/**
 * Share of the moves that drift unused room of a 1/P constraint (a distance above P between two
 * of its option units) towards its violations (distances below P), on days with colours.
 */
const DRIFT_SHARE = 0.01;

/** Bits of a priority's constraints (bit k = constraint k), to cut a unit's {@link optionMask} to that part. */
function partBits(inst: SequencingInstance, part: "hprc" | "lprc"): number {
  const prio = part === "hprc" ? "high" : "low";
  return inst.constraints.reduce((m, c, k) => (c.priority === prio ? m | (1 << k) : m), 0);
}

/**
 * Violations of the part's ratio constraints among an ending's own units (option masks over the
 * part's constraints, the last unit first): windows from each of its units to the day's end, so
 * two option units of a 1/P constraint less than P apart count whatever precedes them. The
 * end-meet bound cannot see these (a 1/P side's final state is where its last option unit is, not
 * the one before), so endings it finds equal may differ here (set B 024_V2: the endings with two
 * HPRC6 (1/8) units among the last three never reached the bound, those without it did).
 */
export function endingViolations(inst: SequencingInstance, ending: readonly number[], part: "hprc" | "lprc"): number {
  const prio = part === "hprc" ? "high" : "low";
  const forward = [...ending].reverse();
  return inst.constraints.reduce((v, c, k) => (c.priority === prio ? v + ratioViolations([], forward.map((m) => ((m >>> k) & 1) === 1), c.max, c.window, "truncated") : v), 0);
}

/**
 * The endings to try, best first: cut to their last `units` units (the end-meet lists four, the
 * fourth often free) and distinct; those with the fewest violations of their own
 * ({@link endingViolations}) first, each group in the list's order (the end-meet's: its value).
 */
export function rankEndings(inst: SequencingInstance, list: readonly (readonly number[])[], part: "hprc" | "lprc", units = ENDING_UNITS): number[][] {
  const distinct = [...new Map(list.map((e) => [e.slice(0, units).join(","), e.slice(0, units)])).values()];
  const own = new Map(distinct.map((e) => [e, endingViolations(inst, e, part)]));
  return distinct.sort((a, b) => own.get(a)! - own.get(b)!); // stable: the list's order within a group
}

/**
 * `order` with units of the ending's kinds (last unit first) moved to its end, the rest in their
 * order: of a few deterministic tries (the units of each kind nearest the end, then others among
 * the nearest few), the cheapest within the paint batch limit. Undefined when the day lacks the
 * kinds or no try keeps the limit.
 */
export function withEnding(inst: SequencingInstance, order: readonly number[], ending: readonly number[], part: "hprc" | "lprc", frozen = 0): number[] | undefined {
  const bits = partBits(inst, part);
  const masks = order.map((u) => optionMask(inst.day[u]!) & bits);
  // candidates per ending slot: the units of its kind from the end backwards (not in the frozen prefix)
  const cand = ending.map((m) => {
    const c: number[] = [];
    for (let p = order.length - 1; p >= frozen && c.length < 8 + ending.length; p--) if (masks[p] === m) c.push(p);
    return c;
  });
  if (cand.some((c) => c.length === 0)) return undefined;
  const rng = new Rng(ending.reduce((a, m) => a * 31 + m, 7));
  let best: number[] | undefined;
  let bestCost = Infinity;
  const seen = new Set<string>(); // picks already tried
  for (let attempt = 0; attempt < 40; attempt++) {
    const used = new Set<number>();
    const picks: number[] = [];
    let ok = true;
    for (let i = 0; i < ending.length && ok; i++) {
      const free = cand[i]!.filter((p) => !used.has(p));
      if (free.length === 0) ok = false;
      else {
        // first try: the nearest ones; then a random one among the nearest few
        const p = attempt === 0 ? free[0]! : free[rng.int(Math.min(free.length, 2 + attempt))]!;
        used.add(p);
        picks.push(p);
      }
    }
    if (!ok) return best;
    const key = picks.join(",");
    if (seen.has(key)) continue;
    seen.add(key);
    const next = [...order.filter((_, p) => !used.has(p)), ...picks.reverse().map((p) => order[p]!)];
    if (inst.paintBatchLimit !== null && longestBatch(next.map((u) => inst.day[u]!)) > inst.paintBatchLimit) continue;
    // the cheapest of the tries: the units whose leaving breaks the least
    const cost = evaluateSequence(inst, next).objective;
    if (cost < bestCost) [best, bestCost] = [next, cost];
  }
  return best;
}

/**
 * The search with `endings` (OptimizeOptions): the plain search until 1 − endingShare of the time
 * at least, and until the first part has not improved for STALL_SHARE of it; if that part is then
 * above its bound, one of the endings asked for (cut to their last ENDING_UNITS units; the first
 * in the list's order among those with the fewest violations of their own, {@link
 * endingViolations}, that the day's units allow) is put at the end of the plain search's best
 * sequence at SNAPSHOT_SHARE of the time ({@link withEnding}) and kept there while that sequence
 * is searched for the rest of the time, the first part alone until it meets its bound (at most
 * ENDING_FIRST_SHARE of it). Why: the first part's units must realign all along the day before
 * such an ending pays, which single moves do not find, and they do so only while the body of the
 * day is unsettled (set B 024_V2: the plain search ends at 1075 from every start and seed tried,
 * its end-meet bound is 1074; with a good ending kept last from the early sequence it reaches 1074
 * in 15 of 16 runs, from the settled one only 1075). With no endings the plain search is not
 * stopped (the question is asked from inside it, whose clock stops meanwhile). Never worse than
 * the plain search's best when the question was asked.
 */
function withEndings(inst: SequencingInstance, opts: OptimizeOptions, ask: NonNullable<OptimizeOptions["endings"]>, part: "hprc" | "lprc"): OptimizeResult {
  const now = opts.now ?? Date.now;
  const t0 = now();
  const budgetMs = (opts.seconds ?? 10) * 1000;
  const share = Math.min(0.9, Math.max(0, opts.endingShare ?? 0.5));
  const given = opts.bounds ?? lowerBounds(inst, { exact: false });
  let bound = given[part];
  const switchAt = t0 + (1 - share) * budgetMs;
  const { endings: _endings, snapshot: _snapshot, ...plain } = opts;
  // the ending is searched from the plain search's best at SNAPSHOT_SHARE of the time (measured:
  // an ending kept last pays only while the body of the day can still follow it)
  let early: number[] | undefined;
  let asked = false;
  let list: readonly (readonly number[])[] = [];
  // the part's last improvement: a search still improving it is left alone
  let lastValue = Infinity;
  let lastChange = t0;
  // asked from inside the search (whose clock stops meanwhile); it stops only when there are endings
  const interrupt = (best: ObjectiveValue): boolean => {
    if (opts.interrupt?.(best)) return true;
    if (asked) return false;
    const t = now();
    if (best[part] < lastValue) [lastValue, lastChange] = [best[part], t];
    if (t < switchAt || best[part] <= bound || t - lastChange < STALL_SHARE * budgetMs) return false;
    asked = true;
    const answer = ask(best);
    list = answer?.endings ?? [];
    if (answer?.bound !== undefined) bound = Math.max(bound, answer.bound);
    return list.length > 0;
  };
  const main = optimizeSequence(inst, { ...plain, interrupt, snapshot: { at: SNAPSHOT_SHARE * budgetMs, take: (o) => (early = o) } });
  if (list.length === 0) return main;
  const started = now();
  const left = (): number => Math.max(0, budgetMs - main.elapsedMs - (now() - started));
  const t1 = main.elapsedMs - started; // search clock = t1 + now() from here on
  let best = main;
  let moves = main.moves;
  const history = [...main.history];
  // the searches from here know the part's bound the endings were found at (a phase ends there)
  const bounds = given[part] >= bound ? given : weighObjective(inst, part === "hprc" ? bound : given.hprc, part === "lprc" ? bound : given.lprc, given.pcc);
  const runFrom = (initial: number[], seconds: number, frozenEnd: number, firstShare = 0.5): void => {
    const offset = t1 + now();
    const report = opts.onProgress;
    const r = search(
      inst,
      {
        ...plain,
        bounds,
        initial,
        seconds,
        ...(opts.maxMoves !== undefined ? { maxMoves: Math.max(0, opts.maxMoves - moves) } : {}),
        ...(report ? { onProgress: (p: ProgressPoint) => report({ ...p, elapsedMs: p.elapsedMs + offset, moves: p.moves + moves }) } : {}),
      },
      initial,
      frozenEnd,
      firstShare,
    );
    moves += r.moves;
    if (r.value.objective < best.value.objective) {
      best = { ...r, timeToBestMs: r.timeToBestMs + offset };
      history.push(...r.history.slice(1).filter((p) => p.objective < main.value.objective).map((p) => ({ ...p, elapsedMs: p.elapsedMs + offset, moves: p.moves + moves - r.moves })));
    }
  };
  // the first ending (rankEndings) that this day's units allow is kept last
  const ranked = rankEndings(inst, list, part);
  const from = early ?? main.order;
  let kept: { order: number[]; units: number } | undefined;
  for (const e of ranked) {
    const order = withEnding(inst, from, e, part, opts.frozen ?? 0);
    if (order) {
      kept = { order, units: e.length };
      break;
    }
  }
  if (kept) runFrom(kept.order, left() / 1000, kept.units, ENDING_FIRST_SHARE);
  else runFrom(best.order, left() / 1000, 0); // none applies to this day: the plain search goes on
  return { ...best, start: main.start, moves, elapsedMs: t1 + now(), history };
}

/** Moves of each probe descent when choosing between the default and the skeleton start. */
const PROBE_MOVES = 2_000_000;

function search(inst: SequencingInstance, opts: OptimizeOptions, initial: number[], frozenEnd = 0, firstShare = 0.5): OptimizeResult {
  // the search's clock: the time spent inside `interrupt` is not counted (a caller may answer a
  // slow question there, e.g. the endings' group bounds)
  const wall = opts.now ?? Date.now;
  let paused = 0;
  const now = (): number => wall() - paused;
  const t0 = now();
  const budgetMs = (opts.seconds ?? 10) * 1000;
  const deadline = t0 + budgetMs;
  const maxMoves = opts.maxMoves ?? Number.POSITIVE_INFINITY;
  checkPermutation(inst, initial, opts.partial ?? false);
  const frozen = Math.max(0, Math.min(opts.frozen ?? 0, initial.length));
  if (!Number.isInteger(frozen)) throw new ValidationError("frozen must be an integer", [{ path: "/frozen", message: "not an integer" }]);
  const st = new SequenceState(inst, initial);
  const rng = new Rng(opts.seed ?? 1);
  const W = inst.weights;
  const full = (): number => W.hprc * st.hprc + W.lprc * st.lprc + W.pcc * st.pcc;
  const start = valueOf(inst, st);
  const history: ProgressPoint[] = [{ ...start, elapsedMs: 0, moves: 0 }];
  const best = Int32Array.from(st.seq);
  let bestCost = full();
  let bestValue = start;
  const every = opts.progressEveryMs ?? 250;
  let lastReport = -Infinity;
  const report = (elapsed: number, moves: number, force: boolean): void => {
    if (!opts.onProgress) return;
    if (!force && elapsed - lastReport < every) return;
    lastReport = elapsed;
    opts.onProgress({ ...bestValue, elapsedMs: elapsed, moves });
  };
  report(0, 0, true);
  const lo = st.T + frozen;
  // positions [hi, total) stay as they are (an ending tried by withEndings)
  const hi = Math.max(lo, st.total - Math.max(0, frozenEnd));
  const span = hi - lo;
  const maxP = inst.constraints.reduce((m, c) => Math.max(m, c.window), 2);
  const near = Math.max(2, Math.min(span - 1, Math.max(6, Math.min(2 * maxP, 60))));
  // block moves cost O(len + P) per constraint, so they stay short
  const nearBlock = Math.max(2, Math.min(span - 1, Math.max(4, Math.min(maxP, 16))));
  const colourless = inst.paintBatchLimit === null && inst.weights.pcc === 0;
  const mix = opts.moveMix ?? (colourless ? COLOURLESS_MIX : DEFAULT_MIX);
  const mixSum = mix.reduce((a, b) => a + b, 0);
  const cut: number[] = [];
  mix.reduce((acc, m) => {
    cut.push(Math.round(((acc + m) / mixSum) * 1024));
    return acc + m;
  }, 0);
  // a share of the far swaps is conflict-directed, a share of the shifts goes far
  const cutFocus = Math.round(cut[0]! * (opts.focusShare ?? 0));
  const cutLong = cut[2]! + Math.round((cut[3]! - cut[2]!) * (opts.longShiftShare ?? 0.1));
  const highMask = st.highMask();
  const lowMask = ((1 << st.K) - 1) & ~highMask;
  const stopAt = opts.stopAt ?? Number.NEGATIVE_INFINITY;
  const interrupt = opts.interrupt;
  let nextTick = 0;
  let moves = 0;
  let timeToBest = 0;
  let snap = opts.snapshot;
  // drift moves (driftShare): per 1/P constraint weighed in the phase, where its gaps wider than P
  // (unused room) and narrower than P (violations) start, listed again every 4096 moves
  const driftCut = Math.round(1024 * Math.min(1, Math.max(0, opts.driftShare ?? (colourless ? 0 : DRIFT_SHARE))));
  const driftKs = driftCut > 0 ? inst.constraints.flatMap((c, k) => (c.max === 1 && c.window >= 2 ? [k] : [])) : [];
  const wideAt = driftKs.map(() => new Int32Array(st.total));
  const narrowAt = driftKs.map(() => new Int32Array(st.total));
  const wideN = new Int32Array(driftKs.length);
  const narrowN = new Int32Array(driftKs.length);
  const driftReady: number[] = [];
  let driftMask = 0;
  const listGaps = (): void => {
    driftReady.length = 0;
    driftKs.forEach((k, x) => {
      wideN[x] = narrowN[x] = 0;
      if (!((driftMask >> k) & 1)) return;
      const P = inst.constraints[k]!.window;
      let prev = -1;
      for (let c = lo; c < hi; c++) {
        if (!((st.pmask[c]! >> k) & 1)) continue;
        if (prev >= 0) {
          if (c - prev > P) wideAt[x]![wideN[x]!++] = prev;
          else if (c - prev < P) narrowAt[x]![narrowN[x]!++] = prev;
        }
        prev = c;
      }
      if (wideN[x]! > 0 && narrowN[x]! > 0) driftReady.push(x);
    });
  };
  /** The next option unit of constraint k after position c (before hi), or -1. */
  const nextOf = (c: number, k: number): number => {
    for (let p = c + 1; p < hi; p++) if ((st.pmask[p]! >> k) & 1) return p;
    return -1;
  };

  /** Runs the search under the state's current weights until the phase ends; false when the whole run must stop. */
  const search = (phaseEnd: number, phaseMoves: number, target: number): boolean => {
    let cost = st.cost();
    const wHigh = W.hprc;
    const wLow = W.lprc;
    for (;;) {
      if ((moves & 1023) === 0) {
        const t = now();
        if (t >= deadline || moves >= maxMoves || bestCost <= stopAt) return false;
        if (interrupt && t >= nextTick) {
          nextTick = t + 50;
          const before = wall();
          const stop = interrupt(bestValue);
          paused += wall() - before;
          if (stop) return false;
        }
        if (snap && t - t0 >= snap.at) {
          snap.take(Array.from(best.subarray(st.T)));
          snap = undefined;
        }
        if (t >= phaseEnd || moves >= phaseMoves || cost <= target) return true;
        if (driftKs.length > 0 && (moves & 4095) === 0) listGaps();
      } else if (moves >= maxMoves) return false;
      moves++;
      const x = rng.next();
      const r = x & 1023;
      let i = lo + rng.int(span);
      let delta: number;
      if (driftReady.length > 0 && ((x >>> 10) & 1023) < driftCut) {
        // drift: a gap wider than P moves one option unit towards the nearest gap narrower than
        // P (its end unit there steps one place inwards); on a plateau the room wanders that way
        // until it meets a violation and removes it (set B 024_V2: HPRC6 1/8 on 160 of 1,270
        // units, whose 9-gaps far from its 7-gaps no single move closes)
        const dx = driftReady[rng.int(driftReady.length)]!;
        const k = driftKs[dx]!;
        const P = inst.constraints[k]!.window;
        const g1 = wideAt[dx]![rng.int(wideN[dx]!)]!;
        // listed up to 4096 moves ago: check the gap again
        if (!((st.pmask[g1]! >> k) & 1)) continue;
        const g2 = nextOf(g1, k);
        if (g2 < 0 || g2 - g1 <= P) continue;
        let h = -1;
        for (let q = 0; q < narrowN[dx]!; q++) {
          const c = narrowAt[dx]![q]!;
          if (h < 0 || Math.abs(c - g1) < Math.abs(h - g1)) h = c;
        }
        const [a, b] = h > g1 ? [g2, g2 - 1] : [g1, g1 + 1];
        if (a < lo || b < lo || a >= hi || b >= hi || (st.pmask[a] === st.pmask[b] && st.pcol[a] === st.pcol[b])) continue;
        delta = st.evalSwap(a, b);
        if (delta > 0) continue;
        st.applySwap(a, b);
      } else if (r < cut[2]!) {
        let j: number;
        if (r < cutFocus) {
          // conflict-directed: move a unit that sits in a violated window of the costliest ratio part
          const filter = st.hprc > 0 && wHigh >= wLow ? highMask : st.lprc > 0 ? lowMask : highMask;
          for (let tries = 0; tries < 8 && !st.inViolation(i, filter); tries++) i = lo + rng.int(span);
          const d = 1 + rng.int(near);
          j = rng.next() & 1 ? i + d : i - d;
          if (j < lo || j >= hi) j = lo + rng.int(span);
        } else if (r < cut[0]!) j = lo + rng.int(span);
        else if (r < cut[1]!) {
          const d = 1 + rng.int(near);
          j = rng.next() & 1 ? i + d : i - d;
          if (j < lo || j >= hi) continue;
        } else {
          // a unit of the same colour elsewhere: keeps the colour changes, reshuffles options
          j = lo + rng.int(span);
          for (let tries = 0; tries < 6 && st.pcol[j] !== st.pcol[i]; tries++) j = lo + rng.int(span);
        }
        if (j === i || (st.pmask[i] === st.pmask[j] && st.pcol[i] === st.pcol[j])) continue;
        delta = st.evalSwap(i, j);
        if (delta > 0) continue;
        st.applySwap(i, j);
      } else {
        if (r < cutLong) {
          // long shift next to a unit of the same colour: changes batch sizes without a colour change
          let j = lo + rng.int(span);
          for (let tries = 0; tries < 6 && st.pcol[j] !== st.pcol[i]; tries++) j = lo + rng.int(span);
          if (j === i) continue;
          st.prepareShift(i, j);
        } else if (r < cut[3]!) {
          const d = 1 + rng.int(nearBlock);
          const to = rng.next() & 1 ? i + d : i - d;
          if (to < lo || to >= hi) continue;
          st.prepareShift(i, to);
        } else {
          const b = i + 1 + rng.int(nearBlock);
          if (b >= hi) continue;
          st.prepareReverse(i, b);
        }
        delta = st.evalPrepared();
        if (delta > 0) continue;
        st.applyPrepared();
      }
      if (delta < 0) {
        cost += delta;
        const f = full();
        if (f < bestCost) {
          bestCost = f;
          best.set(st.seq);
          bestValue = valueOf(inst, st);
          const elapsed = now() - t0;
          timeToBest = elapsed;
          history.push({ ...bestValue, elapsedMs: elapsed, moves });
          report(elapsed, moves, false);
        }
      }
    }
  };

  if (span >= 2) {
    // a phase ends early once its parts meet their bounds (the given ones where higher than its own)
    const own = lowerBounds(inst, { exact: false });
    const given = opts.bounds;
    const lb = given ? { hprc: Math.max(own.hprc, given.hprc), lprc: Math.max(own.lprc, given.lprc), pcc: Math.max(own.pcc, given.pcc) } : own;
    const order = inst.objectives;
    const phaseWeights: [number, number, number][] = [];
    const phaseShare: number[] = [];
    const phaseTarget: number[] = [];
    const w = (parts: readonly ObjectivePart[], scale: readonly number[]): [number, number, number] => {
      const x: Record<ObjectivePart, number> = { hprc: 0, lprc: 0, pcc: 0 };
      parts.forEach((p, i) => (x[p] = scale[i]!));
      return [x.hprc, x.lprc, x.pcc];
    };
    if (opts.phases !== false && order.length >= 2) {
      phaseWeights.push(w(order.slice(0, 1), [1]));
      phaseShare.push(firstShare);
      phaseTarget.push(lb[order[0]!]);
      if (order.length >= 3) {
        phaseWeights.push(w(order.slice(0, 2), [W[order[0]!], W[order[1]!]]));
        phaseShare.push(firstShare + (1 - firstShare) / 2);
        phaseTarget.push(W[order[0]!] * lb[order[0]!] + W[order[1]!] * lb[order[1]!]);
      }
    }
    phaseWeights.push([W.hprc, W.lprc, W.pcc]);
    phaseShare.push(1);
    phaseTarget.push(Number.NEGATIVE_INFINITY);
    for (let p = 0; p < phaseWeights.length; p++) {
      const [h, l, c] = phaseWeights[p]!;
      st.setWeights(h, l, c);
      driftMask = driftKs.reduce((m, k) => ((inst.constraints[k]!.priority === "high" ? h : l) !== 0 ? m | (1 << k) : m), 0);
      listGaps();
      const share = phaseShare[p]!;
      if (!search(t0 + share * budgetMs, share * maxMoves, phaseTarget[p]!)) break;
    }
  }
  const elapsed = now() - t0;
  report(elapsed, moves, true);
  return { order: Array.from(best.subarray(st.T)), value: bestValue, start, moves, elapsedMs: elapsed, timeToBestMs: timeToBest, history };
}

/** Re-evaluates a result with the independent evaluator (throws when it is not a valid sequence). */
export function verifyResult(inst: SequencingInstance, r: OptimizeResult, partial = false): ObjectiveValue {
  return evaluateSequence(inst, r.order, { partial });
}
