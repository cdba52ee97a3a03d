import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { evaluateSequence } from "./evaluate.js";
import type { SequencingInstance } from "./model.js";
import { jointPairLowerBound } from "./joint-bound.js";
import { pricedGroupBound, tripleLowerBound } from "./priced-bound.js";
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
    expect(r.triples).toEqual([{ members: [0, 1, 2], bound: 6, exact: 4, priced: 0, converged: true }]);
    // a goal already reached: nothing bounded; a known bound above stays
    expect(tripleLowerBound(inst, "hprc", pairs.bound, pairs.singles, groups, { goal: 5 }).triples).toEqual([]);
    expect(tripleLowerBound(inst, "hprc", 9, pairs.singles, groups).bound).toBe(9);
    // low priority: no triple of it
    expect(tripleLowerBound(inst, "lprc", 0, new Map(), []).triples).toEqual([]);
  });
});
