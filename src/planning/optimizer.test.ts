import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { evaluateSequence } from "./evaluate.js";
import { generateInstance } from "./generate.js";
import { greedySequence, skeletonSequence } from "./initial.js";
import { endingViolations, optimizeSequence, rankEndings, startingSequence, withEnding } from "./optimizer.js";
import { Rng } from "./rng.js";
import { instanceOf, unit } from "./test-helpers.js";
import { INFEASIBLE, SequenceState } from "./search-state.js";

const smallInstance = fc.record({
  units: fc.integer({ min: 2, max: 40 }),
  seed: fc.integer({ min: 1, max: 1_000_000 }),
  colours: fc.integer({ min: 1, max: 5 }),
  limit: fc.integer({ min: 2, max: 8 }),
  tail: fc.integer({ min: 0, max: 6 }),
  pccFirst: fc.boolean(),
});

function gen(a: { units: number; seed: number; colours: number; limit: number; tail: number; pccFirst: boolean }) {
  return generateInstance({
    units: a.units,
    seed: a.seed,
    colours: a.colours,
    // a paint limit below units/colours may be unsatisfiable; keep it satisfiable
    paintBatchLimit: Math.max(a.limit, a.units),
    tail: a.tail,
    objectives: a.pccFirst ? ["pcc", "hprc", "lprc"] : ["hprc", "lprc", "pcc"],
  });
}

describe("incremental evaluation", () => {
  it("equals a full re-evaluation after any series of moves (with and without a paint limit)", () => {
    fc.assert(
      fc.property(smallInstance, fc.integer({ min: 1, max: 1000 }), fc.boolean(), (a, moveSeed, noLimit) => {
        // without a limit the state keeps no run lengths: colour changes and longestRun must still be right
        const inst = { ...gen(a), paintBatchLimit: noLimit ? null : a.limit };
        const st = new SequenceState(inst, inst.day.map((_, i) => i));
        const rng = new Rng(moveSeed);
        for (let m = 0; m < 60; m++) {
          const i = st.T + rng.int(st.n);
          const j = st.T + rng.int(st.n);
          if (i === j) continue;
          const before = st.cost();
          let d: number;
          const kind = rng.int(3);
          if (kind === 0) d = st.evalSwap(i, j);
          else {
            if (kind === 1) st.prepareShift(i, j);
            else st.prepareReverse(Math.min(i, j), Math.max(i, j));
            d = st.evalPrepared();
          }
          if (d === INFEASIBLE) continue;
          if (kind === 0) st.applySwap(i, j);
          else st.applyPrepared();
          const e = evaluateSequence(inst, st.order(), { allowBatchBreach: true });
          expect([st.hprc, st.lprc, st.pcc]).toEqual([e.hprc, e.lprc, e.pcc]);
          if (d <= 0) expect(st.cost()).toBe(before + d);
          else expect(st.cost()).toBeGreaterThan(before);
          expect(st.longestRun()).toBe(e.longestBatch);
        }
      }),
      { numRuns: 60, seed: 7 },
    );
  });
});

