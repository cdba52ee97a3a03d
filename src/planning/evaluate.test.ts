import { describe, expect, it } from "vitest";
import { ValidationError } from "../kernel/index.js";
import { evaluateSequence, optionGaps, ratioViolations } from "./evaluate.js";
import { instanceOf, unit } from "./test-helpers.js";

const b = (xs: number[]): boolean[] => xs.map((x) => x === 1);

describe("ratio violations (hand-computed)", () => {
  it("counts windows that cross from day D-1 and shrinking windows at the end of the day", () => {
    // 1/3, tail 1 0 | day 1 0 0 1 1 → combined 1 0 1 0 0 1 1
    // windows from s=0: [101]=1 [010] [100] [001] [011]=1 | shrinking [11]=1 [1]
    expect(ratioViolations(b([1, 0]), b([1, 0, 0, 1, 1]), 1, 3, "truncated")).toBe(3);
    // full windows only: the two shrinking ones drop out, [11] among them
    expect(ratioViolations(b([1, 0]), b([1, 0, 0, 1, 1]), 1, 3, "full")).toBe(2);
  });

  it("does not count a window lying wholly inside day D-1", () => {
    // tail 1 1 0: the window [1 1 0] has 2 > 1 but lies inside D-1; at most P-1 = 2 tail units count
    expect(ratioViolations(b([1, 1, 0]), b([1, 0, 0, 1, 1]), 1, 3, "truncated")).toBe(3);
    expect(ratioViolations(b([1, 1, 0]), b([0, 0, 0]), 1, 3, "truncated")).toBe(0);
    expect(ratioViolations(b([0, 1, 1]), b([0, 0, 0]), 1, 3, "truncated")).toBe(1);
  });

  it("counts max(0, count − N) per window, never negative (FAQ 6)", () => {
    expect(ratioViolations([], b([1, 1, 1, 1]), 2, 4, "full")).toBe(2);
    expect(ratioViolations([], b([1, 1, 1, 1]), 2, 4, "truncated")).toBe(2 + 1);
    expect(ratioViolations([], b([0, 0]), 2, 4, "truncated")).toBe(0);
  });
});

describe("option gaps", () => {
  it("measures the distances between consecutive option units, from the tail's last one", () => {
    // tail 1 0 0 | day 0 1 1 0 0 0 1 → option units at 0 | 4 5 9
    expect(optionGaps(b([1, 0, 0]), b([0, 1, 1, 0, 0, 0, 1]))).toEqual([4, 1, 4]);
    // no option unit in the tail: the first day one starts the list
    expect(optionGaps(b([0, 0]), b([1, 0, 1]))).toEqual([2]);
    expect(optionGaps([], b([0, 0]))).toEqual([]);
  });

  it("has a distance below P exactly where a 1/P constraint's windows are violated", () => {
    // a window holding c option units has c − 1 consecutive pairs, so the violations of 1/P
    // (shrinking windows at the end counted) are the sum of P − g over the distances g < P
    // (the tail holds at most one option unit here: pairs inside it are not listed)
    for (let seed = 1; seed <= 200; seed++) {
      let x = seed * 7919;
      const rnd = (): number => (x = (x * 1103515245 + 12345) % 2147483648) / 2147483648;
      const P = 2 + Math.floor(rnd() * 6);
      const tail = Array.from({ length: P - 1 }, () => false);
      if (rnd() < 0.5) tail[Math.floor(rnd() * tail.length)] = true;
      const day = Array.from({ length: 10 + Math.floor(rnd() * 30) }, () => rnd() < 0.35);
      const short = optionGaps(tail, day).reduce((s, g) => s + Math.max(0, P - g), 0);
      expect(ratioViolations(tail, day, 1, P, "truncated")).toBe(short);
    }
  });
});

describe("evaluateSequence", () => {
  const Y = 1;
  const R = 2;
  const B = 3;
  const G = 4;
  it("counts the colour change across the day boundary (FAQ 8 example: two changes)", () => {
    const inst = instanceOf({ ratios: [], tail: [unit(Y, []), unit(R, [])], day: [unit(B, []), unit(G, [])] });
    expect(evaluateSequence(inst, [0, 1]).pcc).toBe(2);
    expect(evaluateSequence(inst, [1, 0]).pcc).toBe(2);
  });

  it("does not count a change when the day starts with the tail's colour", () => {
    const inst = instanceOf({ ratios: [], tail: [unit(R, [])], day: [unit(R, []), unit(G, []), unit(R, [])] });
    expect(evaluateSequence(inst, [0, 2, 1]).pcc).toBe(1);
    expect(evaluateSequence(inst, [1, 0, 2]).pcc).toBe(2);
  });

  it("weighs parts by rank: 10^6, 10^3, 1", () => {
    const inst = instanceOf({
      ratios: [
        [1, 2, "high"],
        [1, 2, "low"],
      ],
      day: [unit(1, [1, 1]), unit(2, [1, 1])],
      order: ["pcc", "hprc", "lprc"],
    });
    const e = evaluateSequence(inst, [0, 1]);
    expect([e.hprc, e.lprc, e.pcc]).toEqual([1, 1, 1]);
    expect(e.objective).toBe(1_000_000 + 1_000 + 1);
  });

  it("rejects a sequence that is not a permutation of the day", () => {
    const inst = instanceOf({ ratios: [], day: [unit(1, []), unit(1, []), unit(1, [])] });
    expect(() => evaluateSequence(inst, [0, 1])).toThrow(ValidationError);
    expect(() => evaluateSequence(inst, [0, 1, 1])).toThrow(/twice/);
    expect(() => evaluateSequence(inst, [0, 1, 3])).toThrow(ValidationError);
  });

  it("rejects a paint batch over the limit (FAQ 4: strict), counted inside day D", () => {
    const day = [unit(1, []), unit(1, []), unit(1, []), unit(2, [])];
    const inst = instanceOf({ ratios: [], tail: [unit(1, [])], day, limit: 2 });
    expect(() => evaluateSequence(inst, [0, 1, 2, 3])).toThrow(/paint batch/);
    expect(evaluateSequence(inst, [0, 1, 3, 2]).longestBatch).toBe(2);
  });
});
