import type { StationSignal, StationState } from "./model.js";

/** An andon pulled at a station and not yet cleared. */
export interface OpenAndon {
  readonly id: string;
  readonly reason: string;
  readonly since: number;
  readonly unit: string | null;
}

/** A fault the station is in. */
export interface OpenFault {
  readonly id: string;
  readonly code: string;
  readonly text: string | null;
  readonly since: number;
}

/** What is known about one station at one moment. */
export interface StationStatus {
  readonly code: string;
  readonly state: StationState;
  /** Since when the station is in `state`, epoch ms (0 = never reported). */
  readonly since: number;
  /** The unit in the station, if any. */
  readonly unit: string | null;
  /** The unit that left last; late operation and part reports for it are still accepted. */
  readonly lastUnit: string | null;
  /**
   * Units taken out of the station because they entered another one before their "left" was
   * reported (most recent last, at most LATE_LEAVES_KEPT): their "left" may still come, late,
   * e.g. over another path (OPC UA vs MQTT). Absent in states stored before it existed.
   */
  readonly unreportedLeaves?: readonly string[];
  readonly andon: OpenAndon | null;
  readonly fault: OpenFault | null;
}

/** OPC 40001-1 (OPC UA for Machinery) MachineryItemState of a Takt station state. */
export type MachineryItemState = "NotAvailable" | "OutOfService" | "NotExecuting" | "Executing";

/**
 * Maps a station state to the MachineryItemState of OPC 40001-1 §11: executing is Executing,
 * faulted is OutOfService, idle/blocked/starved are NotExecuting (the companion spec does not
 * distinguish why a machine is not executing; Takt does because the line balance depends on it).
 */
export function machineryItemState(s: StationState): MachineryItemState {
  if (s === "executing") return "Executing";
  if (s === "faulted") return "OutOfService";
  return "NotExecuting";
}

/** A station before anything was reported: idle, empty. */
export function initialStation(code: string): StationStatus {
  return { code, state: "idle", since: 0, unit: null, lastUnit: null, andon: null, fault: null };
}

/**
 * Takes the unit in the station out of it because the unit entered another station at `at`
 * without a "left" here (lost, or coming late by another path): the station is empty (idle,
 * unless faulted) and remembers the unit, so a late "left" of it is accepted, not refused.
 */
export function takenOut(s: StationStatus, at: number): StationStatus {
  if (s.unit === null) return s;
  const waiting = [...(s.unreportedLeaves ?? []).filter((u) => u !== s.unit), s.unit].slice(-LATE_LEAVES_KEPT);
  const state = s.state === "faulted" ? "faulted" : "idle";
  return { ...s, unit: null, lastUnit: s.unit, state, since: state === s.state ? s.since : at, unreportedLeaves: waiting };
}

/** How many units a station remembers as taken out without their "left" (see StationStatus.unreportedLeaves). */
export const LATE_LEAVES_KEPT = 4;

/**
 * The result of applying one signal: the new status, or why the signal does not fit. `late` marks
 * a "left" that came after the unit had already entered another station: accepted, the station's
 * current unit and state untouched.
 */
export type StationStep = { readonly ok: true; readonly station: StationStatus; readonly late?: true } | { readonly ok: false; readonly reason: string };

const reject = (reason: string): StationStep => ({ ok: false, reason });
const to = (s: StationStatus, patch: Partial<StationStatus>, at: number): StationStep => {
  const state = patch.state ?? s.state;
  return { ok: true, station: { ...s, ...patch, since: state === s.state ? s.since : at } };
};

/**
 * Applies one station signal to a station's status: the station state machine.
 *
 * - unit entered → executing (a faulted station stays faulted); refused when another unit occupies it;
 * - unit left → idle; refused unless the unit is the one in the station, or one taken out of it
 *   without its "left" (see takenOut): that late "left" is accepted and changes nothing but the list;
 * - operation done / part installed → no state change; refused unless about the unit in (or just out of) the station;
 * - fault raised → faulted; fault cleared → executing with a unit, idle without;
 * - blocked / starved / idle reported → that state, except while faulted; starved only when empty;
 * - andon raised / cleared → the andon flag, orthogonal to the state.
 *
 * @example applyToStation(initialStation("T01"), { kind: "unit_entered", unit: "unit_1", … }) // executing
 */
export function applyToStation(s: StationStatus, e: StationSignal): StationStep {
  switch (e.kind) {
    case "unit_entered":
      if (s.unit !== null && s.unit !== e.unit) return reject(`station ${s.code} is occupied by ${s.unit}`);
      if (s.unit === e.unit) return reject(`unit ${e.unit} is already at station ${s.code}`);
      return to(s, { unit: e.unit, state: s.state === "faulted" ? "faulted" : "executing" }, e.at);
    case "unit_left":
      if (s.unit !== e.unit) {
        const waiting = s.unreportedLeaves ?? [];
        if (!waiting.includes(e.unit)) return reject(`unit ${e.unit} is not at station ${s.code}`);
        return { ok: true, station: { ...s, unreportedLeaves: waiting.filter((u) => u !== e.unit) }, late: true };
      }
      return to(s, { unit: null, lastUnit: e.unit, state: s.state === "faulted" ? "faulted" : "idle" }, e.at);
    case "operation_done":
    case "part_installed":
      if (s.unit !== e.unit && s.lastUnit !== e.unit && !s.unreportedLeaves?.includes(e.unit)) return reject(`unit ${e.unit} is not at station ${s.code}`);
      return { ok: true, station: s };
    case "fault_raised":
      if (s.fault) return reject(`station ${s.code} is already faulted (${s.fault.code})`);
      return to(s, { state: "faulted", fault: { id: e.id, code: e.code, text: e.text ?? null, since: e.at } }, e.at);
    case "fault_cleared":
      if (!s.fault) return reject(`station ${s.code} has no fault to clear`);
      return to(s, { state: s.unit ? "executing" : "idle", fault: null }, e.at);
    case "state_reported":
      if (s.state === "faulted") return reject(`station ${s.code} is faulted; clear the fault first`);
      if (e.state === "starved" && s.unit !== null) return reject(`station ${s.code} holds ${s.unit} and cannot be starved`);
      return to(s, { state: e.state === "idle" && s.unit ? "executing" : e.state }, e.at);
    case "andon_raised":
      if (s.andon) return reject(`andon already raised at station ${s.code}`);
      return to(s, { andon: { id: e.id, reason: e.reason, since: e.at, unit: e.unit ?? s.unit } }, e.at);
    case "andon_cleared":
      if (!s.andon) return reject(`no andon raised at station ${s.code}`);
      return to(s, { andon: null }, e.at);
  }
}