describe("optimizeSequence", () => {
  it("returns a permutation within the paint limit, keeps the frozen prefix, never worse than its start", () => {
    fc.assert(
      fc.property(smallInstance, fc.integer({ min: 0, max: 10 }), (a, frozenRaw) => {
        const inst = gen(a);
        const initial = inst.day.map((_, i) => i);
        const frozen = Math.min(frozenRaw, a.units);
        const start = evaluateSequence(inst, initial);
        const r = optimizeSequence(inst, { initial, frozen, maxMoves: 3000, seconds: 5, seed: a.seed });
        const e = evaluateSequence(inst, r.order); // throws on a non-permutation or a batch over the limit
        expect(e.objective).toBe(r.value.objective);
        expect(e.objective).toBeLessThanOrEqual(start.objective);
        expect(r.order.slice(0, frozen)).toEqual(initial.slice(0, frozen));
      }),
      { numRuns: 60, seed: 11 },
    );
  });

  it("with two sparse 1/P constraints sharing units: probes the skeleton start, stays valid, deterministic, never worse than the default start", () => {
    let built = 0;
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000 }), fc.integer({ min: 12, max: 60 }), fc.integer({ min: 0, max: 4 }), (seed, n, tail) => {
        // near-full lattices of 1/3 and 1/4 sharing units (like 1/27 and 1/28 in 039_38_4), a dense 2/3 besides
        const rng = new Rng(seed);
        const both = 1 + Math.floor(n / 8);
        const kinds = Array.from({ length: n }, (_, i) => (i < both ? 3 : i < Math.floor(n / 3) ? 1 : i < Math.floor(n / 3) + Math.floor(n / 4) - both ? 2 : 0));
        const mk = (k: number) => unit(1 + rng.int(3), [k & 1, (k >> 1) & 1, rng.int(2)]);
        const inst = instanceOf({
          ratios: [[1, 3, "high"], [1, 4, "high"], [2, 3, "low"]],
          tail: Array.from({ length: tail }, () => mk(rng.int(4))),
          day: kinds.map(mk),
          limit: 4,
          order: ["hprc", "lprc", "pcc"],
        });
        const sk = skeletonSequence(inst);
        if (sk) {
          built++;
          expect([...sk].sort((x, y) => x - y)).toEqual(inst.day.map((_, i) => i));
        }
        const start = evaluateSequence(inst, startingSequence(inst));
        const a = optimizeSequence(inst, { maxMoves: 4000, seconds: 30, seed });
        const b = optimizeSequence(inst, { maxMoves: 4000, seconds: 30, seed });
        expect(a.order).toEqual(b.order);
        const e = evaluateSequence(inst, a.order);
        expect(e.objective).toBe(a.value.objective);
        expect(e.objective).toBeLessThanOrEqual(start.objective);
        expect(a.start.objective).toBe(start.objective);
        expect(a.history[a.history.length - 1]!.objective).toBe(a.value.objective);
        for (let i = 1; i < a.history.length; i++) expect(a.history[i]!.objective).toBeLessThan(a.history[i - 1]!.objective);
      }),
      { numRuns: 40, seed: 3 },
    );
    expect(built).toBeGreaterThan(5);
  });

  it("fills a slot pattern: each position gets a unit of its kind while units of that kind remain", () => {
    const inst = generateInstance({ units: 80, seed: 4, ratios: [[1, 3, true], [1, 4, true]], load: 0.9, tail: 3 });
    const kindOf = (u: number) => (inst.day[u]!.options[0] ? 1 : 0) | (inst.day[u]!.options[1] ? 2 : 0);
    // the pattern: the file order's kinds, reversed
    const want = inst.day.map((_, i) => kindOf(inst.day.length - 1 - i));
    const out = greedySequence(inst, inst.day.map((_, i) => i), [], { bits: 3, want });
    expect([...out].sort((x, y) => x - y)).toEqual(inst.day.map((_, i) => i));
    expect(out.map(kindOf)).toEqual(want);
  });

  it("finds a start on days where the fewest-batches order runs out of colours (no empty batch)", () => {
    // found by the endings tests: the batch order once picked a colour with no batch left and threw
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000 }), fc.integer({ min: 2, max: 8 }), (seed, limit) => {
        const inst = generateInstance({ units: 50, seed, colours: 5, paintBatchLimit: limit, tail: 3 });
        const s = startingSequence(inst);
        expect([...s].sort((a, b) => a - b)).toEqual(inst.day.map((_, i) => i));
      }),
      { numRuns: 300, seed: 8 },
    );
    expect(startingSequence(generateInstance({ units: 50, seed: 343917, colours: 5, paintBatchLimit: 8, tail: 3 })).length).toBe(50);
  });

  it("respects a tight paint batch limit from its own start", () => {
    const inst = generateInstance({ units: 200, seed: 3, colours: 4, paintBatchLimit: 3, tail: 5 });
    const r = optimizeSequence(inst, { maxMoves: 50_000, seconds: 5, seed: 1 });
    expect(evaluateSequence(inst, r.order).longestBatch).toBeLessThanOrEqual(3);
  });

  it("is deterministic for a seed and a move budget, and reports progress", () => {
    const inst = generateInstance({ units: 150, seed: 5, tail: 10 });
    const seen: number[] = [];
    const a = optimizeSequence(inst, { maxMoves: 40_000, seconds: 30, seed: 9, onProgress: (p) => seen.push(p.objective), progressEveryMs: 0 });
    const b = optimizeSequence(inst, { maxMoves: 40_000, seconds: 30, seed: 9 });
    expect(a.order).toEqual(b.order);
    expect(a.value.objective).toBeLessThan(a.start.objective);
    expect(seen.length).toBeGreaterThan(1);
    for (let i = 1; i < seen.length; i++) expect(seen[i]!).toBeLessThanOrEqual(seen[i - 1]!);
    expect(a.history[a.history.length - 1]!.objective).toBe(a.value.objective);
  });

  it("stops at the time limit", () => {
    let t = 0;
    const inst = generateInstance({ units: 100, seed: 2 });
    const r = optimizeSequence(inst, { seconds: 1, now: () => (t += 50) });
    expect(r.elapsedMs).toBeGreaterThanOrEqual(1000);
    expect(r.moves).toBeGreaterThan(0);
  });

  it("asks for endings once the first part stalls above its bound, the question's time not counted, never worse than its best then", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000 }), fc.boolean(), (seed, give) => {
        const inst = generateInstance({ units: 60, seed, colours: 4, paintBatchLimit: 6, tail: 4 });
        const masks = inst.day.map((u) => u.options.reduce((m, o, k) => m | (o && inst.constraints[k]!.priority === "high" ? 1 << k : 0), 0));
        let t = 0;
        let asked = 0;
        let atAsk = Infinity;
        const r = optimizeSequence(inst, {
          seed,
          seconds: 2,
          now: () => (t += 5),
          // a bound no sequence meets: the question comes once the first part has stalled
          bounds: { hprc: -1, lprc: 0, pcc: 0, objective: 0 },
          endings: (value) => {
            asked++;
            atAsk = value.objective;
            t += 1e6; // a slow question: not the search's time
            return give ? { endings: [[masks[0]!, masks[1]!, masks[2]!]] } : undefined;
          },
        });
        expect(asked).toBe(1);
        const e = evaluateSequence(inst, r.order);
        expect(e.objective).toBe(r.value.objective);
        expect(e.objective).toBeLessThanOrEqual(atAsk);
        expect(r.elapsedMs).toBeLessThan(1e6);
        expect(r.elapsedMs).toBeGreaterThanOrEqual(2000);
      }),
      { numRuns: 12, seed: 5 },
    );
  });

  it("takes its snapshot once, after the given time: the best sequence then, a permutation no better than the result", () => {
    for (let seed = 1; seed <= 10; seed++) {
      const inst = generateInstance({ units: 60, seed, colours: 4, paintBatchLimit: 6, tail: 4 });
      let t = 0;
      const taken: { at: number; order: number[] }[] = [];
      const r = optimizeSequence(inst, { seed, seconds: 2, now: () => (t += 5), snapshot: { at: 500, take: (order) => taken.push({ at: t, order }) } });
      expect(taken).toHaveLength(1);
      expect(taken[0]!.at).toBeGreaterThanOrEqual(500);
      const e = evaluateSequence(inst, taken[0]!.order); // throws on a non-permutation or a batch over the limit
      expect(e.objective).toBeGreaterThanOrEqual(r.value.objective);
    }
  });

  it("is not asked for endings when the first part meets its bound", () => {
    const inst = generateInstance({ units: 40, seed: 4, tail: 2 });
    let t = 0;
    let asked = 0;
    const r = optimizeSequence(inst, { seed: 1, seconds: 1, now: () => (t += 5), bounds: { hprc: 1e9, lprc: 0, pcc: 0, objective: 0 }, endings: () => (asked++, { endings: [] }) });
    expect(asked).toBe(0);
    expect(evaluateSequence(inst, r.order).objective).toBe(r.value.objective);
  });
});

