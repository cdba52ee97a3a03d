/**
 * Car-sequencing benchmark: `npm run bench -- carseq --set A|B|csplib [--seconds S] [--seed N]
 * [--only SUBSTR] [--moves MILLIONS] [--joint MSTATES [--joint-pairs MENTRIES]] [--no-sat] [--data DIR]
 * [--keep ID,ID… (ROADEF: only these ratio constraints)] [--no-paint (ROADEF: no paint batch limit)]`. ROADEF 2005 sets A and B: per instance the objective and its three
 * parts, each part's lower bound, the gap and the time to reach the final value. CSPLib prob001:
 * violations per instance against the lower bound and the best known value (known_status.tsv).
 * The same settings for every instance. Last line: one JSON object with the summary.
 * `--joint M` also runs the joint search of each priority's constraints (joint-bound.ts) with up to
 * M million states, searched whole, so it may raise a bound (pair suffix tables up to
 * `--joint-pairs` million entries, 4 bytes each): one total above the bound is tried, so it
 * raises a part by at most one; it costs time outside the optimizer's. On ROADEF days whose
 * first-ranked ratio part stalls above its bound (the optimizer asks for endings then, and again
 * when it ends above it without having asked), each pair of that part's constraints is searched
 * whole too (`jointPairLowerBound`, at most JOINT_PAIR_SECONDS, also outside the optimizer's time),
 * combined with the pair bounds of lowerBounds; then the groups behind the bound are made to end
 * the day together (`endMeetLowerBound`, at most END_MEET_SECONDS); if still above, triples of
 * them are bounded by the priced group bound (`tripleLowerBound`, at most TRIPLE_SECONDS), and
 * the end-meet runs again with them. The endings the end-meet allows at the bound go back to the
 * optimizer, which searches them for the rest of its time (optimizer.ts, withEndings). On CSPLib days the optimizer
 * also asks CaDiCaL (when installed; `--no-sat` turns it off) whether the violations can be at the
 * lower bound, beside its local search (optimizer.ts, sat-encoding.ts): a second process, so a
 * second core.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { CadicalSolver, findCadical } from "../src/adapters/sat/cadical.js";
import type { SatSolver } from "../src/planning/sat-encoding.js";
import { combineGroupBounds, endMeetLowerBound, evaluateSequence, optionGaps, jointLowerBounds, jointPairLowerBound, lowerBoundDetails, optimizeSequence, packGroups, tripleLowerBound, parseCsplib, parseRoadef, type EndingsAnswer, type GroupBound, type ObjectiveValue, type PairBound, type SequencingInstance } from "../src/planning/index.js";
import { dataDir, parseArgs, printTable } from "./util.js";

/** Work budget of the pair bounds (lower-bound.ts): a few seconds per instance, outside the optimizer's time. */
const PAIR_WORK = 5e8;
/**
 * CSPLib days are short and their constraints few, so the pairs get more (≈ 2.5 s per 100-car
 * instance): enough for the exact pairs that prove 10/93 ≥ 3 and 36/92 ≥ 2 (their upper bounds).
 */
const CSPLIB_PAIR_WORK = 2.5e9;

const s1 = (ms: number): string => (ms / 1000).toFixed(2);

function rankPart(inst: SequencingInstance, v: { hprc: number; lprc: number; pcc: number }): number {
  return v[inst.objectives[0]!];
}

/** Budget of the joint search (--joint, --joint-pairs), or none. */
type Joint = { maxStates: number; maxPairTable: number } | undefined;

/** The instance's bounds: lowerBounds, raised by the joint search when asked; with the pair bounds lowerBounds combined. */
function boundsOf(inst: SequencingInstance, joint: Joint, pairWork?: number): { bounds: ObjectiveValue; pairs: readonly PairBound[]; singles: readonly number[] } {
  const d = lowerBoundDetails(inst, pairWork === undefined ? {} : { pairWork });
  return { bounds: jointBounds(inst, d.value, joint), pairs: d.pairs, singles: d.singles };
}

/**
 * Where a ratio part above its bound has its excess: per constraint of the part, its violations
 * against its own single bound, and for a 1/P constraint over it the distances between its option
 * units other than P (below: violated windows; above: room left unused).
 */
