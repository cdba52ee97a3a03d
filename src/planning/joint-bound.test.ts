import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { evaluateSequence } from "./evaluate.js";
import { jointPairLowerBound, jointSearch } from "./joint-bound.js";
import type { SequencingInstance } from "./model.js";
import { instanceOf, permutations, threeConstraintDay, threeConstraintFields, unit } from "./test-helpers.js";

const sidesOf = (inst: SequencingInstance) =>
  inst.constraints.map((c, k) => ({ max: c.max, window: c.window, tailFlags: inst.previousDay.map((u) => u.options[k]!), dayFlags: inst.day.map((u) => u.options[k]!) }));

/** A day order whose units follow `kinds` (bit k = option k), or undefined when the counts differ. */
function orderOf(inst: SequencingInstance, kinds: ArrayLike<number>): number[] | undefined {
  const left = inst.day.map((_, i) => i);
  const out: number[] = [];
  for (let y = 0; y < kinds.length; y++) {
    const at = left.findIndex((i) => inst.day[i]!.options.every((o, k) => o === (((kinds[y]! >> k) & 1) === 1)));
    if (at < 0) return undefined;
    out.push(left.splice(at, 1)[0]!);
  }
  return out;
}

describe("joint search over the constraints of one priority", () => {
  it("finds the exhaustive minimum of three constraints together, with a path that attains it", () => {
    const arb = fc.record(threeConstraintFields(1, 7));
    fc.assert(
      fc.property(arb, (x) => {
        const inst = threeConstraintDay(x);
        let best = Infinity;
        for (const p of permutations(x.n)) best = Math.min(best, evaluateSequence(inst, p).hprc);
        // with single suffixes only, and with the pair suffix tables pruning too
        const r = jointSearch(sidesOf(inst), inst.endWindows, { targets: 100, ...(x.n % 2 ? { maxPairTable: 1e6 } : {}) })!;
        expect(r.singles.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(best);
        expect(r.bound).toBe(best);
        expect(r.optimal).toBe(true);
        expect(r.cost).toBe(best);
        const order = orderOf(inst, r.kinds!);
        expect(order).toBeDefined();
        expect(evaluateSequence(inst, order!).hprc).toBe(best);
      }),
      { numRuns: 150, seed: 41 },
    );
  });

  it("a cut search (beam) proves nothing beyond what it searched whole, and its path is real", () => {
    const arb = fc.record({
      kinds: fc.array(fc.integer({ min: 0, max: 7 }), { minLength: 7, maxLength: 7 }),
      keep: fc.integer({ min: 1, max: 3 }),
    });
    fc.assert(
      fc.property(arb, (x) => {
        const inst = instanceOf({ ratios: [[1, 2, "high"], [2, 3, "high"], [1, 4, "high"]], day: x.kinds.map((k) => unit(1, [k & 1, (k >> 1) & 1, k >> 2])) });
        let best = Infinity;
        for (const p of permutations(7)) best = Math.min(best, evaluateSequence(inst, p).hprc);
        const r = jointSearch(sidesOf(inst), inst.endWindows, { targets: 100, maxLayer: x.keep })!;
        expect(r.bound).toBeLessThanOrEqual(best);
        if (r.kinds) {
          expect(evaluateSequence(inst, orderOf(inst, r.kinds)!).hprc).toBe(r.cost);
          if (r.optimal) expect(r.cost).toBe(best);
        }
      }),
      { numRuns: 60, seed: 7 },
    );
  });

  it("proves a total above the sum of the single minima when the constraints cannot all be at theirs", () => {
    // 1/2 on two units, 1/3 on two others, four positions: each fits alone, not both
    const inst = instanceOf({ ratios: [[1, 2, "high"], [1, 3, "high"]], day: ["10", "10", "01", "01"].map((f) => unit(1, [...f].map(Number))) });
    let best = Infinity;
    for (const p of permutations(4)) best = Math.min(best, evaluateSequence(inst, p).hprc);
    const r = jointSearch(sidesOf(inst), inst.endWindows, { targets: 20 })!;
    const singles = r.singles.reduce((a, b) => a + b, 0);
    expect(r.bound).toBe(best);
    expect(best).toBeGreaterThan(singles);
  });

  it("gives up (undefined) when a side's tables are over the limit, and stops at the state budget", () => {
    const inst = instanceOf({ ratios: [[1, 2, "high"], [2, 3, "high"]], day: Array.from({ length: 40 }, (_, i) => unit(1, [i % 2, i % 3 === 0 ? 1 : 0])) });
    expect(jointSearch(sidesOf(inst), inst.endWindows, { maxTable: 10 })).toBeUndefined();
    const r = jointSearch(sidesOf(inst), inst.endWindows, { maxStates: 50 })!;
    expect(r.stopped).toBe("states");
    expect(r.bound).toBeGreaterThanOrEqual(r.singles.reduce((a, b) => a + b, 0));
  });
});

describe("joint pair bound of one ratio part", () => {
  it("is a valid bound (never above the exhaustive minimum) and at least the sum of the singles", () => {
    const ratio = fc.tuple(fc.integer({ min: 1, max: 2 }), fc.integer({ min: 2, max: 4 }));
    const arb = fc.record({
      ratios: fc.tuple(ratio, ratio, ratio, ratio),
      kinds: fc.array(fc.integer({ min: 0, max: 15 }), { minLength: 7, maxLength: 7 }),
      tail: fc.integer({ min: 0, max: 3 }),
    });
    fc.assert(
      fc.property(arb, (x) => {
        const mk = (k: number) => unit(1, [k & 1, (k >> 1) & 1, (k >> 2) & 1, k >> 3]);
        const inst = instanceOf({
          ratios: x.ratios.map(([m, w]) => [Math.min(m, w - 1), w, "high"] as const),
          tail: Array.from({ length: x.tail }, (_, i) => mk(15 - i)),
          day: x.kinds.map(mk),
        });
        let best = Infinity;
        for (const p of permutations(7)) best = Math.min(best, evaluateSequence(inst, p).hprc);
        const r = jointPairLowerBound(inst, "hprc", 0);
        expect(r.bound).toBeLessThanOrEqual(best);
        expect(r.bound).toBeGreaterThanOrEqual([...r.singles.values()].reduce((a, b) => a + b, 0));
        expect(r.pairs.length).toBe(6);
        // with a goal already met, one pair is searched; still a valid bound
        const g = jointPairLowerBound(inst, "hprc", 0, { goal: 0 });
        expect(g.pairs.length).toBe(1);
        expect(g.bound).toBeLessThanOrEqual(best);
      }),
      { numRuns: 60, seed: 5 },
    );
  });

  it("sees a pair that cannot be at the sum of its singles, and keeps a known bound", () => {
    // 1/2 on two units, 1/3 on two others, four positions: each fits alone, not both; a low one besides
    const day = ["100", "100", "010", "010"].map((f) => unit(1, [...f].map(Number)));
    const inst = instanceOf({ ratios: [[1, 2, "high"], [1, 3, "high"], [1, 2, "low"]], day });
    let best = Infinity;
    for (const p of permutations(4)) best = Math.min(best, evaluateSequence(inst, p).hprc);
    const r = jointPairLowerBound(inst, "hprc", 0);
    expect([...r.singles.values()]).toEqual([0, 0]);
    expect(r.bound).toBe(best);
    expect(best).toBeGreaterThan(0);
    expect(r.pairs).toEqual([{ a: 0, b: 1, bound: best, optimal: true }]);
    expect(jointPairLowerBound(inst, "hprc", best + 5).bound).toBe(best + 5);
  });

  it("counts given pair bounds, and starts a given pair's search at its bound", () => {
    // as above: 1/2 and 1/3 compete on four positions
    const day = ["10", "10", "01", "01"].map((f) => unit(1, [...f].map(Number)));
    const inst = instanceOf({ ratios: [[1, 2, "high"], [1, 3, "high"]], day });
    const searched = jointPairLowerBound(inst, "hprc", 0);
    const best = searched.bound;
    expect(best).toBeGreaterThan(0);
    // no time to search: the given pair bound alone raises the part (its argument is the caller's)
    const late = jointPairLowerBound(inst, "hprc", 0, { deadline: 0, now: () => 1 }, [{ a: 1, b: 0, bound: best }]);
    expect(late.pairs).toEqual([]);
    expect(late.bound).toBe(best);
    expect(jointPairLowerBound(inst, "hprc", 0, { deadline: 0, now: () => 1 }).bound).toBe(0);
    // searched from the given bound: a path at it at once, so it is optimal with fewer states
    const given = jointPairLowerBound(inst, "hprc", 0, {}, [{ a: 0, b: 1, bound: best }]);
    expect(given.pairs).toEqual([{ a: 0, b: 1, bound: best, optimal: true }]);
    expect(given.expanded).toBeLessThan(searched.expanded);
    // pairs naming one constraint twice, or constraints of the other priority, are ignored
    expect(jointPairLowerBound(inst, "hprc", 0, { deadline: 0, now: () => 1 }, [{ a: 0, b: 0, bound: 99 }, { a: 0, b: 5, bound: 99 }]).bound).toBe(0);
  });
});
