import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ValidationError } from "../kernel/index.js";
import { Bdd, FALSE } from "./bdd.js";
import { compileModel, exactlyOne, smallestConflict, type FamilySpec, type RuleSpec } from "./compile.js";

// Small random models: 4 one-hot families of 3 values, up to 8 rules "f ∈ S → g ∈ T" or "f ∈ S".
const VALUES = ["a", "b", "c"];
const FAMS: FamilySpec[] = ["p", "q", "r", "s"].map((id) => ({ id, values: VALUES, encoding: "onehot" }));
const arbSet = fc.subarray(VALUES, { minLength: 1, maxLength: 2 });
const arbRule = fc.record({ f: fc.integer({ min: 0, max: 3 }), s: arbSet, g: fc.option(fc.integer({ min: 0, max: 3 }), { nil: undefined }), t: arbSet });
type R = { f: number; s: string[]; g: number | undefined; t: string[] };

function specs(rs: readonly R[]): RuleSpec[] {
  return rs.map((r, i) => ({
    id: `r${i}`,
    text: `rule ${i}`,
    families: r.g === undefined ? [FAMS[r.f]!.id] : [FAMS[r.f]!.id, FAMS[r.g]!.id],
    build: (c) => (r.g === undefined ? c.inValues(FAMS[r.f]!.id, r.s) : c.bdd.implies(c.inValues(FAMS[r.f]!.id, r.s), c.inValues(FAMS[r.g]!.id, r.t))),
  }));
}

/** Brute force: does some configuration satisfy every rule of the subset? */
function satisfiable(rs: readonly R[]): boolean {
  for (let m = 0; m < 81; m++) {
    const v = [0, 1, 2, 3].map((k) => VALUES[Math.floor(m / 3 ** k) % 3]!);
    if (rs.every((r) => (r.g === undefined ? r.s.includes(v[r.f]!) : !r.s.includes(v[r.f]!) || r.t.includes(v[r.g]!)))) return true;
  }
  return false;
}

describe("smallest conflicting rule set", () => {
  it("a contradictory model is rejected with a conflicting set of the smallest size (brute force)", () => {
    let contradictory = 0;
    fc.assert(
      fc.property(fc.array(arbRule, { minLength: 1, maxLength: 8 }), (rs) => {
        let smallest = Infinity;
        for (let mask = 1; mask < 1 << rs.length; mask++) {
          const sub = rs.filter((_, i) => (mask >> i) & 1);
          if (sub.length < smallest && !satisfiable(sub)) smallest = sub.length;
        }
        let error: ValidationError | null = null;
        try {
          compileModel(FAMS, specs(rs));
        } catch (e) {
          error = e as ValidationError;
        }
        if (smallest === Infinity) {
          expect(error).toBeNull();
          return;
        }
        contradictory++;
        expect(error).toBeInstanceOf(ValidationError);
        const ids = error!.issues.map((i) => Number(i.path.replace("/rules/r", "")));
        expect(ids.length).toBe(smallest);
        expect(satisfiable(ids.map((i) => rs[i]!))).toBe(false);
        expect(error!.message).not.toContain("budget");
      }),
      { numRuns: 400, seed: 11 },
    );
    expect(contradictory).toBeGreaterThan(15);
  });

  it("finds a 2-rule conflict where deletion alone keeps a 3-rule one, and notes an exhausted budget", () => {
    // r0: p=a; r1: p=a → q=a; r2: q=a → r=a; r3: r≠a; r4: p≠a. Deletion (from the last rule
    // back) drops r4 first and keeps the chain {r0, r1, r2, r3}; the smallest is the pair {r0, r4}.
    const rs: R[] = [
      { f: 0, s: ["a"], g: undefined, t: [] },
      { f: 0, s: ["a"], g: 1, t: ["a"] },
      { f: 1, s: ["a"], g: 2, t: ["a"] },
      { f: 2, s: ["b", "c"], g: undefined, t: [] },
      { f: 0, s: ["b", "c"], g: undefined, t: [] },
    ];
    const run = (): ValidationError => {
      try {
        compileModel(FAMS, specs(rs));
      } catch (e) {
        return e as ValidationError;
      }
      throw new Error("accepted");
    };
    expect(run().issues.map((i) => i.path)).toEqual(["/rules/r0", "/rules/r4"]);
    // Direct call with no budget: falls back to the deletion-minimal set, flagged as such.
    const bdd = new Bdd(12);
    const vars = (k: number) => [3 * k, 3 * k + 1, 3 * k + 2];
    const domain = [0, 1, 2, 3].map((k) => exactlyOne(bdd, vars(k)));
    const lit = (k: number, vs: string[]) => bdd.orAll(vs.map((v) => bdd.literal(vars(k)[VALUES.indexOf(v)]!)));
    const compiled = rs.map((r, i) => ({ id: `r${i}`, text: "", bdd: r.g === undefined ? lit(r.f, r.s) : bdd.implies(lit(r.f, r.s), lit(r.g, r.t)) }));
    expect(bdd.and(bdd.andAll(domain), bdd.andAll(compiled.map((c) => c.bdd)))).toBe(FALSE);
    const familyOfLevel = Array.from({ length: 12 }, (_, l) => Math.floor(l / 3));
    const exhausted = smallestConflict(bdd, domain, compiled, familyOfLevel, 0);
    expect(exhausted.smallest).toBe(false);
    expect(exhausted.rules.map((r) => r.id)).toEqual(["r0", "r1", "r2", "r3"]);
    const full = smallestConflict(bdd, domain, compiled, familyOfLevel);
    expect(full).toEqual({ rules: [compiled[0], compiled[4]], smallest: true });
  });
});
