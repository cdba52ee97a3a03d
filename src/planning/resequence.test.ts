import { describe, expect, it } from "vitest";
import { evaluateSequence } from "./evaluate.js";
import { generateInstance } from "./generate.js";
import { optimizeSequence } from "./optimizer.js";
import { pullOut, putBack } from "./resequence.js";

describe("re-sequencing a 640-unit day", () => {
  const inst = generateInstance({ units: 640, seed: 17, tail: 30, colours: 8, paintBatchLimit: 10 });
  const plan = optimizeSequence(inst, { maxMoves: 200_000, seconds: 5, seed: 1 }).order;
  const frozen = 60;

  it("pulls a unit out for rework: frozen positions kept, the rest re-optimized, within 1 s", () => {
    const unit = plan[300]!;
    const t0 = performance.now();
    const r = pullOut(inst, plan, unit, { frozen, seconds: 0.3 });
    const ms = performance.now() - t0;
    expect(ms).toBeLessThan(1000);
    expect(r.order).toHaveLength(639);
    expect(r.order).not.toContain(unit);
    expect(r.order.slice(0, frozen)).toEqual(plan.slice(0, frozen));
    expect(evaluateSequence(inst, r.order, { partial: true }).objective).toBe(r.value.objective);
  });

  it("pulls a unit from inside the frozen horizon: the horizon closes up and keeps its order", () => {
    const unit = plan[10]!;
    const r = pullOut(inst, plan, unit, { frozen, maxMoves: 20_000 });
    expect(r.order.slice(0, frozen - 1)).toEqual(plan.slice(0, frozen).filter((u) => u !== unit));
  });

  it("puts a unit back after the frozen horizon, within 1 s, never worse than appending it", () => {
    const unit = plan[400]!;
    const without = plan.filter((u) => u !== unit);
    const t0 = performance.now();
    const r = putBack(inst, without, unit, { frozen, seconds: 0.3 });
    const ms = performance.now() - t0;
    expect(ms).toBeLessThan(1000);
    expect([...r.order].sort((a, b) => a - b)).toEqual(inst.day.map((_, i) => i));
    expect(r.order.slice(0, frozen)).toEqual(without.slice(0, frozen));
    const e = evaluateSequence(inst, r.order);
    const appended = evaluateSequence(inst, [...without, unit], { allowBatchBreach: true });
    expect(e.objective).toBeLessThanOrEqual(appended.objective);
  });
});