function excessReport(inst: SequencingInstance, part: "hprc" | "lprc", order: readonly number[], byConstraint: readonly number[], singles: readonly number[]): string {
  const prio = part === "hprc" ? "high" : "low";
  return inst.constraints
    .flatMap((c, k) => {
      if (c.priority !== prio) return [];
      const v = byConstraint[k]!;
      let s = `${c.ident} ${v}/${singles[k]}`;
      if (c.max === 1 && v > singles[k]!) {
        const gaps = optionGaps(
          inst.previousDay.map((u) => u.options[k]!),
          order.map((u) => inst.day[u]!.options[k]!),
        );
        const off = new Map<number, number>();
        for (const g of gaps) if (g !== c.window) off.set(g, (off.get(g) ?? 0) + 1);
        s += ` (1/${c.window}, distances ≠ ${c.window}: ${[...off].sort((a, b) => a[0] - b[0]).map(([g, n]) => `${g}×${n}`).join(" ") || "none"})`;
      }
      return [s];
    })
    .join(", ");
}

function jointBounds(inst: SequencingInstance, lb: ObjectiveValue, joint: Joint): ObjectiveValue {
  if (!joint) return lb;
  const t = Date.now();
  const j = jointLowerBounds(inst, lb, { ...joint, targets: 1 });
  const paths = Object.keys(j.optimal);
  const found = paths.length > 0 ? ` (a sequence at the bound exists for ${paths.join(", ")})` : "";
  console.error(`${inst.name}: joint search ${(j.expanded / 1e6).toFixed(1)} M states in ${s1(Date.now() - t)} s: hprc ${lb.hprc} → ${j.bounds.hprc}, lprc ${lb.lprc} → ${j.bounds.lprc}${found}`);
  return j.bounds;
}

/** Time the joint pair searches may take per instance (outside the optimizer's time, like the pair bounds). */
const JOINT_PAIR_SECONDS = 180;

/** Time the triple bounds may take per instance (after the pair searches, outside the optimizer's time). */
const TRIPLE_SECONDS = 300;

/** Time the end-meet bound may take per instance (after the triples, outside the optimizer's time). */
const END_MEET_SECONDS = 300;

/** A part's bound raised, the weighted objective bound with it. */
function withPart(inst: SequencingInstance, lb: ObjectiveValue, part: "hprc" | "lprc", bound: number): ObjectiveValue {
  if (bound <= lb[part]) return lb;
  const parts = { ...lb, [part]: bound };
  const W = inst.weights;
  return { ...parts, objective: W.hprc * parts.hprc + W.lprc * parts.lprc + W.pcc * parts.pcc };
}

/**
 * A first-ranked ratio part still above its bound after the optimizer: each pair of its
 * constraints searched whole by the joint search (joint-bound.ts `jointPairLowerBound`), within
 * JOINT_PAIR_SECONDS or until it reaches the optimizer's value; then the disjoint groups behind
 * the bound, with the part's other constraints alone, made to share the day's last units
 * (priced-bound.ts `endMeetLowerBound`, within END_MEET_SECONDS); if still below that value,
 * triples of its constraints by the priced group bound (`tripleLowerBound`), within
 * TRIPLE_SECONDS, and the end-meet again when the packing then chooses a triple. The bound they
 * prove replaces the part's when higher.
 */
