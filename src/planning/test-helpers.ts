/** Small builders shared by the planning tests (not used by production code). */
import fc from "fast-check";
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

/** The fields of a random small day of three ratio constraints (any N/P up to 4): unit kinds as flag bits, a tail, the end rule. */
export function threeConstraintFields(minN: number, maxN: number) {
  const ratio = fc.tuple(fc.integer({ min: 0, max: 2 }), fc.integer({ min: 1, max: 4 }));
  return {
    n: fc.integer({ min: minN, max: maxN }),
    ratios: fc.tuple(ratio, ratio, ratio),
    kinds: fc.array(fc.integer({ min: 0, max: 7 }), { minLength: 12, maxLength: 12 }),
    tail: fc.integer({ min: 0, max: 4 }),
    endFull: fc.boolean(),
  };
}

/** The instance of {@link threeConstraintFields}' values: the three constraints at `priority`, plus `extra` constraints whose flag every unit has. */
export function threeConstraintDay(
  x: { n: number; ratios: readonly (readonly [number, number])[]; kinds: readonly number[]; tail: number; endFull: boolean },
  priority: "high" | "low" = "high",
  extra: readonly (readonly [number, number, "high" | "low"])[] = [],
): SequencingInstance {
  const mk = (i: number) => unit(1, [x.kinds[i]! & 1, (x.kinds[i]! >> 1) & 1, x.kinds[i]! >> 2, ...extra.map(() => 1)]);
  return instanceOf({
    ratios: [...x.ratios.map(([m, w]) => [Math.min(m, w), w, priority] as const), ...extra],
    tail: Array.from({ length: x.tail }, (_, i) => mk(7 + (i % 5))),
    day: Array.from({ length: x.n }, (_, i) => mk(i)),
    endWindows: x.endFull ? "full" : "truncated",
  });
}
