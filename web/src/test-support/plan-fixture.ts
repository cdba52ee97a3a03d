import type { Plan, SequencedUnit } from "../api";

const COLOURS = ["white", "white", "red", "red", "red", "blue", "blue", "black", "black", "silver"];

/** A proposed plan of 10 units (two frozen) with one ratio rule at T04 (1/5), violated over positions 1–6. */
export function demoPlan(overrides: Partial<Plan> = {}): Plan {
  const sequence: SequencedUnit[] = COLOURS.map((colour, i) => ({
    orderId: `ord_${i + 1}`,
    unitId: `unit_${i + 1}`,
    colour,
    heavyAt: i < 3 ? ["T04"] : [],
    position: i + 1,
    plannedStart: new Date(Date.UTC(2026, 2, 2, 6, 0, i * 90)).toISOString(),
    frozen: i < 2,
  }));
  return {
    id: "plan_1",
    lineId: "line_a1",
    status: "proposed",
    createdAt: "2026-03-02T05:59:00.000Z",
    releasedAt: null,
    startsAt: "2026-03-02T06:00:00.000Z",
    takt: 90,
    paintBatchLimit: 10,
    frozenCount: 2,
    objectives: ["hprc", "pcc", "lprc"],
    rules: [{ ident: "T04", station: "T04", max: 1, window: 5, priority: "low", extraSeconds: 70, basis: "70 s option work vs 18 s slack" }],
    units: sequence.map(({ orderId, colour, heavyAt }) => ({ orderId, colour, heavyAt })),
    tail: [],
    order: sequence.map((_, i) => i),
    sequence,
    value: { objective: 4002, hprc: 0, lprc: 2, pcc: 4 },
    start: { objective: 6005, hprc: 0, lprc: 5, pcc: 6 },
    bounds: { objective: 4000, hprc: 0, lprc: 0, pcc: 4 },
    violations: [
      { station: "T04", priority: "low", from: 1, to: 5, excess: 2 },
      { station: "T04", priority: "low", from: 2, to: 6, excess: 1 },
    ],
    progress: [
      { elapsedMs: 0, objective: 6005, hprc: 0, lprc: 5, pcc: 6 },
      { elapsedMs: 300, objective: 4003, hprc: 0, lprc: 3, pcc: 4 },
      { elapsedMs: 2000, objective: 4002, hprc: 0, lprc: 2, pcc: 4 },
    ],
    secondsBudget: 2,
    pulledOut: [],
    ...overrides,
  };
}
