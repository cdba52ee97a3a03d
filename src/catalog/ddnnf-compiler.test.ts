import { describe, expect, it } from "vitest";
import { ValidationError } from "../kernel/index.js";
import { compileDdnnf } from "./ddnnf-compiler.js";

/** Deterministic PRNG (xorshift32). */
function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 4294967296;
  };
}

function randomCnf(rnd: () => number, n: number, m: number, maxLen: number): number[][] {
  return Array.from({ length: m }, () => {
    const len = 1 + Math.floor(rnd() * maxLen);
    return Array.from({ length: len }, () => (1 + Math.floor(rnd() * n)) * (rnd() < 0.5 ? -1 : 1));
  });
}

/** All models of the CNF, as bit arrays. */
function models(n: number, clauses: number[][]): number[][] {
  const out: number[][] = [];
  for (let m = 0; m < 1 << n; m++) {
    const bits = Array.from({ length: n }, (_, v) => (m >> v) & 1);
    if (clauses.every((c) => c.some((l) => bits[Math.abs(l) - 1] === (l > 0 ? 1 : 0)))) out.push(bits);
  }
  return out;
}

describe("d-DNNF compiler", () => {
  it("counts, conditions and finds valid values exactly on random CNFs (brute force)", () => {
    const rnd = rng(42);
    let checked = 0;
    for (let round = 0; round < 300; round++) {
      const n = 1 + Math.floor(rnd() * 10);
      const m = Math.floor(rnd() * 3 * n);
      const cnf = randomCnf(rnd, n, m, 4);
      const all = models(n, cnf);
      for (const heuristic of ["occurrences", "order"] as const) {
        const { space } = compileDdnnf(n, cnf, { heuristic });
        expect(space.count(new Int8Array(n).fill(-1))).toBe(BigInt(all.length));
        // Random partial assignments: conditioned count and valid values.
        for (let q = 0; q < 8; q++) {
          const a = new Int8Array(n).map(() => (rnd() < 0.4 ? (rnd() < 0.5 ? 0 : 1) : -1));
          const ext = all.filter((b) => b.every((x, v) => a[v] === -1 || a[v] === x));
          expect(space.count(a)).toBe(BigInt(ext.length));
          const lits = space.validLiterals(a);
          if (ext.length === 0) expect(lits).toBeNull();
          else
            for (let v = 0; v < n; v++) {
              expect(lits!.can0[v]).toBe(ext.some((b) => b[v] === 0) ? 1 : 0);
              expect(lits!.can1[v]).toBe(ext.some((b) => b[v] === 1) ? 1 : 0);
            }
          checked++;
        }
      }
    }
    expect(checked).toBe(300 * 2 * 8);
  });

  it("decomposes and caches: a chain of independent blocks stays linear in size", () => {
    // 40 independent copies of (a ∨ b ∨ c) ∧ (¬a ∨ ¬b): 5 models each, 5^40 in all.
    const clauses: number[][] = [];
    for (let k = 0; k < 40; k++) {
      const [a, b, c] = [3 * k + 1, 3 * k + 2, 3 * k + 3];
      clauses.push([a, b, c], [-a, -b]);
    }
    const { space, stats } = compileDdnnf(120, clauses);
    expect(space.count(new Int8Array(120).fill(-1))).toBe(5n ** 40n);
    expect(stats.nodes).toBeLessThan(2_000);
  });

  it("handles unsatisfiable input, empty clauses, tautologies and unconstrained variables", () => {
    expect(compileDdnnf(2, [[1], [-1]]).space.count(new Int8Array(2).fill(-1))).toBe(0n);
    expect(compileDdnnf(2, [[]]).space.count(new Int8Array(2).fill(-1))).toBe(0n);
    expect(compileDdnnf(3, [[1, -1]]).space.count(new Int8Array(3).fill(-1))).toBe(8n);
    expect(compileDdnnf(0, []).space.count(new Int8Array(0))).toBe(1n);
    const s = compileDdnnf(4, [[1, 2]]).space;
    expect(s.count(new Int8Array(4).fill(-1))).toBe(12n);
    expect(s.validLiterals(Int8Array.from([0, -1, -1, -1]))!.can0[1]).toBe(0);
  });

  it("rejects bad literals and gives up with a clear error past its budget", () => {
    expect(() => compileDdnnf(2, [[3]])).toThrow(ValidationError);
    // A random 3-CNF over 60 variables needs far more than 50 nodes.
    const cnf = randomCnf(rng(7), 60, 150, 3).map((c) => (c.length < 3 ? [...c, 1 + (Math.abs(c[0]!) % 60)] : c));
    expect(() => compileDdnnf(60, cnf, { maxNodes: 50 })).toThrow(/gave up: more than 50 nodes/);
  });

  it("is deterministic", () => {
    const cnf = randomCnf(rng(3), 30, 60, 3);
    const a = compileDdnnf(30, cnf).stats;
    const b = compileDdnnf(30, cnf).stats;
    expect({ ...a, compileMs: 0 }).toEqual({ ...b, compileMs: 0 });
  });
});
