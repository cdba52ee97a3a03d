import { operationOk, withinLimits, type OperationDone, type PartInstalled, type StationSignal } from "./model.js";

/** One installed part in a unit's as-built record. */
export interface InstalledPart {
  readonly partNumber: string;
  readonly serial: string;
  readonly lot: string;
  readonly station: string;
  readonly at: number;
}

/** One measured value in a unit's as-built record, e.g. a torque at C04. */
export interface RecordedMeasurement {
  readonly operation: string;
  readonly name: string;
  readonly value: number;
  readonly uom: string | null;
  readonly ok: boolean;
  readonly station: string;
  readonly at: number;
}

/** A stay of the unit at one station. */
export interface StationVisit {
  readonly station: string;
  readonly enteredAt: number;
  readonly leftAt: number | null;
}

/**
 * The as-built record (genealogy) of one unit: which parts, serials and lots went into it,
 * every measured value, where and when. Queryable backward (unit → parts) and, through
 * a GenealogyIndex, forward (lot → units).
 */
export interface AsBuilt {
  readonly unit: string;
  readonly line: string;
  readonly parts: readonly InstalledPart[];
  readonly measurements: readonly RecordedMeasurement[];
  readonly visits: readonly StationVisit[];
  /** Operations reported not ok (by the station or by a value outside its limits). */
  readonly failedOperations: number;
}

/** The as-built record of a unit nothing has been recorded for yet. */
export function emptyAsBuilt(unit: string, line: string): AsBuilt {
  return { unit, line, parts: [], measurements: [], visits: [], failedOperations: 0 };
}

function addOperation(r: AsBuilt, e: OperationDone): AsBuilt {
  const ok = operationOk(e);
  const ms = e.values.map((m) => ({ operation: e.operation, name: m.name, value: m.value, uom: m.uom ?? null, ok: e.ok && withinLimits(m), station: e.station, at: e.at }));
  return { ...r, measurements: [...r.measurements, ...ms], failedOperations: r.failedOperations + (ok ? 0 : 1) };
}

function addPart(r: AsBuilt, e: PartInstalled): AsBuilt {
  return { ...r, parts: [...r.parts, { partNumber: e.partNumber, serial: e.serial, lot: e.lot, station: e.station, at: e.at }] };
}

/**
 * Adds a station signal about the unit to its as-built record; signals about other units
 * or without a unit (faults, andons) leave it unchanged.
 */
export function recordInGenealogy(r: AsBuilt, e: StationSignal): AsBuilt {
  if (!("unit" in e) || e.unit !== r.unit) return r;
  switch (e.kind) {
    case "unit_entered":
      return { ...r, visits: [...r.visits, { station: e.station, enteredAt: e.at, leftAt: null }] };
    case "unit_left": {
      const i = r.visits.findLastIndex((v) => v.station === e.station && v.leftAt === null);
      if (i < 0) return r;
      const visits = [...r.visits];
      visits[i] = { ...visits[i]!, leftAt: e.at };
      return { ...r, visits };
    }
    case "operation_done":
      return addOperation(r, e);
    case "part_installed":
      return addPart(r, e);
    default:
      return r;
  }
}

/** Part numbers expected in the unit (from its 100% BOM) that its as-built record lacks. */
export function missingParts(r: AsBuilt, expected: readonly string[]): string[] {
  const have = new Set(r.parts.map((p) => p.partNumber));
  return expected.filter((p) => !have.has(p));
}

/** True when the unit passed every operation the first time and visited no station twice (first pass). */
export function isFirstPass(r: AsBuilt): boolean {
  const seen = new Set<string>();
  for (const v of r.visits) {
    if (seen.has(v.station)) return false;
    seen.add(v.station);
  }
  return r.failedOperations === 0;
}

/** Genealogy of many units, indexed both ways. */
export interface GenealogyIndex {
  readonly byUnit: ReadonlyMap<string, AsBuilt>;
  /** Lot → units that received a part from it. */
  readonly byLot: ReadonlyMap<string, ReadonlySet<string>>;
  /** Part serial → unit it went into. */
  readonly bySerial: ReadonlyMap<string, string>;
}

/** Builds the index from as-built records. */
export function indexGenealogy(records: Iterable<AsBuilt>): GenealogyIndex {
  const byUnit = new Map<string, AsBuilt>();
  const byLot = new Map<string, Set<string>>();
  const bySerial = new Map<string, string>();
  for (const r of records) {
    byUnit.set(r.unit, r);
    for (const p of r.parts) {
      let s = byLot.get(p.lot);
      if (!s) byLot.set(p.lot, (s = new Set()));
      s.add(r.unit);
      bySerial.set(p.serial, r.unit);
    }
  }
  return { byUnit, byLot, bySerial };
}

/** Backward genealogy: the parts built into a unit (empty when the unit is unknown). */
export function partsOfUnit(ix: GenealogyIndex, unit: string): readonly InstalledPart[] {
  return ix.byUnit.get(unit)?.parts ?? [];
}

/** Forward genealogy: the units that received a part of the lot, sorted (the recall list). */
export function unitsOfLot(ix: GenealogyIndex, lot: string): string[] {
  return [...(ix.byLot.get(lot) ?? [])].sort();
}

/** Replays signals into as-built records, one per unit mentioned. */
export function genealogyOf(signals: Iterable<StationSignal>): Map<string, AsBuilt> {
  const out = new Map<string, AsBuilt>();
  for (const e of signals) {
    if (e.kind !== "unit_entered" && e.kind !== "unit_left" && e.kind !== "operation_done" && e.kind !== "part_installed") continue;
    const r = out.get(e.unit) ?? emptyAsBuilt(e.unit, e.line);
    out.set(e.unit, recordInGenealogy(r, e));
  }
  return out;
}
