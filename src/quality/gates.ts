import { ConflictError, type NewEvent } from "../kernel/index.js";
import { isOpen, type Defect } from "./defects.js";
import type { Measurement } from "./plans.js";

/**
 * A quality gate: the point on the line a unit passes only when clean. A unit with an open
 * defect (found, or repaired but not re-inspected) never passes; `requires` names the
 * characteristics that must have an in-spec measurement first.
 */
export interface QualityGate {
  readonly id: string;
  readonly station: string;
  readonly requires: readonly string[];
}

export interface GateDecision {
  readonly gate: string;
  readonly unit: string;
  readonly pass: boolean;
  readonly reasons: readonly string[];
  readonly blocking: readonly Defect[];
}

/**
 * Decides whether `unit` passes `gate` given all its defects and measurements so far.
 * @example gateDecision(gate, "unit_1", defects, measurements).pass
 */
export function gateDecision(gate: QualityGate, unit: string, defects: readonly Defect[], measurements: readonly Measurement[] = []): GateDecision {
  const blocking = defects.filter((d) => d.unit === unit && isOpen(d));
  const reasons = blocking.map((d) => `open defect ${d.code} (${d.severity}) at ${d.location}, ${d.state}`);
  for (const c of gate.requires) {
    // The latest measurement of a characteristic is the one that counts (a re-measure after rework).
    const ms = measurements.filter((m) => m.unit === unit && m.characteristic === c);
    const last = ms[ms.length - 1];
    if (!last) reasons.push(`no measurement of ${c}`);
    else if (!last.withinSpec) reasons.push(`${c} = ${last.value} out of specification`);
  }
  return { gate: gate.id, unit, pass: reasons.length === 0, reasons, blocking };
}

/** Enforces a decision: throws a ConflictError naming the reasons unless the unit may pass. */
export function assertGatePass(d: GateDecision): void {
  if (!d.pass) throw new ConflictError(`unit ${d.unit} cannot pass gate ${d.gate}: ${d.reasons.join("; ")}`, { reasons: d.reasons });
}

/** The event a gate emits: `unit.passed_gate` or `unit.held_at_gate`. */
export function gateEvent(d: GateDecision, source = "/quality/gates"): NewEvent<{ gate: string; unit: string; reasons: readonly string[]; defects: string[] }> {
  return {
    type: d.pass ? "unit.passed_gate" : "unit.held_at_gate",
    source,
    subject: d.unit,
    stream: d.unit,
    data: { gate: d.gate, unit: d.unit, reasons: d.reasons, defects: d.blocking.map((x) => x.id) },
  };
}