function groupSearchBound(inst: SequencingInstance, part: "hprc" | "lprc", lb: ObjectiveValue, reached: number, known: readonly PairBound[]): { bound: ObjectiveValue; endings: number[][] } {
  let endings: number[][] = [];
  const out = (): { bound: ObjectiveValue; endings: number[][] } => ({ bound, endings });
  const t = Date.now();
  const r = jointPairLowerBound(inst, part, lb[part], { deadline: t + JOINT_PAIR_SECONDS * 1000, goal: reached }, known);
  const names = new Map(inst.constraints.map((c, k) => [k, c.ident]));
  const best = r.pairs.filter((p) => p.bound > r.singles.get(p.a)! + r.singles.get(p.b)!).map((p) => `${names.get(p.a)}+${names.get(p.b)} ≥ ${p.bound}${p.optimal ? " (attained)" : ""}`);
  console.error(`${inst.name}: joint pair search, ${r.pairs.length} pairs, ${(r.expanded / 1e6).toFixed(1)} M states in ${s1(Date.now() - t)} s: ${part} ${lb[part]} → ${r.bound}${best.length ? ` (${best.join(", ")})` : ""}`);
  let bound = withPart(inst, lb, part, r.bound);
  if (bound[part] >= reached) return out();
  const groups: GroupBound[] = [...known, ...r.pairs].map((p) => ({ members: [p.a, p.b], bound: p.bound }));
  /** The end-meet over the groups the packing chooses (their relaxations from `prices` where given). */
  const endMeet = (all: readonly GroupBound[], prices: ReadonlyMap<string, readonly number[]>): void => {
    const t4 = Date.now();
    const chosen = packGroups(r.singles, all).chosen.map((g) => [...g.members].sort((a, b) => a - b));
    const em = endMeetLowerBound(inst, part, chosen, { prices, deadline: t4 + END_MEET_SECONDS * 1000 });
    const shown = em ? em.groups.map((g) => `${g.members.map((k) => names.get(k)).join("+")} ${+g.value.toFixed(2)}`).join(", ") : "no bound in time";
    console.error(`${inst.name}: end-meet bound over the last 4 units in ${s1(Date.now() - t4)} s: ${part} ${bound[part]} → ${Math.max(bound[part], em?.bound ?? 0)} (${shown}${em ? `; together ${+em.value.toFixed(2)}` : ""})`);
    // the endings that keep the bound: the search tries them (optimizer.ts, withEndings)
    if (em && (em.bound > bound[part] || (em.bound === bound[part] && endings.length === 0))) endings = em.endings;
    if (em) bound = withPart(inst, bound, part, em.bound);
  };
  endMeet(groups, new Map());
  if (bound[part] >= reached) return out();
  const t3 = Date.now();
  const tr = tripleLowerBound(inst, part, bound[part], r.singles, groups, { deadline: t3 + TRIPLE_SECONDS * 1000, goal: reached });
  // the triples above what their singles and pairs prove for them
  const triples = tr.triples
    .filter((x) => x.bound > combineGroupBounds(new Map(x.members.map((k) => [k, r.singles.get(k)!])), groups))
    .map((x) => `${x.members.map((k) => names.get(k)).join("+")} ≥ ${x.bound}`);
  console.error(`${inst.name}: priced triple bounds, ${tr.triples.length} triples in ${s1(Date.now() - t3)} s: ${part} ${bound[part]} → ${Math.max(bound[part], tr.bound)}${triples.length ? ` (${triples.join(", ")})` : ""}`);
  if (tr.bound > bound[part]) endings = []; // the triples prove more than the end-meet: its endings no longer at the bound
  bound = withPart(inst, bound, part, tr.bound);
  if (bound[part] >= reached) return out();
  const withTriples = [...groups, ...tr.triples];
  if (packGroups(r.singles, withTriples).chosen.some((g) => g.members.length > 2)) {
    endMeet(withTriples, new Map(tr.triples.map((x) => [[...x.members].sort((a, b) => a - b).join(","), x.prices])));
  }
  return out();
}

/**
 * `--keep ID,ID… [--no-paint]`: the day with only the named ratio constraints (the others'
 * flags dropped) and, with --no-paint, no paint batch limit: a relaxation whose least first part
 * is at most the whole day's (an analysis tool: where a day's excess over its bound sits).
 */
function reduceDay(inst: SequencingInstance, keep: readonly string[] | undefined, noPaint: boolean): SequencingInstance {
  let out = inst;
  if (keep) {
    const idx = keep.map((id) => {
      const k = inst.constraints.findIndex((c) => c.ident === id);
      if (k < 0) throw new Error(`--keep: ${inst.name} has no ratio constraint ${id} (it has ${inst.constraints.map((c) => c.ident).join(", ")})`);
      return k;
    });
    const strip = (u: SequencingInstance["day"][number]) => ({ ...u, options: idx.map((k) => u.options[k]!) });
    out = { ...out, name: `${out.name} [${keep.join(",")}]`, constraints: idx.map((k) => inst.constraints[k]!), previousDay: inst.previousDay.map(strip), day: inst.day.map(strip) };
  }
  return noPaint ? { ...out, name: `${out.name} [no paint limit]`, paintBatchLimit: null } : out;
}

