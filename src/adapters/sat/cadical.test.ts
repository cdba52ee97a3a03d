import { describe, expect, it } from "vitest";
import { evaluateSequence } from "../../planning/evaluate.js";
import { encodeRatioPart } from "../../planning/sat-encoding.js";
import { instanceOf, unit } from "../../planning/test-helpers.js";
import { CadicalSolver, findCadical } from "./cadical.js";

// Debian's cadical (apt-get install cadical): skipped locally without it; in CI (CI set) it runs
// and fails, since .ci/run installs it.
const binary = findCadical();
const skip = !binary && !process.env["CI"];

describe.skipIf(skip)("CaDiCaL adapter", () => {
  const solver = new CadicalSolver(binary ?? "/usr/bin/cadical");

  it("answers satisfiable with a model that satisfies every clause, and unsatisfiable", () => {
    // (a ∨ b) ∧ (¬a ∨ b) ∧ (a ∨ ¬c)
    const sat = solver.solve({ variables: 3, clauses: 3, literals: Int32Array.from([1, 2, 0, -1, 2, 0, 1, -3, 0]) }, { seconds: 5 });
    expect(sat.status).toBe("sat");
    if (sat.status !== "sat") return;
    expect(sat.model[2]).toBe(1);
    expect(sat.model[1] === 1 || sat.model[3] === 0).toBe(true);
    const unsat = solver.solve({ variables: 1, clauses: 2, literals: Int32Array.from([1, 0, -1, 0]) }, { seconds: 5 });
    expect(unsat.status).toBe("unsat");
  });

  it("decides a sequencing question: the least violations of a small day, proven by unsat one below", () => {
    // 1/2 with three option units in five and a tail ending in one: at least one violation
    const inst = instanceOf({ ratios: [[1, 2, "high"], [2, 3, "high"]], tail: [unit(1, [1, 1])], day: ["11", "10", "10", "01", "00"].map((f) => unit(1, [...f].map(Number))) });
    const at0 = solver.solve(encodeRatioPart(inst, "high", 0).cnf, { seconds: 5 });
    expect(at0.status).toBe("unsat");
    const q = encodeRatioPart(inst, "high", 1);
    const at1 = solver.solve(q.cnf, { seconds: 5 });
    expect(at1.status).toBe("sat");
    if (at1.status === "sat") expect(evaluateSequence(inst, q.decode(at1.model)).hprc).toBe(1);
  });

  it("decides beside the caller: poll returns nothing until the answer, cancel stops the run", () => {
    const inst = instanceOf({ ratios: [[1, 2, "high"], [2, 3, "high"]], tail: [unit(1, [1, 1])], day: ["11", "10", "10", "01", "00"].map((f) => unit(1, [...f].map(Number))) });
    const q = encodeRatioPart(inst, "high", 1);
    const run = solver.start(q.cnf, { seconds: 5, expect: "sat" });
    const pause = new Int32Array(new SharedArrayBuffer(4));
    let a = run.poll();
    for (let i = 0; i < 500 && !a; i++) {
      Atomics.wait(pause, 0, 0, 10); // a synchronous caller: no event loop turns meanwhile
      a = run.poll();
    }
    expect(a?.status).toBe("sat");
    if (a?.status === "sat") expect(evaluateSequence(inst, q.decode(a.model)).hprc).toBe(1);
    expect(run.poll()).toBe(a);
    run.cancel();
    // a run cancelled before its answer gives none
    const slow = solver.start(encodeRatioPart(inst, "high", 0).cnf, { seconds: 5 });
    slow.cancel();
    expect(slow.poll()).toEqual({ status: "unknown", reason: "cancelled" });
    const missing = new CadicalSolver("/nonexistent/cadical").start(q.cnf, { seconds: 1 });
    let m = missing.poll();
    for (let i = 0; i < 500 && !m; i++) {
      Atomics.wait(pause, 0, 0, 10);
      m = missing.poll();
    }
    expect(m?.status).toBe("unknown");
  });

  it("says unknown, with the reason, when the binary cannot run", () => {
    const r = new CadicalSolver("/nonexistent/cadical").solve({ variables: 1, clauses: 1, literals: Int32Array.from([1, 0]) }, { seconds: 1 });
    expect(r.status).toBe("unknown");
    if (r.status === "unknown") expect(r.reason).toMatch(/cadical/);
  });
});
