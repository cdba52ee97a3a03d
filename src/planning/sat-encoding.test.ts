import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { evaluateSequence } from "./evaluate.js";
import { optimizeSequence } from "./optimizer.js";
import { encodeRatioPart, toDimacs, type Cnf, type SatAnswer, type SatRun, type SatSolver } from "./sat-encoding.js";
import { instanceOf, permutations, threeConstraintDay, threeConstraintFields, unit } from "./test-helpers.js";

/** A plain DPLL (unit propagation, shortest-clause branching): enough for the small formulas here. */
class TinyDpll implements SatSolver {
  calls = 0;
  /** Decided at once (the answer is there at the first poll). */
  start(cnf: Cnf): SatRun {
    const a = this.solve(cnf);
    return { poll: () => a, cancel: () => undefined };
  }
  solve(cnf: Cnf): SatAnswer {
    this.calls++;
    const clauses: number[][] = [];
    let cur: number[] = [];
    for (const l of cnf.literals) {
      if (l === 0) {
        clauses.push(cur);
        cur = [];
      } else cur.push(l);
    }
    const val = new Int8Array(cnf.variables + 1); // 0 unknown, 1 true, -1 false
    const litVal = (l: number): number => (l > 0 ? val[l]! : -val[-l]!);
    const trail: number[] = [];
    const propagate = (): boolean => {
      for (let changed = true; changed; ) {
        changed = false;
        for (const c of clauses) {
          let free = 0;
          let last = 0;
          let sat = false;
          for (const l of c) {
            const v = litVal(l);
            if (v === 1) {
              sat = true;
              break;
            }
            if (v === 0) {
              free++;
              last = l;
            }
          }
          if (sat) continue;
          if (free === 0) return false;
          if (free === 1) {
            val[Math.abs(last)] = last > 0 ? 1 : -1;
            trail.push(Math.abs(last));
            changed = true;
          }
        }
      }
      return true;
    };
    const dpll = (): boolean => {
      const mark = trail.length;
      const undo = (): void => {
        while (trail.length > mark) val[trail.pop()!] = 0;
      };
      if (!propagate()) {
        undo();
        return false;
      }
      let pick = 0;
      let best = Infinity;
      for (const c of clauses) {
        if (c.some((l) => litVal(l) === 1)) continue;
        const free = c.filter((l) => litVal(l) === 0);
        if (free.length < best) {
          best = free.length;
          pick = free[0]!;
        }
      }
      if (pick === 0) return true;
      for (const l of [pick, -pick]) {
        const m2 = trail.length;
        val[Math.abs(l)] = l > 0 ? 1 : -1;
        trail.push(Math.abs(l));
        if (dpll()) return true;
        while (trail.length > m2) val[trail.pop()!] = 0;
      }
      undo();
      return false;
    };
    if (!dpll()) return { status: "unsat" };
    const model = new Uint8Array(cnf.variables + 1);
    for (let v = 1; v <= cnf.variables; v++) model[v] = val[v] === 1 ? 1 : 0;
    return { status: "sat", model };
  }
}

describe("SAT encoding of one priority's ratio part", () => {
  it("is satisfiable exactly when some order has at most V violations, and its models decode to such orders", () => {
    const arb = fc.record({ ...threeConstraintFields(1, 6), low: fc.boolean() });
    const solver = new TinyDpll();
    fc.assert(
      fc.property(arb, (x) => {
        const prio = x.low ? "low" : "high";
        // a fourth constraint of the other priority must not count
        const inst = threeConstraintDay(x, prio, [[0, 1, x.low ? "high" : "low"]]);
        const part = x.low ? "lprc" : "hprc";
        let best = Infinity;
        for (const p of permutations(x.n)) best = Math.min(best, evaluateSequence(inst, p)[part]);
        for (let v = 0; v <= best + 1; v++) {
          const q = encodeRatioPart(inst, prio, v);
          const a = solver.solve(q.cnf);
          expect(a.status).toBe(best <= v ? "sat" : "unsat");
          if (a.status === "sat") {
            const order = q.decode(a.model);
            expect([...order].sort((i, j) => i - j)).toEqual(inst.day.map((_, i) => i));
            expect(evaluateSequence(inst, order)[part]).toBeLessThanOrEqual(v);
          }
        }
      }),
      { numRuns: 120, seed: 7 },
    );
  });

  it("writes DIMACS with a header that matches the clauses", () => {
    const inst = instanceOf({ ratios: [[1, 2, "high"]], day: [unit(1, [1]), unit(1, [0]), unit(1, [1])] });
    const q = encodeRatioPart(inst, "high", 0);
    const text = toDimacs(q.cnf);
    const lines = text.trim().split("\n");
    expect(lines[0]).toBe(`p cnf ${q.cnf.variables} ${q.cnf.clauses}`);
    expect(lines.length - 1).toBe(q.cnf.clauses);
    expect(lines.slice(1).every((l) => l.endsWith(" 0") || l === "0")).toBe(true);
    expect(() => encodeRatioPart(inst, "high", -1)).toThrow(/maxViolations/);
  });
});

describe("optimizer with a SAT solver", () => {
  it("proves the first part optimal above its bound and stops there", () => {
    // the optimizer is told a bound of 0, below the minimum: the SAT questions must prove it
    const day = [1, 1, 1, 1, 0, 0].map((f, i) => unit(1 + (i % 2), [f, i % 3 === 0 ? 1 : 0]));
    const inst = instanceOf({ ratios: [[1, 2, "high"], [1, 3, "high"]], tail: [unit(1, [1, 1])], day, order: ["hprc"] });
    let best = Infinity;
    for (const p of permutations(6)) best = Math.min(best, evaluateSequence(inst, p).hprc);
    expect(best).toBeGreaterThan(0);
    const solver = new TinyDpll();
    const r = optimizeSequence(inst, { sat: solver, seconds: 15, seed: 3, bounds: { hprc: 0, lprc: 0, pcc: 0, objective: 0 } });
    expect(solver.calls).toBe(best); // "unsatisfiable" at 0 … best − 1, then nothing left to ask
    expect(r.elapsedMs).toBeLessThan(10_000); // stopped by the proof, not by the time limit
    expect(r.value.hprc).toBe(best);
    expect(r.provenOptimal).toBe("hprc");
    expect(evaluateSequence(inst, r.order).hprc).toBe(best);
    // no SAT phase where the paint batch limit binds
    const painted = instanceOf({ ratios: [[1, 2, "high"]], day, limit: 3 });
    const solver2 = new TinyDpll();
    optimizeSequence(painted, { sat: solver2, maxMoves: 5_000, seconds: 20 });
    expect(solver2.calls).toBe(0);
  });
});
