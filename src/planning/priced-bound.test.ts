import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { evaluateSequence } from "./evaluate.js";
import type { SequencingInstance } from "./model.js";
import { jointPairLowerBound } from "./joint-bound.js";
import { endMeetCombine, endMeetLowerBound, pricedGroupBound, tripleLowerBound, type FinalStates } from "./priced-bound.js";
import { instanceOf, permutations, threeConstraintDay, threeConstraintFields, unit } from "./test-helpers.js";

const sidesOf = (inst: SequencingInstance) =>
  inst.constraints.map((c, k) => ({ max: c.max, window: c.window, tailFlags: inst.previousDay.map((u) => u.options[k]!), dayFlags: inst.day.map((u) => u.options[k]!) }));

/** Random days of three constraints (any N/P up to 4, a tail, both end rules) with their exhaustive minimum. */
const days = fc.record(threeConstraintFields(2, 7)).map((x) => {
  const inst = threeConstraintDay(x);
  let best = Infinity;
  for (const p of permutations(x.n)) best = Math.min(best, evaluateSequence(inst, p).hprc);
  return { inst, best };
});

/** States of one side (as pairTables): the distance back for 1/P, else the last P−1 flags. */
const sideStates = (inst: SequencingInstance) => inst.constraints.reduce((a, c) => a * (c.max === 1 ? c.window : 2 ** (c.window - 1)), 1);

describe("priced group bound (Lagrangian over some kinds' counts)", () => {
  it("is the exhaustive minimum when every count fits (nothing priced)", () => {
    fc.assert(
      fc.property(days, ({ inst, best }) => {
        const r = pricedGroupBound(sidesOf(inst), inst.endWindows, { maxLayer: 1e7 });
        if (!r) return; // a single kind: nothing to bound
        expect(r.priced).toEqual([]);
        expect(r.bound).toBe(best);
        expect(r.converged).toBe(true);
      }),
      { numRuns: 120, seed: 7 },
    );
  });

  it("never exceeds the exhaustive minimum with kinds priced (one or several)", () => {
    fc.assert(
      fc.property(days, fc.integer({ min: 1, max: 3 }), ({ inst, best }, room) => {
        // a layer too small for more than `room` counts: kinds beyond it are priced
        const r = pricedGroupBound(sidesOf(inst), inst.endWindows, { maxLayer: sideStates(inst) * room, evaluations: 8 });
        if (!r) return;
        expect(r.bound).toBeLessThanOrEqual(best);
        expect(r.value).toBeLessThanOrEqual(best + 1e-9);
        expect(r.exact.length + r.priced.length + 1).toBeGreaterThanOrEqual(2);
      }),
      { numRuns: 200, seed: 9 },
    );
  });

  it("prices a kind and still sees two constraints competing for the positions", () => {
    // 1/2 on three units A, 1/3 on three units B, one unit C with neither, seven positions: each
    // constraint fits alone (A at 0, 2, 4; B at 0, 3, 6), not both: the minimum is 1; C priced
    const day = ["10", "10", "10", "01", "01", "01", "00"].map((f) => unit(1, [...f].map(Number)));
    const inst = instanceOf({ ratios: [[1, 2, "high"], [1, 3, "high"]], day });
    let best = Infinity;
    for (const p of permutations(7)) best = Math.min(best, evaluateSequence(inst, p).hprc);
    expect(best).toBe(1);
    const exact = pricedGroupBound(sidesOf(inst), inst.endWindows)!;
    expect(exact.bound).toBe(best);
    const priced = pricedGroupBound(sidesOf(inst), inst.endWindows, { maxLayer: sideStates(inst) * 4 })!;
    expect(priced.priced).toEqual([0]);
    expect(priced.exact.length).toBe(1);
    expect(priced.bound).toBe(best);
    expect(priced.converged).toBe(true);
    // past the deadline: nothing evaluated, nothing proven
    const late = pricedGroupBound(sidesOf(inst), inst.endWindows, { maxLayer: sideStates(inst) * 4, deadline: 0, now: () => 1 })!;
    expect([late.evaluations, late.bound, late.converged]).toEqual([0, 0, false]);
    // a goal already met stops after the first evaluation
    expect(pricedGroupBound(sidesOf(inst), inst.endWindows, { maxLayer: sideStates(inst) * 4, goal: 0 })!.evaluations).toBe(1);
  });

  it("a triple above every combination of singles and pairs raises the part (tripleLowerBound)", () => {
    // 1/2, 1/3, 1/3 on seven units (kinds as flag bits): pairs prove 5, the three together need 6
    const day = [..."6534331"].map((k) => unit(1, [Number(k) & 1, (Number(k) >> 1) & 1, Number(k) >> 2]));
    const inst = instanceOf({ ratios: [[1, 2, "high"], [1, 3, "high"], [1, 3, "high"]], day });
    let best = Infinity;
    for (const p of permutations(7)) best = Math.min(best, evaluateSequence(inst, p).hprc);
    expect(best).toBe(6);
    const pairs = jointPairLowerBound(inst, "hprc", 0);
    expect(pairs.bound).toBe(5);
    const groups = pairs.pairs.map((p) => ({ members: [p.a, p.b], bound: p.bound }));
    const r = tripleLowerBound(inst, "hprc", pairs.bound, pairs.singles, groups);
    expect(r.bound).toBe(6);
    expect(r.triples).toEqual([{ members: [0, 1, 2], bound: 6, exact: 4, priced: 0, converged: true, prices: [] }]);
    // a goal already reached: nothing bounded; a known bound above stays
    expect(tripleLowerBound(inst, "hprc", pairs.bound, pairs.singles, groups, { goal: 5 }).triples).toEqual([]);
    expect(tripleLowerBound(inst, "hprc", 9, pairs.singles, groups).bound).toBe(9);
    // low priority: no triple of it
    expect(tripleLowerBound(inst, "lprc", 0, new Map(), []).triples).toEqual([]);
  });
});

