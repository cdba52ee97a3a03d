import type { StationSignal } from "./model.js";
import { applyToStation, initialStation, takenOut, type StationStatus } from "./station-state.js";

/** Where a unit is on the line. */
export interface UnitPosition {
  readonly unit: string;
  /** Station code the unit is in, or null between stations (left one, not yet entered the next). */
  readonly station: string | null;
  /** The station it was in last (equals `station` while inside). */
  readonly lastStation: string;
  readonly since: number;
  /** Stations visited, in order; a station appearing twice means rework or a loop back. */
  readonly visited: readonly string[];
  /** True when the unit entered the first station out of the released sequence order. */
  readonly outOfSequence: boolean;
}

/** The tracking state of one line: its stations and the units on it (work in progress). */
export interface LineTracking {
  readonly line: string;
  /** Station codes in line order. */
  readonly order: readonly string[];
  readonly stations: Readonly<Record<string, StationStatus>>;
  /** Units on the line; a unit that leaves the last station is complete and leaves this map. */
  readonly units: Readonly<Record<string, UnitPosition>>;
  /** The released sequence (unit ids in build order), when known. */
  readonly sequence: readonly string[];
  /** Index in `sequence` of the next unit expected at the first station. */
  readonly nextInSequence: number;
  /** Units completed so far (left the last station). */
  readonly completed: number;
  /**
   * "Left" signals accepted late so far: the unit had already entered the next station (its
   * "left" came by a slower path). Absent in states stored before it existed.
   */
  readonly lateLeaves?: number;
}

/**
 * An empty line: every station idle.
 * @param order station codes in line order (from the plant model, e.g. demo line A1's 40 stations)
 * @param sequence the released sequence of unit ids, when known
 */
export function emptyLine(line: string, order: readonly string[], sequence: readonly string[] = []): LineTracking {
  const stations: Record<string, StationStatus> = {};
  for (const c of order) stations[c] = initialStation(c);
  return { line, order: [...order], stations, units: {}, sequence: [...sequence], nextInSequence: 0, completed: 0 };
}

/** The result of tracking one signal: the new line state, notes worth logging, or why it was refused. */
export type TrackingStep =
  | {
      readonly ok: true;
      readonly line: LineTracking;
      readonly notes: readonly string[];
      readonly completedUnit: string | null;
      /** A late "left" (out of order): recorded, but the unit and the station stay where they are. */
      readonly late: boolean;
    }
  | { readonly ok: false; readonly reason: string };

/**
 * Applies one station signal to a line: moves units along the line and runs the station
 * state machine (see applyToStation). Validates and applies in one step; a refused signal
 * leaves the state as it was, so the caller can dead-letter it.
 *
 * A unit that enters a station while still recorded at another one is taken out of the
 * other one (its "left" was lost at the edge, or is coming late by another path); a note says
 * so. If that "left" comes after all, it is accepted as late: it does not move the unit back
 * nor touch the station's current unit or state, only its time is recorded (genealogy, cycle
 * times), and it is noted and counted (`lateLeaves`). A "left" for a unit never seen at the
 * station is refused. A unit that leaves the last station is complete.
 *
 * @example trackSignal(emptyLine("A1", ["T01","T02"]), { kind: "unit_entered", unit: "unit_1", station: "T01", … })
 */
export function trackSignal(l: LineTracking, e: StationSignal): TrackingStep {
  if (e.line !== l.line) return { ok: false, reason: `signal for line ${e.line} given to line ${l.line}` };
  const st = l.stations[e.station];
  if (!st) return { ok: false, reason: `unknown station ${e.station} on line ${l.line}` };
  const step = applyToStation(st, e);
  if (!step.ok) return step;
  if (step.late && e.kind === "unit_left") {
    const where = l.units[e.unit]?.station;
    return {
      ok: true,
      line: { ...l, stations: { ...l.stations, [e.station]: step.station }, lateLeaves: (l.lateLeaves ?? 0) + 1 },
      notes: [`unit ${e.unit} left ${e.station} late (out of order): it had already entered ${where ?? "the next station"}`],
      completedUnit: null,
      late: true,
    };
  }
  const stations: Record<string, StationStatus> = { ...l.stations, [e.station]: step.station };
  let units = l.units;
  const notes: string[] = [];
  let nextInSequence = l.nextInSequence;
  let completed = l.completed;
  let completedUnit: string | null = null;

  if (e.kind === "unit_entered") {
    const prev = l.units[e.unit];
    if (prev?.station && prev.station !== e.station) {
      stations[prev.station] = takenOut(stations[prev.station]!, e.at);
      notes.push(`unit ${e.unit} entered ${e.station} while recorded at ${prev.station}: its leaving was not reported (yet)`);
    }
    let outOfSequence = prev?.outOfSequence ?? false;
    if (!prev && e.station === l.order[0] && l.sequence.length > 0) {
      const idx = l.sequence.indexOf(e.unit, nextInSequence);
      if (idx === nextInSequence) nextInSequence++;
      else {
        outOfSequence = true;
        notes.push(idx < 0 ? `unit ${e.unit} is not next in the released sequence` : `unit ${e.unit} entered ahead of ${l.sequence[nextInSequence]}`);
        if (idx > 0) nextInSequence = idx + 1;
      }
    }
    units = { ...units, [e.unit]: { unit: e.unit, station: e.station, lastStation: e.station, since: e.at, visited: [...(prev?.visited ?? []), e.station], outOfSequence } };
  } else if (e.kind === "unit_left") {
    const prev = l.units[e.unit];
    if (e.station === l.order[l.order.length - 1]) {
      const { [e.unit]: _done, ...rest } = units;
      units = rest;
      completed++;
      completedUnit = e.unit;
    } else {
      units = {
        ...units,
        [e.unit]: { unit: e.unit, station: null, lastStation: e.station, since: e.at, visited: prev?.visited ?? [e.station], outOfSequence: prev?.outOfSequence ?? false },
      };
    }
  }
  return { ok: true, line: { ...l, stations, units, nextInSequence, completed }, notes, completedUnit, late: false };
}

/** Units on the line ordered from the first station to the last (those between stations after the one they left). */
export function unitsInLineOrder(l: LineTracking): UnitPosition[] {
  const pos = new Map(l.order.map((c, i) => [c, i]));
  const rank = (u: UnitPosition) => (pos.get(u.station ?? u.lastStation) ?? 0) * 2 + (u.station ? 0 : 1);
  return Object.values(l.units).sort((a, b) => rank(b) - rank(a));
}