describe("drift moves", () => {
  it("wander a 1/P constraint's unused room to its violation, one option unit at a time, and remove it", () => {
    // 1/4 on six of 24 units at 0 5 9 13 17 20: distances 5 4 4 4 3, one violation; each drift
    // step moves the room (the 5) one unit right at no cost, the last one meets the 3: 4 4 4 4 4
    const at = new Set([0, 5, 9, 13, 17, 20]);
    const inst = instanceOf({ ratios: [[1, 4, "high"]], day: Array.from({ length: 24 }, (_, p) => unit(1, [at.has(p) ? 1 : 0])) });
    const initial = inst.day.map((_, i) => i);
    expect(evaluateSequence(inst, initial).hprc).toBe(1);
    // (the gaps are listed again every 4096 moves: one step per listing here)
    const r = optimizeSequence(inst, { initial, driftShare: 1, maxMoves: 100_000, seconds: 5, seed: 1, stopAt: 0 });
    expect(r.value.hprc).toBe(0);
    const flags = r.order.map((u) => inst.day[u]!.options[0]!);
    // every distance 4 again (the drift moves no other option unit)
    expect(flags.flatMap((f, p) => (f ? [p] : []))).toEqual([0, 4, 8, 12, 16, 20]);
  });

  it("keep the sequence a permutation within the paint limit and the frozen prefix, never worse, costed exactly", () => {
    for (let seed = 1; seed <= 40; seed++) {
      const inst = generateInstance({ units: 60, seed, colours: 4, paintBatchLimit: 6, tail: 4, ratios: [[1, 3, true], [1, 5, true], [1, 2, false], [2, 5, true]] });
      const initial = startingSequence(inst);
      const frozen = seed % 7;
      const start = evaluateSequence(inst, initial);
      const r = optimizeSequence(inst, { initial, frozen, driftShare: seed % 2 === 0 ? 1 : 0.3, maxMoves: 20_000, seconds: 5, seed });
      const e = evaluateSequence(inst, r.order); // throws on a non-permutation or a batch over the limit
      expect(e.objective).toBe(r.value.objective);
      expect(e.objective).toBeLessThanOrEqual(start.objective);
      expect(r.order.slice(0, frozen)).toEqual(initial.slice(0, frozen));
    }
  });
});