/** The combined final side state of a sequence, as `FinalStates` numbers it (tail included). */
function finalState(inst: SequencingInstance, order: readonly number[], F: FinalStates, members: readonly number[] = inst.constraints.map((_, k) => k)): number {
  const units = [...inst.previousDay, ...order.map((i) => inst.day[i]!)];
  let s = 0;
  let mul = 1;
  members.forEach((k, j) => {
    const W = inst.constraints[k]!.window;
    let part = 0;
    if (F.shape[j] === "distance") {
      // the cap: P − 1, or further with `reach`
      const cap = F.states[j]! - 1;
      let d = 0;
      while (d < units.length && !units[units.length - 1 - d]!.options[k]) d++;
      part = d === units.length ? cap : Math.min(d, cap); // none at all: the cap
    } else for (let i = 0; i < W - 1 && i < units.length; i++) if (units[units.length - 1 - i]!.options[k]) part |= 1 << i;
    s += part * mul;
    mul *= F.states[j]!;
  });
  return s;
}

describe("final states and the end-meet bound", () => {
  it("keeps the exhaustive minimum of every final state when nothing is priced", () => {
    fc.assert(
      fc.property(fc.record(threeConstraintFields(2, 6)), (x) => {
        const inst = threeConstraintDay(x);
        const r = pricedGroupBound(sidesOf(inst), inst.endWindows, { maxLayer: 1e7, finalStates: true });
        if (!r) return;
        const F = r.final!;
        const best = new Array<number>(F.values.length).fill(Infinity);
        for (const p of permutations(x.n)) {
          const s = finalState(inst, p, F);
          best[s] = Math.min(best[s]!, evaluateSequence(inst, p).hprc);
        }
        expect(Array.from(F.values)).toEqual(best);
      }),
      { numRuns: 100, seed: 11 },
    );
  });

  it("with a reach, tells the final distances of 1/P sides apart up to it, each still the exhaustive minimum", () => {
    fc.assert(
      fc.property(fc.record(threeConstraintFields(2, 6)), fc.integer({ min: 0, max: 5 }), (x, reach) => {
        const inst = threeConstraintDay(x);
        const r = pricedGroupBound(sidesOf(inst), inst.endWindows, { maxLayer: 1e7, finalStates: true, reach });
        if (!r) return;
        const F = r.final!;
        inst.constraints.forEach((c, j) => expect(F.states[j]).toBe(c.max === 1 ? Math.max(c.window, reach + 1) : 2 ** (c.window - 1)));
        const best = new Array<number>(F.values.length).fill(Infinity);
        for (const p of permutations(x.n)) {
          const s = finalState(inst, p, F);
          best[s] = Math.min(best[s]!, evaluateSequence(inst, p).hprc);
        }
        expect(Array.from(F.values)).toEqual(best);
        // the same least value as without the reach
        expect(r.bound).toBe(pricedGroupBound(sidesOf(inst), inst.endWindows, { maxLayer: 1e7 })!.bound);
      }),
      { numRuns: 100, seed: 17 },
    );
  });

  it("never exceeds the exhaustive minimum and never falls below its groups' own bounds", () => {
    const partitions = [[], [[0, 1]], [[0, 2]], [[1, 2]], [[0, 1, 2]]];
    fc.assert(
      fc.property(days, fc.integer({ min: 0, max: partitions.length - 1 }), fc.integer({ min: 1, max: 4 }), ({ inst, best }, pi, m) => {
        const partition = partitions[pi]!;
        const r = endMeetLowerBound(inst, "hprc", partition, { ending: m });
        if (!r) return;
        expect(r.value).toBeLessThanOrEqual(best + 1e-9);
        expect(r.bound).toBeLessThanOrEqual(best);
        const own = r.groups.reduce((a, g) => a + g.value, 0);
        expect(r.value).toBeGreaterThanOrEqual(own - 1e-9);
      }),
      { numRuns: 200, seed: 13 },
    );
  });

  it("is above its groups' bounds when their best endings conflict", () => {
    // A 1/2 on four of five units, B 1/4 on two, C 1/2 on three; units AC, AC, AB, AB, C. Each
    // constraint alone ends as suits it (singles 2 in all); the day has one ending for all three.
    const day = ["101", "101", "110", "110", "001"].map((f) => unit(1, [...f].map(Number)));
    const inst = instanceOf({ ratios: [[1, 2, "high"], [1, 4, "high"], [1, 2, "high"]], day });
    let best = Infinity;
    for (const p of permutations(5)) best = Math.min(best, evaluateSequence(inst, p).hprc);
    expect(best).toBe(4);
    const r = endMeetLowerBound(inst, "hprc", [], { ending: 3 })!;
    expect(r.groups.reduce((a, g) => a + g.value, 0)).toBe(2);
    expect(r.bound).toBe(3);
    // one unit at the end sees less of the conflict
    expect(endMeetLowerBound(inst, "hprc", [], { ending: 1 })!.bound).toBeLessThanOrEqual(3);
  });

  it("combines by the endings the day's units allow", () => {
    // two groups whose best ends need the same rare kind twice: only one such unit exists
    const final = (values: number[]): FinalStates => ({ states: [2], shape: ["distance"], values: Float64Array.from(values) });
    // constraint 0 (1/2): state 0 = last unit has it (value 0), state 1 = not (value 5); constraint 1 likewise
    const groups = [
      { members: [0], final: final([0, 5]) },
      { members: [1], final: final([0, 5]) },
    ];
    // kinds: one unit with both options, ten with none: the best ending puts the unit with both last
    expect(endMeetCombine([{ mask: 3, count: 1 }, { mask: 0, count: 10 }], groups, 2).value).toBe(0);
    // no unit with both: one of the two groups pays
    expect(endMeetCombine([{ mask: 1, count: 3 }, { mask: 2, count: 3 }], groups, 2).value).toBe(5);
  });

  it("lists the endings that keep the bound, best first", () => {
    const final = (values: number[]): FinalStates => ({ states: [2], shape: ["distance"], values: Float64Array.from(values) });
    // group 0 wants a unit with option 0 last (0.5 otherwise), group 1 one with option 1 (1 otherwise)
    const groups = [
      { members: [0], final: final([0, 0.5]) },
      { members: [1], final: final([0, 1]) },
    ];
    const c = endMeetCombine([{ mask: 1, count: 2 }, { mask: 2, count: 2 }], groups, 2);
    // best: option 1 last (group 0 pays 0.5), bound 1; option 0 last costs 1: still rounds to 1
    expect(c.value).toBe(0.5);
    expect(c.ending).toEqual(c.endings[0]!.ending);
    expect(c.endings.map((e) => [e.ending[0], e.value])).toEqual([
      [2, 0.5],
      [2, 0.5],
      [1, 1],
      [1, 1],
    ]);
    // with a larger gap the costlier endings drop out
    const wide = endMeetCombine([{ mask: 1, count: 2 }, { mask: 2, count: 2 }], [groups[0]!, { members: [1], final: final([0, 3]) }], 2);
    expect(wide.endings.every((e) => e.ending[0] === 2)).toBe(true);
  });
});
