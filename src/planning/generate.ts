/**
 * Deterministic generator of synthetic sequencing instances (for tests, benchmarks of
 * re-sequencing and demos): random option demands kept below each constraint's capacity so that
 * the instance is plausible, colours drawn from a small palette.
 */
import { roadefWeights, type CarUnit, type ObjectivePart, type RatioConstraint, type SequencingInstance } from "./model.js";
import { Rng } from "./rng.js";

/** Shape of a generated instance. */
export interface GenerateOptions {
  readonly units: number;
  readonly seed?: number;
  /** Ratio constraints as [N, P, high?]; default a typical mix of five. */
  readonly ratios?: readonly (readonly [number, number, boolean])[];
  readonly colours?: number;
  readonly paintBatchLimit?: number | null;
  readonly tail?: number;
  /** Share of a constraint's capacity N/P used by its demand (default 0.8). */
  readonly load?: number;
  readonly objectives?: readonly ObjectivePart[];
}

/**
 * A random instance; same options, same instance.
 * @example generateInstance({ units: 640, seed: 7 })
 */
export function generateInstance(o: GenerateOptions): SequencingInstance {
  const rng = new Rng(o.seed ?? 1);
  const ratios = o.ratios ?? [
    [1, 2, true],
    [2, 3, true],
    [1, 5, true],
    [1, 3, false],
    [3, 5, false],
  ];
  const constraints: RatioConstraint[] = ratios.map(([max, window, high], k) => ({ ident: `${high ? "H" : "L"}${k + 1}`, max, window, priority: high ? "high" : "low" }));
  const colours = o.colours ?? 6;
  const load = o.load ?? 0.8;
  const mk = (i: number, date: string, rank: number): CarUnit => ({
    ident: `u${date}-${i}`,
    colour: 1 + (rng.int(colours * colours) % (1 + rng.int(colours))),
    options: constraints.map((c) => rng.int(1_000_000) < (load * c.max * 1_000_000) / c.window),
    seqRank: rank,
    date,
  });
  const tailLen = o.tail ?? 0;
  const previousDay = Array.from({ length: tailLen }, (_, i) => mk(i, "D-1", i + 1));
  const day = Array.from({ length: o.units }, (_, i) => mk(i, "D", i + 1));
  const objectives = o.objectives ?? (["hprc", "pcc", "lprc"] as const);
  return {
    name: `generated-${o.units}-${o.seed ?? 1}`,
    constraints,
    paintBatchLimit: o.paintBatchLimit === undefined ? 10 : o.paintBatchLimit,
    previousDay,
    day,
    objectives,
    weights: roadefWeights(objectives),
    endWindows: "truncated",
  };
}
