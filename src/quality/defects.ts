import { ConflictError, ValidationError, type Id } from "../kernel/index.js";

export type Severity = "critical" | "major" | "minor";

/** One kind of defect the plant knows: code, what it is, how bad, where it can occur. */
export interface DefectType {
  readonly code: string;
  readonly description: string;
  readonly severity: Severity;
  /** Allowed locations (zones of the product, e.g. "door-fl", "frame"); empty means any. */
  readonly locations: readonly string[];
}

export interface DefectCatalog {
  readonly types: ReadonlyMap<string, DefectType>;
}

/** Builds a catalog, refusing duplicate codes. */
export function defineCatalog(types: readonly DefectType[]): DefectCatalog {
  const m = new Map<string, DefectType>();
  types.forEach((t, i) => {
    if (!t.code) throw new ValidationError("defect code required", [{ path: `/${i}/code`, message: "required" }]);
    if (m.has(t.code)) throw new ValidationError(`duplicate defect code ${t.code}`, [{ path: `/${i}/code`, message: "duplicate" }]);
    m.set(t.code, t);
  });
  return { types: m };
}

/**
 * Rework state of one defect: found (open) → repaired → re-inspected. A re-inspection that
 * passes closes it (`verified`); one that fails reopens it. Only `verified` releases a gate.
 */
export type DefectState = "open" | "repaired" | "verified";

export interface DefectStep {
  readonly state: DefectState;
  readonly at: string;
  readonly by?: string;
  readonly note?: string;
}

export interface Defect {
  readonly id: Id<"defect">;
  readonly unit: string;
  readonly station: string;
  readonly code: string;
  readonly severity: Severity;
  readonly location: string;
  readonly state: DefectState;
  readonly history: readonly DefectStep[];
}

/**
 * Records a defect found on a unit; the code must be in the catalog and the location allowed.
 * @example recordDefect(catalog, { id, unit: "unit_1", station: "stn_q1", code: "SCR", location: "door-fl", at })
 */
export function recordDefect(
  catalog: DefectCatalog,
  f: { id: Id<"defect">; unit: string; station: string; code: string; location: string; at: string; by?: string; note?: string },
): Defect {
  const t = catalog.types.get(f.code);
  if (!t) throw new ValidationError(`unknown defect code ${f.code}`, [{ path: "/code", message: "not in the catalog" }]);
  if (t.locations.length > 0 && !t.locations.includes(f.location))
    throw new ValidationError(`defect ${f.code} cannot be at ${f.location}`, [{ path: "/location", message: `allowed: ${t.locations.join(", ")}` }]);
  const step: DefectStep = { state: "open", at: f.at, ...(f.by ? { by: f.by } : {}), ...(f.note ? { note: f.note } : {}) };
  return { id: f.id, unit: f.unit, station: f.station, code: f.code, severity: t.severity, location: f.location, state: "open", history: [step] };
}

function move(d: Defect, from: DefectState, to: DefectState, at: string, by?: string, note?: string): Defect {
  if (d.state !== from) throw new ConflictError(`defect ${d.id} is ${d.state}, not ${from}`, { id: d.id, state: d.state });
  const step: DefectStep = { state: to, at, ...(by ? { by } : {}), ...(note ? { note } : {}) };
  return { ...d, state: to, history: [...d.history, step] };
}

/** The repair is done (open → repaired); the defect still blocks until re-inspected. */
export function repairDefect(d: Defect, at: string, by?: string, note?: string): Defect {
  return move(d, "open", "repaired", at, by, note);
}

/** Re-inspection after repair: passed → verified (closed); failed → open again. */
export function reinspectDefect(d: Defect, passed: boolean, at: string, by?: string, note?: string): Defect {
  return move(d, "repaired", passed ? "verified" : "open", at, by, note);
}

/** A defect that still holds the unit: anything not verified after repair. */
export function isOpen(d: Defect): boolean {
  return d.state !== "verified";
}
