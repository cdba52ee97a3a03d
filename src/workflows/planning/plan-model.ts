import type { DerivedRule, ObjectivePart, ObjectiveValue } from "../../planning/index.js";

/** One unit of a plan: an order at a position, with what the rules see of it. */
export interface PlanUnit {
  readonly orderId: string;
  readonly colour: string;
  /** Station codes where this unit brings option work (the rules it counts in). */
  readonly heavyAt: readonly string[];
}

export interface PlanPosition extends PlanUnit {
  /** The unit that builds this order on the line (its id in station events and genealogy). */
  readonly unitId: string;
  readonly position: number;
  readonly plannedStart: string;
  readonly frozen: boolean;
}

/** A window where a ratio rule is exceeded, for the planner's picture. */
export interface PlanViolation {
  readonly station: string;
  readonly priority: "high" | "low";
  /** First position of the offending window (1-based, in the day). */
  readonly from: number;
  readonly to: number;
  readonly excess: number;
}

export interface ProgressSample {
  readonly elapsedMs: number;
  readonly objective: number;
  readonly hprc: number;
  readonly lprc: number;
  readonly pcc: number;
}

export type PlanStatus = "optimizing" | "proposed" | "released" | "superseded";

/** The daily plan of one line: a sequence of orders, its rules, its quality and its frozen horizon. */
export interface Plan {
  readonly id: string;
  readonly lineId: string;
  readonly status: PlanStatus;
  readonly createdAt: string;
  readonly releasedAt: string | null;
  readonly startsAt: string;
  readonly takt: number;
  readonly paintBatchLimit: number;
  /** Positions [1, frozenCount] are committed to the line: they never move. */
  readonly frozenCount: number;
  readonly objectives: readonly ObjectivePart[];
  readonly rules: readonly DerivedRule[];
  /** Units of the day in their original (unsequenced) order; `order` indexes into it. */
  readonly units: readonly PlanUnit[];
  /** The previous plans' frozen tail (it counts in windows crossing into this plan). */
  readonly tail: readonly PlanUnit[];
  readonly order: readonly number[];
  readonly sequence: readonly PlanPosition[];
  readonly value: ObjectiveValue | null;
  readonly start: ObjectiveValue | null;
  readonly bounds: ObjectiveValue | null;
  readonly violations: readonly PlanViolation[];
  readonly progress: readonly ProgressSample[];
  readonly secondsBudget: number;
  readonly pulledOut: readonly string[];
}

/** The unit id that builds an order: same body, unit prefix (`ord_x` → `unit_x`). */
export function unitIdOf(orderId: string): string {
  return `unit_${orderId.replace(/^ord_/, "")}`;
}

/** Links a unit to the order it builds (document collection `unit_orders`, keyed by unit id). */
export const UNIT_ORDERS = "unit_orders";
export interface UnitOrderLink {
  readonly unitId: string;
  readonly orderId: string;
  readonly planId: string;
}
