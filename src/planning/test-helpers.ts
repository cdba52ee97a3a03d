/** Small builders shared by the planning tests (not used by production code). */
import { roadefWeights, type CarUnit, type ObjectivePart, type RatioConstraint, type SequencingInstance } from "./model.js";

/** A unit with the given colour and option flags (1/0). */
export function unit(colour: number, flags: readonly number[], ident = "u"): CarUnit {
  return { ident, colour, options: flags.map((f) => f === 1), seqRank: 0, date: "" };
}

/** An instance from compact parts. */
export function instanceOf(p: {
  ratios: readonly (readonly [number, number, "high" | "low"])[];
  tail?: readonly CarUnit[];
  day: readonly CarUnit[];
  limit?: number | null;
  order?: readonly ObjectivePart[];
  endWindows?: "truncated" | "full";
}): SequencingInstance {
  const constraints: RatioConstraint[] = p.ratios.map(([max, window, priority], k) => ({ ident: `R${k}`, max, window, priority }));
  const order = p.order ?? ["hprc", "pcc", "lprc"];
  return {
    name: "test",
    constraints,
    paintBatchLimit: p.limit === undefined ? null : p.limit,
    previousDay: p.tail ?? [],
    day: p.day,
    objectives: order,
    weights: roadefWeights(order),
    endWindows: p.endWindows ?? "truncated",
  };
}

/** Every order of 0..n−1 (exhaustive search in the tests). */
export function permutations(n: number): number[][] {
  if (n === 0) return [[]];
  const out: number[][] = [];
  for (const p of permutations(n - 1)) for (let i = 0; i <= p.length; i++) out.push([...p.slice(0, i), n - 1, ...p.slice(i)]);
  return out;
}
