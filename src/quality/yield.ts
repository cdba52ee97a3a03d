/**
 * First-pass yield and defects per unit per station, kept live as a fold over inspection
 * results (ISO 22400-2: first pass yield = good parts first time / parts inspected).
 */
export interface InspectionResult {
  readonly unit: string;
  readonly station: string;
  readonly defects: number;
}

export interface StationYield {
  readonly station: string;
  /** Distinct units inspected at least once. */
  readonly units: number;
  /** Units whose first inspection here found no defect. */
  readonly firstPass: number;
  /** All defects found here, over every inspection (re-inspections included). */
  readonly defects: number;
  readonly fpy: number;
  /** Defects per unit. */
  readonly dpu: number;
}

export interface YieldState {
  readonly stations: ReadonlyMap<string, { units: ReadonlySet<string>; firstPass: number; defects: number }>;
}

export const emptyYield = (): YieldState => ({ stations: new Map() });

/** Adds one inspection result; only a unit's first inspection at a station counts for FPY. */
export function addInspection(s: YieldState, r: InspectionResult): YieldState {
  const cur = s.stations.get(r.station) ?? { units: new Set<string>(), firstPass: 0, defects: 0 };
  const first = !cur.units.has(r.unit);
  const units = first ? new Set([...cur.units, r.unit]) : cur.units;
  const next = new Map(s.stations);
  next.set(r.station, { units, firstPass: cur.firstPass + (first && r.defects === 0 ? 1 : 0), defects: cur.defects + r.defects });
  return { stations: next };
}

/** Per-station figures, and the rolled throughput yield (product of the stations' FPY). */
export function yieldReport(s: YieldState): { stations: StationYield[]; rolledThroughputYield: number } {
  const stations = [...s.stations.entries()].map(([station, v]) => ({
    station,
    units: v.units.size,
    firstPass: v.firstPass,
    defects: v.defects,
    fpy: v.units.size ? v.firstPass / v.units.size : 1,
    dpu: v.units.size ? v.defects / v.units.size : 0,
  }));
  return { stations, rolledThroughputYield: stations.reduce((a, x) => a * x.fpy, 1) };
}
