import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { evaluateSequence } from "./evaluate.js";
import { combineGroupBounds, combinePairBounds, packGroups, exactPairMinimum, lowerBoundDetails, lowerBounds, pairRatioLowerBound, ratioLowerBound, unitPairLowerBound, unitPairSkeleton, unitPlacement } from "./lower-bound.js";
import { instanceOf, permutations, unit } from "./test-helpers.js";

describe("lower bounds", () => {
  it("is exact on simple single-constraint cases", () => {
    // 6 option units in 10 positions under 1/2: one violation at best (1010101011)
    expect(ratioLowerBound([], 6, 10, 1, 2, "truncated")).toBe(1);
    expect(ratioLowerBound([], 5, 10, 1, 2, "truncated")).toBe(0);
  });

  it("never exceeds the best value found by exhaustive search on tiny instances", () => {
    const arb = fc.record({
      n: fc.integer({ min: 1, max: 6 }),
      ratios: fc.array(fc.tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 4 }), fc.boolean()), { minLength: 1, maxLength: 3 }),
      flags: fc.array(fc.array(fc.boolean(), { minLength: 3, maxLength: 3 }), { minLength: 11, maxLength: 11 }),
      colours: fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 11, maxLength: 11 }),
      tail: fc.integer({ min: 0, max: 4 }),
      limit: fc.integer({ min: 1, max: 4 }),
      endFull: fc.boolean(),
    });
    fc.assert(
      fc.property(arb, (a) => {
        const ratios = a.ratios.map(([m, w, h]) => [Math.min(m, w), w, h ? "high" : "low"] as const);
        const mk = (i: number) => unit(a.colours[i]!, ratios.map((_, k) => (a.flags[i]![k] ? 1 : 0)));
        const inst = instanceOf({
          ratios,
          tail: Array.from({ length: a.tail }, (_, i) => mk(7 + i)),
          day: Array.from({ length: a.n }, (_, i) => mk(i)),
          limit: a.limit,
          endWindows: a.endFull ? "full" : "truncated",
        });
        const lb = lowerBounds(inst);
        let best = { hprc: Infinity, lprc: Infinity, pcc: Infinity };
        for (const p of permutations(a.n)) {
          const e = evaluateSequence(inst, p, { allowBatchBreach: true });
          best = { hprc: Math.min(best.hprc, e.hprc), lprc: Math.min(best.lprc, e.lprc), pcc: best.pcc };
          if (e.longestBatch <= a.limit) best.pcc = Math.min(best.pcc, e.pcc);
        }
        expect(lb.hprc).toBeLessThanOrEqual(best.hprc);
        expect(lb.lprc).toBeLessThanOrEqual(best.lprc);
        if (best.pcc !== Infinity) expect(lb.pcc).toBeLessThanOrEqual(best.pcc);
      }),
      { numRuns: 150, seed: 42 },
    );
  });

  it("is exact for one constraint on its own (dynamic programming vs exhaustive search)", () => {
    const arb = fc.record({
      n: fc.integer({ min: 1, max: 6 }),
      max: fc.integer({ min: 0, max: 3 }),
      window: fc.integer({ min: 1, max: 5 }),
      flags: fc.array(fc.boolean(), { minLength: 12, maxLength: 12 }),
      tail: fc.integer({ min: 0, max: 5 }),
      endFull: fc.boolean(),
    });
    fc.assert(
      fc.property(arb, (a) => {
        const max = Math.min(a.max, a.window);
        const mk = (i: number) => unit(1, [a.flags[i] ? 1 : 0]);
        const inst = instanceOf({
          ratios: [[max, a.window, "high"]],
          tail: Array.from({ length: a.tail }, (_, i) => mk(7 + i)),
          day: Array.from({ length: a.n }, (_, i) => mk(i)),
          endWindows: a.endFull ? "full" : "truncated",
        });
        let best = Infinity;
        for (const p of permutations(a.n)) best = Math.min(best, evaluateSequence(inst, p).hprc);
        expect(lowerBounds(inst).hprc).toBe(best);
      }),
      { numRuns: 120, seed: 5 },
    );
  });
  it("the exact pair minimum equals exhaustive search (two constraints, any N/P, tail, both end rules)", () => {
    const arb = fc.record({
      n: fc.integer({ min: 1, max: 7 }),
      ra: fc.tuple(fc.integer({ min: 0, max: 2 }), fc.integer({ min: 1, max: 4 })),
      rb: fc.tuple(fc.integer({ min: 0, max: 2 }), fc.integer({ min: 1, max: 4 })),
      kinds: fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 12, maxLength: 12 }),
      tail: fc.integer({ min: 0, max: 4 }),
      endFull: fc.boolean(),
    });
    fc.assert(
      fc.property(arb, (x) => {
        const ratios = [x.ra, x.rb].map(([m, w]) => [Math.min(m, w), w, "high"] as const);
        const mk = (i: number) => unit(1, [x.kinds[i]! & 1, x.kinds[i]! >> 1]);
        const inst = instanceOf({
          ratios,
          tail: Array.from({ length: x.tail }, (_, i) => mk(7 + i % 5)),
          day: Array.from({ length: x.n }, (_, i) => mk(i)),
          endWindows: x.endFull ? "full" : "truncated",
        });
        let best = Infinity;
        for (const p of permutations(x.n)) best = Math.min(best, evaluateSequence(inst, p).hprc);
        const side = (k: number) => ({ max: ratios[k]![0], window: ratios[k]![1], tailFlags: inst.previousDay.map((u) => u.options[k]!), dayFlags: inst.day.map((u) => u.options[k]!) });
        expect(exactPairMinimum(side(0), side(1), inst.endWindows)).toBe(best);
        expect(lowerBounds(inst).hprc).toBeLessThanOrEqual(best);
      }),
      { numRuns: 150, seed: 35 },
    );
  });

  it("sees two constraints competing for positions that the single bounds take apart", () => {
    // 2/4 on four units and 1/3 on two, disjoint, six positions: alone each fits (aa..aa, b..b..),
    // together every position is taken and the other bounds see nothing; the least is 2
    const inst = instanceOf({ ratios: [[2, 4, "high"], [1, 3, "high"]], day: ["10", "10", "10", "10", "01", "01"].map((f) => unit(1, [...f].map(Number))) });
    let best = Infinity;
    for (const p of permutations(6)) best = Math.min(best, evaluateSequence(inst, p).hprc);
    expect(best).toBe(2);
    expect(lowerBounds(inst, { pairWork: 0 }).hprc).toBe(0);
    expect(lowerBounds(inst).hprc).toBe(2);
  });

  it("bounds a pair of constraints sharing the units without option a (2k − z − 1 adjacent b pairs)", () => {
    // a = 1/2 on 4 units, b = 1/3 on the other 3: each alone fits in 7 positions (a z a z a z a,
    // b every third), together every z unit is a b unit at most 2 apart: 2 pairs, each ≥ 1
    const flags = (s: string) => [...s].map((c) => c === "1");
    const a = { max: 1, window: 2, dayFlags: flags("1111000") };
    const b = { max: 1, window: 3, dayFlags: flags("0000111") };
    expect(pairRatioLowerBound(a, b, 0, "truncated")).toBe(2);
    const inst = instanceOf({ ratios: [[1, 2, "high"], [1, 3, "high"]], day: [..."1111000"].map((c) => unit(1, c === "1" ? [1, 0] : [0, 1])) });
    expect(lowerBounds(inst).hprc).toBe(2);
    let best = Infinity;
    for (const p of permutations(7)) best = Math.min(best, evaluateSequence(inst, p).hprc);
    expect(best).toBe(2); // exact here
    // not applicable: a unit needing both options, or b not wider than a
    expect(pairRatioLowerBound(a, { ...b, dayFlags: flags("1000111") }, 0, "truncated")).toBe(0);
    expect(pairRatioLowerBound(a, { ...b, window: 2 }, 0, "truncated")).toBe(0);
  });

  it("the pair bound never exceeds exhaustive search (units without option a mostly needing b)", () => {
    const arb = fc.record({
      n: fc.integer({ min: 2, max: 7 }),
      pa: fc.integer({ min: 2, max: 3 }),
      qb: fc.integer({ min: 3, max: 6 }),
      kinds: fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 12, maxLength: 12 }),
      tail: fc.integer({ min: 0, max: 5 }),
      endFull: fc.boolean(),
    });
    let applied = 0;
    fc.assert(
      fc.property(arb, (x) => {
        // kind 0, 1: option a only; 2: option b only; 3: neither
        const mk = (i: number) => unit(1, x.kinds[i]! <= 1 ? [1, 0] : x.kinds[i] === 2 ? [0, 1] : [0, 0]);
        const inst = instanceOf({
          ratios: [[x.pa - 1, x.pa, "low"], [1, Math.max(x.qb, x.pa + 1), "low"]],
          tail: Array.from({ length: x.tail }, (_, i) => mk(8 + (i % 4))),
          day: Array.from({ length: x.n }, (_, i) => mk(i)),
          endWindows: x.endFull ? "full" : "truncated",
        });
        const [a, b] = [0, 1].map((k) => ({ ...inst.constraints[k]!, dayFlags: inst.day.map((u) => u.options[k]!) }));
        if (pairRatioLowerBound(a!, b!, x.tail, inst.endWindows) > 0) applied++;
        let best = Infinity;
        for (const p of permutations(x.n)) best = Math.min(best, evaluateSequence(inst, p).lprc);
        expect(lowerBounds(inst).lprc).toBeLessThanOrEqual(best);
      }),
      { numRuns: 200, seed: 7 },
    );
    expect(applied).toBeGreaterThan(20);
  }, 60_000);
  it("the 1/P pair bound never exceeds exhaustive search and often beats the single bounds", () => {
    // 1/2 and 1/3 sharing two units in 6 positions: each alone has 0 violations
    const flags = (s: string) => [...s].map((c) => c === "1");
    const inst = instanceOf({ ratios: [[1, 2, "high"], [1, 3, "high"]], day: ["11", "11", "10", "00", "00", "00"].map((f) => unit(1, [...f].map(Number))) });
    let best = Infinity;
    for (const p of permutations(6)) best = Math.min(best, evaluateSequence(inst, p).hprc);
    const a = { window: 2, tailFlags: [], dayFlags: flags("111000") };
    const b = { window: 3, tailFlags: [], dayFlags: flags("110000") };
    expect(unitPairLowerBound(a, b, "truncated")).toBeLessThanOrEqual(best);
    const arb = fc.record({
      n: fc.integer({ min: 2, max: 7 }),
      p: fc.integer({ min: 2, max: 4 }),
      q: fc.integer({ min: 2, max: 5 }),
      kinds: fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 12, maxLength: 12 }),
      tail: fc.integer({ min: 0, max: 5 }),
      endFull: fc.boolean(),
    });
    let above = 0;
    fc.assert(
      fc.property(arb, (x) => {
        // kind 0: both options, 1: a only, 2: b only, 3: neither
        const opts = (kd: number) => [kd <= 1 ? 1 : 0, kd === 0 || kd === 2 ? 1 : 0];
        const mk = (i: number) => unit(1, opts(x.kinds[i]!));
        const inst = instanceOf({
          ratios: [[1, x.p, "high"], [1, x.q, "high"]],
          tail: Array.from({ length: x.tail }, (_, i) => mk(7 + i)),
          day: Array.from({ length: x.n }, (_, i) => mk(i)),
          endWindows: x.endFull ? "full" : "truncated",
        });
        const [sa, sb] = [0, 1].map((k) => ({ window: k === 0 ? x.p : x.q, tailFlags: inst.previousDay.map((u) => u.options[k]!), dayFlags: inst.day.map((u) => u.options[k]!) }));
        const pair = unitPairLowerBound(sa!, sb!, inst.endWindows);
        let best = Infinity;
        for (const p of permutations(x.n)) best = Math.min(best, evaluateSequence(inst, p).hprc);
        expect(pair).toBeLessThanOrEqual(best);
        expect(lowerBounds(inst).hprc).toBeLessThanOrEqual(best);
        const singles = lowerBounds(instanceOf({ ratios: [[1, x.p, "high"]], tail: inst.previousDay.map((u) => ({ ...u, options: [u.options[0]!] })), day: inst.day.map((u) => ({ ...u, options: [u.options[0]!] })), endWindows: inst.endWindows })).hprc +
          lowerBounds(instanceOf({ ratios: [[1, x.q, "high"]], tail: inst.previousDay.map((u) => ({ ...u, options: [u.options[1]!] })), day: inst.day.map((u) => ({ ...u, options: [u.options[1]!] })), endWindows: inst.endWindows })).hprc;
        if (pair > singles) above++;
      }),
      { numRuns: 250, seed: 11 },
    );
    expect(above).toBeGreaterThan(5);
  }, 60_000);

  it("the 1/P placement with blocked positions is the exhaustive minimum, and its positions reach it", () => {
    const arb = fc.record({
      n: fc.integer({ min: 1, max: 9 }),
      p: fc.integer({ min: 2, max: 5 }),
      count: fc.integer({ min: 0, max: 5 }),
      free: fc.array(fc.boolean(), { minLength: 9, maxLength: 9 }),
      tail: fc.array(fc.boolean(), { minLength: 0, maxLength: 5 }),
      endFull: fc.boolean(),
    });
    fc.assert(
      fc.property(arb, (x) => {
        const free = x.free.slice(0, x.n);
        const endWindows = x.endFull ? "full" : "truncated";
        const tail = x.tail.map((f) => unit(1, [f ? 1 : 0]));
        const cost = (pos: readonly number[]) => {
          const day = Array.from({ length: x.n }, (_, i) => unit(1, [pos.includes(i) ? 1 : 0]));
          const inst = instanceOf({ ratios: [[1, x.p, "high"]], tail, day, endWindows });
          return evaluateSequence(inst, day.map((_, i) => i)).hprc;
        };
        // every subset of the free positions of size count
        let best = Infinity;
        const freeIdx = free.flatMap((f, i) => (f ? [i] : []));
        for (let m = 0; m < 1 << freeIdx.length; m++) {
          const pos = freeIdx.filter((_, b) => (m >> b) & 1);
          if (pos.length === x.count) best = Math.min(best, cost(pos));
        }
        const r = unitPlacement({ window: x.p, tailFlags: x.tail, dayFlags: [] }, x.count, free, endWindows);
        if (best === Infinity) expect(r).toBeUndefined();
        else {
          expect(r!.cost).toBe(best);
          expect(r!.positions.length).toBe(x.count);
          expect(r!.positions.every((y) => free[y])).toBe(true);
          expect(cost(r!.positions)).toBe(best);
        }
      }),
      { numRuns: 300, seed: 5 },
    );
  });

  it("the pair skeleton is a placement of the units needing both, and reaches the bound when its counts are met", () => {
    const arb = fc.record({
      n: fc.integer({ min: 2, max: 10 }),
      p: fc.integer({ min: 2, max: 4 }),
      q: fc.integer({ min: 2, max: 5 }),
      kinds: fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 10, maxLength: 10 }),
      tail: fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 0, maxLength: 4 }),
    });
    let exact = 0;
    fc.assert(
      fc.property(arb, (x) => {
        // kind 0 neither, 1 a only, 2 b only, 3 both (as the skeleton reports them)
        const kinds = x.kinds.slice(0, x.n);
        const fa = (k: number) => k === 1 || k === 3;
        const fb = (k: number) => k === 2 || k === 3;
        const a = { window: x.p, tailFlags: x.tail.map(fa), dayFlags: kinds.map(fa) };
        const b = { window: x.q, tailFlags: x.tail.map(fb), dayFlags: kinds.map(fb) };
        const r = unitPairSkeleton(a, b, "truncated");
        expect(r.bound).toBe(unitPairLowerBound(a, b, "truncated"));
        expect(r.kinds.length).toBe(x.n);
        expect(r.kinds.filter((k) => k === 3).length).toBe(kinds.filter((k) => k === 3).length);
        const count = (arr: ArrayLike<number>, k: number) => Array.from(arr).filter((v) => v === k).length;
        if (count(r.kinds, 1) === count(kinds, 1) && count(r.kinds, 2) === count(kinds, 2)) {
          // a real sequence: its violations of the pair are the bound
          const mk = (k: number) => unit(1, [fa(k) ? 1 : 0, fb(k) ? 1 : 0]);
          const day = Array.from(r.kinds, mk);
          const inst = instanceOf({ ratios: [[1, x.p, "high"], [1, x.q, "high"]], tail: x.tail.map(mk), day });
          expect(evaluateSequence(inst, day.map((_, i) => i)).hprc).toBe(r.bound);
          exact++;
        }
      }),
      { numRuns: 200, seed: 13 },
    );
    expect(exact).toBeGreaterThan(50);
  });

  it("combines pair bounds by the best set of disjoint pairs (exhaustive check), and reports what it combined", () => {
    // gains AB 3, AC 2, BD 2: largest first would take AB alone (3); AC + BD give 4
    const singles = new Map([[0, 1], [1, 1], [2, 0], [3, 0]]);
    expect(combinePairBounds(singles, [{ a: 0, b: 1, bound: 5 }, { a: 0, b: 2, bound: 3 }, { a: 1, b: 3, bound: 3 }])).toBe(2 + 4);
    // pairs outside the singles' constraints, or below their singles, change nothing
    expect(combinePairBounds(new Map([[0, 2], [1, 0]]), [{ a: 0, b: 7, bound: 50 }, { a: 0, b: 1, bound: 1 }])).toBe(2);
    const arb = fc.record({
      singles: fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 1, maxLength: 7 }),
      pairs: fc.array(fc.record({ a: fc.nat(6), b: fc.nat(6), extra: fc.integer({ min: -2, max: 6 }) }), { maxLength: 12 }),
    });
    fc.assert(
      fc.property(arb, (x) => {
        const k = x.singles.length;
        const singles = new Map(x.singles.map((v, i) => [i, v]));
        const pairs = x.pairs.filter((p) => p.a < k && p.b < k && p.a !== p.b).map((p) => ({ a: p.a, b: p.b, bound: x.singles[p.a]! + x.singles[p.b]! + p.extra }));
        // every set of disjoint pairs: the singles of the others plus the pairs' bounds (each pair only if above its singles)
        let best = 0;
        const walk = (i: number, used: number, gain: number): void => {
          best = Math.max(best, gain);
          for (let j = i; j < pairs.length; j++) {
            const p = pairs[j]!;
            const m = (1 << p.a) | (1 << p.b);
            if (used & m) continue;
            walk(j + 1, used | m, gain + Math.max(0, p.bound - x.singles[p.a]! - x.singles[p.b]!));
          }
        };
        walk(0, 0, 0);
        expect(combinePairBounds(singles, pairs)).toBe(x.singles.reduce((a, b) => a + b, 0) + best);
      }),
      { numRuns: 300, seed: 11 },
    );
  });

  it("combines group bounds (pairs and triples) by the best disjoint set (exhaustive check)", () => {
    // a triple that beats its pairs' gains, disjoint from a pair
    const singles = new Map([[0, 1], [1, 1], [2, 1], [3, 0], [4, 0]]);
    expect(combineGroupBounds(singles, [{ members: [0, 1], bound: 3 }, { members: [2, 1, 0], bound: 6 }, { members: [3, 4], bound: 2 }])).toBe(3 + 3 + 2);
    expect(combineGroupBounds(singles, [{ members: [0, 0, 1], bound: 9 }, { members: [0, 9], bound: 9 }])).toBe(3);
    const arb = fc.record({
      singles: fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 1, maxLength: 7 }),
      groups: fc.array(fc.record({ members: fc.uniqueArray(fc.nat(6), { minLength: 2, maxLength: 3 }), extra: fc.integer({ min: -2, max: 6 }) }), { maxLength: 10 }),
    });
    fc.assert(
      fc.property(arb, (x) => {
        const k = x.singles.length;
        const groups = x.groups.filter((g) => g.members.every((m) => m < k)).map((g) => ({ members: g.members, bound: g.members.reduce((a, m) => a + x.singles[m]!, 0) + g.extra }));
        let best = 0;
        const walk = (i: number, used: number, gain: number): void => {
          best = Math.max(best, gain);
          for (let j = i; j < groups.length; j++) {
            const g = groups[j]!;
            const m = g.members.reduce((a, v) => a | (1 << v), 0);
            if (used & m) continue;
            walk(j + 1, used | m, gain + Math.max(0, g.bound - g.members.reduce((a, v) => a + x.singles[v]!, 0)));
          }
        };
        walk(0, 0, 0);
        const singles = new Map(x.singles.map((v, i) => [i, v]));
        const total = x.singles.reduce((a, b) => a + b, 0);
        expect(combineGroupBounds(singles, groups)).toBe(total + best);
        // the chosen groups are disjoint, given, and make up the value
        const p = packGroups(singles, groups);
        expect(p.value).toBe(total + best);
        const members = p.chosen.flatMap((g) => [...g.members]);
        expect(new Set(members).size).toBe(members.length);
        for (const g of p.chosen) expect(groups.some((h) => h.bound === g.bound && [...h.members].sort().join() === [...g.members].sort().join())).toBe(true);
        expect(total + p.chosen.reduce((a, g) => a + g.bound - g.members.reduce((b, m) => b + x.singles[m]!, 0), 0)).toBe(p.value);
      }),
      { numRuns: 300, seed: 12 },
    );
  });

  it("details: the singles and the pair bounds behind lowerBounds", () => {
    // 1/2 on two units, 1/3 on two others, four positions (as in the joint pair test): each fits alone, not both
    const day = ["10", "10", "01", "01"].map((f) => unit(1, [...f].map(Number)));
    const inst = instanceOf({ ratios: [[1, 2, "high"], [1, 3, "high"]], day });
    const d = lowerBoundDetails(inst);
    expect(d.value).toEqual(lowerBounds(inst));
    expect(d.singles).toEqual([0, 0]);
    let best = Infinity;
    for (const p of permutations(4)) best = Math.min(best, evaluateSequence(inst, p).hprc);
    expect(d.pairs).toEqual([{ a: 0, b: 1, bound: best }]);
    expect(d.value.hprc).toBe(best);
  });
});