async function roadef(set: string, dir: string, seconds: number, seed: number, only: string | undefined, maxMoves: number | undefined, joint: Joint, reduce: (inst: SequencingInstance) => SequencingInstance = (i) => i): Promise<number> {
  const setDir = join(dir, "carseq", "roadef2005", set);
  if (!existsSync(setDir)) {
    console.error(`no set ${set} under ${join(dir, "carseq", "roadef2005")} (the data README: set X is not included)`);
    return 2;
  }
  const names = readdirSync(setDir)
    .filter((n) => !only || n.includes(only))
    .sort();
  const rows: (string | number)[][] = [];
  const per: Record<string, unknown>[] = [];
  let atLb = 0;
  let ratioSum = 0;
  let moves = 0;
  for (const name of names) {
    const read = (f: string): string => readFileSync(join(setDir, name, f), "utf8");
    const instance = reduce(parseRoadef({ objectives: read("optimization_objectives.txt"), paintBatchLimit: read("paint_batch_limit.txt"), ratios: read("ratios.txt"), vehicles: read("vehicles.txt") }, name).instance);
    const b = boundsOf(instance, joint, PAIR_WORK);
    let lb = b.bounds;
    const first = instance.objectives[0]!;
    // when the first part is above its bound late in the search, the group bounds run (outside
    // the search's time) and the endings their end-meet allows at the bound are searched
    let group: { bound: ObjectiveValue; endings: number[][] } | undefined;
    const endings =
      first === "hprc" || first === "lprc"
        ? (value: ObjectiveValue): EndingsAnswer | undefined => {
            group = groupSearchBound(instance, first, lb, value[first], b.pairs);
            if (value[first] <= group.bound[first] || group.endings.length === 0) return undefined;
            console.error(`${instance.name}: searching ${group.endings.length} endings the end-meet allows at ${first} ${group.bound[first]}`);
            return { endings: group.endings, bound: group.bound[first] };
          }
        : undefined;
    const r = optimizeSequence(instance, { seconds, seed, stopAt: lb.objective, bounds: lb, ...(endings ? { endings } : {}), ...(maxMoves ? { maxMoves } : {}) });
    const e = evaluateSequence(instance, r.order); // independent check: permutation, paint limit, parts
    if (e.objective !== r.value.objective) throw new Error(`${name}: optimizer says ${r.value.objective}, evaluator ${e.objective}`);
    if (group) lb = group.bound;
    if ((first === "hprc" || first === "lprc") && e[first] > lb[first] && !group) lb = groupSearchBound(instance, first, lb, e[first], b.pairs).bound;
    const firstAtLb = rankPart(instance, e) === rankPart(instance, lb);
    if (!firstAtLb && (first === "hprc" || first === "lprc")) console.error(`${instance.name}: ${first} ${e[first]} above its bound ${lb[first]}; by constraint (violations/single bound): ${excessReport(instance, first, r.order, e.byConstraint, b.singles)}`);
    if (firstAtLb) atLb++;
    const ratio = lb.objective > 0 ? e.objective / lb.objective : e.objective === 0 ? 1 : Infinity;
    ratioSum += ratio;
    moves += r.moves;
    rows.push([
      instance.name,
      instance.objectives.join(">"),
      e.objective,
      e.hprc,
      e.lprc,
      e.pcc,
      lb.hprc,
      lb.lprc,
      lb.pcc,
      `${first}${firstAtLb ? "=" : ">"}lb`,
      e.objective - lb.objective,
      Number.isFinite(ratio) ? ratio.toFixed(4) : "inf",
      s1(r.timeToBestMs),
      (r.moves / 1e6).toFixed(1),
    ]);
    console.error(`${instance.name}: ${e.objective} (hprc ${e.hprc}, lprc ${e.lprc}, pcc ${e.pcc}) in ${s1(r.elapsedMs)} s`);
    per.push({ instance: instance.name, objective: e.objective, hprc: e.hprc, lprc: e.lprc, pcc: e.pcc, lb: [lb.hprc, lb.lprc, lb.pcc], t_best_s: Number(s1(r.timeToBestMs)) });
  }
  printTable(["instance", "order", "objective", "hprc", "lprc", "pcc", "lb_h", "lb_l", "lb_p", "rank1", "gap", "obj/lb", "t_final_s", "Mmoves"], rows);
  console.log(`\n${names.length} instances, ${seconds} s each, seed ${seed}: first-ranked part at its lower bound on ${atLb}/${names.length}; mean objective/lower bound ${(ratioSum / Math.max(1, names.length)).toFixed(4)}; ${(moves / 1e6).toFixed(0)} M moves`);
  console.log(JSON.stringify({ bench: "carseq", set, instances: names.length, seconds, max_moves: maxMoves ?? null, seed, first_part_at_lb: atLb, mean_ratio_to_lb: Number((ratioSum / Math.max(1, names.length)).toFixed(4)), moves, results: per }));
  return 0;
}

