/**
 * What a station reports, in the plant's words. These are the inputs of unit tracking,
 * genealogy and the KPIs; the device edge (MQTT JSON topics, Sparkplug B) turns device
 * messages into them, and the event log stores them as `<entity>.<past_tense>` events.
 */

/**
 * Station state after the OPC UA Machinery state machine (OPC 40001-1, MachineryItemState),
 * refined the way a paced assembly line needs it: NotExecuting splits into idle, blocked
 * (the next station or buffer is full) and starved (no unit arrives); OutOfService is faulted.
 * Andon is orthogonal: an andon can be raised in any state (see `StationStatus.andon`).
 */
export type StationState = "idle" | "executing" | "blocked" | "starved" | "faulted";

export const STATION_STATES: readonly StationState[] = ["idle", "executing", "blocked", "starved", "faulted"];

/** One measured value of an operation, e.g. a torque with its limits. */
export interface Measurement {
  readonly name: string;
  readonly value: number;
  /** Unit of measure, e.g. `N·m`, `deg`, `bar`. */
  readonly uom?: string;
  readonly min?: number;
  readonly max?: number;
}

interface Base {
  /** Unique id of the message or event; everything downstream is idempotent by it. */
  readonly id: string;
  /** Line code, e.g. `A1`. */
  readonly line: string;
  /** Station code, e.g. `C04`. */
  readonly station: string;
  /** When it happened at the station, epoch milliseconds. */
  readonly at: number;
}

/** A unit arrived at a station and its work can start. */
export interface UnitEntered extends Base {
  readonly kind: "unit_entered";
  readonly unit: string;
}
/** A unit left a station (work done or passed on). */
export interface UnitLeft extends Base {
  readonly kind: "unit_left";
  readonly unit: string;
}
/** An operation finished on a unit, with its measured values and verdict. */
export interface OperationDone extends Base {
  readonly kind: "operation_done";
  readonly unit: string;
  readonly operation: string;
  /** The station's verdict; a measurement outside its limits makes it false as well. */
  readonly ok: boolean;
  readonly values: readonly Measurement[];
}
/** A part was installed in a unit: its part number, serial and lot go into the genealogy. */
export interface PartInstalled extends Base {
  readonly kind: "part_installed";
  readonly unit: string;
  readonly partNumber: string;
  readonly serial: string;
  readonly lot: string;
}
/** Someone pulled the andon cord at the station. */
export interface AndonRaised extends Base {
  readonly kind: "andon_raised";
  readonly reason: string;
  readonly unit?: string;
}
export interface AndonCleared extends Base {
  readonly kind: "andon_cleared";
}
/** The station stopped with a fault (OPC 40001-1: OutOfService). */
export interface FaultRaised extends Base {
  readonly kind: "fault_raised";
  readonly code: string;
  readonly text?: string;
}
export interface FaultCleared extends Base {
  readonly kind: "fault_cleared";
}
/** The station reports blocked or starved (or back to idle) itself. */
export interface StateReported extends Base {
  readonly kind: "state_reported";
  readonly state: "idle" | "blocked" | "starved";
}

export type StationSignal = UnitEntered | UnitLeft | OperationDone | PartInstalled | AndonRaised | AndonCleared | FaultRaised | FaultCleared | StateReported;
export type StationSignalKind = StationSignal["kind"];

/** The event-log type of each signal (`<entity>.<past_tense>`). */
export const EVENT_TYPES: Readonly<Record<StationSignalKind, string>> = {
  unit_entered: "unit.entered_station",
  unit_left: "unit.left_station",
  operation_done: "operation.completed",
  part_installed: "part.installed",
  andon_raised: "andon.raised",
  andon_cleared: "andon.cleared",
  fault_raised: "station.faulted",
  fault_cleared: "station.fault_cleared",
  state_reported: "station.state_reported",
};

/** The signal kind of an event-log type, or undefined when the type is not an execution event. */
export function signalKindOf(eventType: string): StationSignalKind | undefined {
  for (const [k, t] of Object.entries(EVENT_TYPES)) if (t === eventType) return k as StationSignalKind;
  return undefined;
}

/** True when a measurement lies within its limits (absent limits do not constrain). */
export function withinLimits(m: Measurement): boolean {
  return (m.min === undefined || m.value >= m.min) && (m.max === undefined || m.value <= m.max);
}

/** True when an operation counts as good: the station said ok and every value is within limits. */
export function operationOk(op: Pick<OperationDone, "ok" | "values">): boolean {
  return op.ok && op.values.every(withinLimits);
}
