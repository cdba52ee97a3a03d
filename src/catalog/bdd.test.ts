import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Bdd, FALSE } from "./bdd.js";
import { Space } from "./space.js";

const arbCnf = fc.array(fc.array(fc.integer({ min: -6, max: 6 }).filter((l) => l !== 0), { minLength: 1, maxLength: 3 }), { maxLength: 12 });

describe("ROBDD", () => {
  it("counts models exactly, stays canonical, and survives compaction and growth", () => {
    fc.assert(
      fc.property(arbCnf, (cnf) => {
        const b = new Bdd(6, 4, 2); // tiny store and cache: forces growth and cache collisions
        const build = (cs: number[][]) => b.andAll(cs.map((c) => b.orAll(c.map((l) => b.literal(Math.abs(l) - 1, l > 0)))));
        const f = build(cnf);
        const sat = (m: number) => cnf.every((c) => c.some((l) => ((m >> (Math.abs(l) - 1)) & 1) === (l > 0 ? 1 : 0)));
        let n = 0;
        for (let m = 0; m < 64; m++) if (sat(m)) n++;
        expect(b.satCount(f)).toBe(BigInt(n));
        expect(build([...cnf].reverse())).toBe(f); // canonical: same function, same node
        expect(new Space(b, f).count(new Int8Array(6).fill(-1))).toBe(BigInt(n));
        const [g] = b.compact([f]);
        expect(b.satCount(g!)).toBe(BigInt(n));
        expect(b.and(g!, b.not(g!))).toBe(FALSE);
      }),
      { numRuns: 200, seed: 3 },
    );
  });
});