async function csplib(dir: string, seconds: number, seed: number, only: string | undefined, joint: Joint, sat: SatSolver | undefined): Promise<number> {
  const base = join(dir, "carseq", "csplib");
  const tsv = readFileSync(join(base, "known_status.tsv"), "utf8").trim().split("\n").slice(1);
  const rows: (string | number)[][] = [];
  const per: Record<string, unknown>[] = [];
  let sat200 = 0;
  let sat200Solved = 0;
  let atKnown = 0;
  let withKnown = 0;
  let withUb = 0;
  let atUb = 0;
  const provenPositive: string[] = [];
  const satProven: string[] = [];
  console.error(sat ? "SAT questions decided beside the local search (CaDiCaL, a second process)" : "no SAT solver (local search only)");
  for (const line of tsv) {
    const [name, fileCol, , best] = line.split("\t") as [string, string, string, string];
    if (only && !name.includes(only)) continue;
    const file = join(base, fileCol.split(" ")[0]!);
    const [ci] = parseCsplib(readFileSync(file, "utf8"), name);
    const inst = ci!.instance;
    const lb = boundsOf(inst, joint, CSPLIB_PAIR_WORK).bounds;
    const known = /^\d+/.test(best) ? Number(/^\d+/.exec(best)![0]) : undefined;
    const ub = /UB (\d+)/.exec(best);
    const upper = ub ? Number(ub[1]) : known;
    const r = optimizeSequence(inst, { seconds, seed, stopAt: Math.max(lb.objective, known ?? 0), ...(sat ? { sat, bounds: lb } : {}) });
    if (upper !== undefined && known === undefined) {
      withUb++;
      if (evaluateSequence(inst, r.order).hprc <= upper) atUb++;
    }
    const v = evaluateSequence(inst, r.order).hprc;
    const is200 = /^\d\d-\d\d$/.test(name);
    if (is200) {
      sat200++;
      if (v === 0) sat200Solved++;
    }
    if (known !== undefined) {
      withKnown++;
      if (v <= known) atKnown++;
    }
    // at the lower bound above 0: proven optimal, known infeasible (under this evaluator's count)
    if (lb.hprc > 0 && v === lb.hprc) provenPositive.push(name);
    if (r.provenOptimal && v > 0) satProven.push(name);
    const status = known !== undefined ? (v <= known ? "yes" : "no") : upper !== undefined ? (v === lb.hprc || r.provenOptimal ? "optimal" : v <= upper ? "<=UB" : ">UB") : "-";
    rows.push([name, inst.day.length, v, lb.hprc, best, status, s1(r.timeToBestMs)]);
    per.push({ instance: name, violations: v, lb: lb.hprc, best_known: best });
  }
  printTable(["instance", "cars", "violations", "lower_bound", "best_known", "at_best", "t_final_s"], rows);
  console.log(`\n${rows.length} instances, ${seconds} s each: 200-car satisfiable instances solved ${sat200Solved}/${sat200}; at the best known value ${atKnown}/${withKnown}; at or below the published upper bound ${atUb}/${withUb} (infeasible, minimum unknown); at a lower bound above 0, so proven optimal: ${provenPositive.length} (${provenPositive.join(", ")}); proven optimal above 0 by the SAT solver: ${satProven.length} (${satProven.join(", ")})`);
  console.log(JSON.stringify({ bench: "carseq", set: "csplib", instances: rows.length, seconds, seed, sat200_solved: sat200Solved, sat200, at_best_known: atKnown, with_known: withKnown, at_or_below_ub: atUb, with_ub: withUb, proven_optimal_above_zero: provenPositive, sat: sat !== undefined, sat_proven_optimal: satProven, results: per }));
  return 0;
}

/** Entry point for `npm run bench -- carseq`. */
export async function main(argv: string[]): Promise<number | void> {
  const opts = parseArgs(argv);
  const set = typeof opts["set"] === "string" ? opts["set"] : "A";
  const seed = typeof opts["seed"] === "string" ? Number(opts["seed"]) : 1;
  const only = typeof opts["only"] === "string" ? opts["only"] : undefined;
  const dir = dataDir(opts);
  const joint: Joint = typeof opts["joint"] === "string" ? { maxStates: Number(opts["joint"]) * 1e6, maxPairTable: typeof opts["joint-pairs"] === "string" ? Number(opts["joint-pairs"]) * 1e6 : 0 } : undefined;
  // CaDiCaL when installed (Debian package cadical), unless --no-sat
  const cadical = opts["no-sat"] === undefined ? findCadical() : undefined;
  const sat = cadical ? new CadicalSolver(cadical) : undefined;
  if (set.toLowerCase() === "csplib") return csplib(dir, typeof opts["seconds"] === "string" ? Number(opts["seconds"]) : 10, seed, only, joint, sat);
  // --moves M (millions) bounds the search by moves, so a run does not depend on the machine's load
  const maxMoves = typeof opts["moves"] === "string" ? Number(opts["moves"]) * 1e6 : undefined;
  const seconds = typeof opts["seconds"] === "string" ? Number(opts["seconds"]) : maxMoves ? 600 : 60;
  const keep = typeof opts["keep"] === "string" ? opts["keep"].split(",").filter(Boolean) : undefined;
  const noPaint = opts["no-paint"] !== undefined;
  return roadef(set, dir, seconds, seed, only, maxMoves, joint, (inst) => reduceDay(inst, keep, noPaint));
}