describe("endings ranked", () => {
  // set B 024_V2's shape: HPRC1 1/2 (bit 0), HPRC3 1/2 (bit 1), HPRC6 1/8 (bit 2), a low one (bit 3)
  const inst = instanceOf({
    ratios: [
      [1, 2, "high"],
      [1, 2, "high"],
      [1, 8, "high"],
      [1, 2, "low"],
    ],
    day: [unit(1, [0, 0, 0, 0])],
  });

  it("counts the violations among an ending's own units, whatever precedes them", () => {
    expect(endingViolations(inst, [0b010, 0b100, 0b001], "hprc")).toBe(0);
    // two HPRC6 units 2 apart (1/8): one window from the first to the day's end holds both
    expect(endingViolations(inst, [0b100, 0b000, 0b101], "hprc")).toBe(1);
    // HPRC6 on the last two and HPRC3 on the last two: a window each (the one of the last unit alone holds one)
    expect(endingViolations(inst, [0b110, 0b110], "hprc")).toBe(2);
    // HPRC1 on three in a row (1/2): the windows at the first and the second unit
    expect(endingViolations(inst, [0b001, 0b001, 0b001], "hprc")).toBe(2);
    // the low constraint belongs to the other part
    expect(endingViolations(inst, [0b1000, 0b1000], "hprc")).toBe(0);
    expect(endingViolations(inst, [0b1000, 0b1000], "lprc")).toBe(1);
  });

  it("cuts endings to their last units, keeps the first of each, and puts those breaking a rule after the others in the list's order", () => {
    const list = [
      [0b010, 0b100, 0b101, 0b000], // HPRC6 on two of the last three
      [0b010, 0b100, 0b101, 0b001], // the same last three
      [0b010, 0b100, 0b001, 0b101],
      [0b100, 0b010, 0b010, 0b000], // HPRC3 on two in a row
      [0b100, 0b010, 0b001, 0b000],
    ];
    expect(rankEndings(inst, list, "hprc")).toEqual([
      [0b010, 0b100, 0b001],
      [0b100, 0b010, 0b001],
      [0b010, 0b100, 0b101],
      [0b100, 0b010, 0b010],
    ]);
    expect(rankEndings(inst, list, "hprc", 1)).toEqual([[0b010], [0b100]]);
  });
});

describe("withEnding", () => {
  it("moves units of the ending's kinds to the end, the rest in order, within the paint limit", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000 }), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 0, max: 10 }), (seed, m, frozen) => {
        const inst = generateInstance({ units: 50, seed, colours: 5, paintBatchLimit: 8, tail: 3 });
        const order = optimizeSequence(inst, { seed, maxMoves: 2000 }).order;
        const mask = (u: number): number => inst.day[u]!.options.reduce((a, o, k) => a | (o && inst.constraints[k]!.priority === "high" ? 1 << k : 0), 0);
        const rng = new Rng(seed);
        // an ending of kinds the day has (last unit first)
        const ending = Array.from({ length: m }, () => mask(order[frozen + rng.int(order.length - frozen)]!));
        const out = withEnding(inst, order, ending, "hprc", frozen);
        if (!out) return; // too few units of a kind beyond the frozen prefix, or no try within the limit
        expect([...out].sort((a, b) => a - b)).toEqual(inst.day.map((_, i) => i));
        expect(out.slice(-m).reverse().map(mask)).toEqual(ending);
        const moved = new Set(out.slice(-m));
        expect(out.slice(0, -m)).toEqual(order.filter((u) => !moved.has(u)));
        expect(out.slice(0, frozen)).toEqual(order.slice(0, frozen));
        expect(evaluateSequence(inst, out).longestBatch).toBeLessThanOrEqual(8);
      }),
      { numRuns: 80, seed: 3 },
    );
  });

  it("has no answer when the day lacks a kind", () => {
    const inst = instanceOf({ ratios: [[1, 2, "high"]], day: [unit(1, [1]), unit(1, [0]), unit(2, [0])] });
    expect(withEnding(inst, [0, 1, 2], [1, 1], "hprc")).toBeUndefined();
    // the unit with the option last, one without it before: the cheaper of the two (unit 1 has
    // unit 0's colour, so one colour change instead of two)
    expect(withEnding(inst, [0, 1, 2], [1, 0], "hprc")).toEqual([2, 1, 0]);
  });
});
