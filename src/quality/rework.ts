import { ConflictError, type NewEvent } from "../kernel/index.js";
import { isOpen, type Defect } from "./defects.js";

/**
 * Where a unit is in rework: on the line; pulled off into rework; repaired and re-inspected,
 * waiting for planning to re-sequence it back in; then back on the line.
 */
export type ReworkState = "on_line" | "in_rework" | "awaiting_resequence";

export interface UnitRework {
  readonly unit: string;
  readonly state: ReworkState;
  /** How many times the unit has been through rework. */
  readonly loops: number;
  readonly leftAtStation?: string;
}

export const onLine = (unit: string): UnitRework => ({ unit, state: "on_line", loops: 0 });

/** Pulls a unit held by open defects off the line into rework. */
export function sendToRework(r: UnitRework, station: string, defects: readonly Defect[]): { rework: UnitRework; event: NewEvent } {
  if (r.state !== "on_line") throw new ConflictError(`unit ${r.unit} is ${r.state}, not on the line`);
  const open = defects.filter((d) => d.unit === r.unit && isOpen(d));
  if (open.length === 0) throw new ConflictError(`unit ${r.unit} has no open defect to rework`);
  return {
    rework: { ...r, state: "in_rework", loops: r.loops + 1, leftAtStation: station },
    event: { type: "unit.sent_to_rework", source: "/quality/rework", subject: r.unit, stream: r.unit, data: { unit: r.unit, station, defects: open.map((d) => d.id) } },
  };
}

/**
 * Rework is finished when every defect of the unit is repaired and passed re-inspection; the unit
 * then waits for re-sequencing (planning's `unit.rework_done` consumer puts it back in the sequence).
 */
export function finishRework(r: UnitRework, defects: readonly Defect[]): { rework: UnitRework; event: NewEvent } {
  if (r.state !== "in_rework") throw new ConflictError(`unit ${r.unit} is ${r.state}, not in rework`);
  const open = defects.filter((d) => d.unit === r.unit && isOpen(d));
  if (open.length > 0) throw new ConflictError(`unit ${r.unit} still has ${open.length} defect(s) not re-inspected: ${open.map((d) => `${d.code} ${d.state}`).join(", ")}`);
  return {
    rework: { ...r, state: "awaiting_resequence" },
    event: { type: "unit.rework_done", source: "/quality/rework", subject: r.unit, stream: r.unit, data: { unit: r.unit, returnTo: r.leftAtStation } },
  };
}

/** The unit re-entered the line at its re-sequenced slot. */
export function returnToLine(r: UnitRework): UnitRework {
  if (r.state !== "awaiting_resequence") throw new ConflictError(`unit ${r.unit} is ${r.state}, not awaiting re-sequencing`);
  return { unit: r.unit, state: "on_line", loops: r.loops };
}
