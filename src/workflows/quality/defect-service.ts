import { ConflictError, newId, NotFoundError, type Clock } from "../../kernel/index.js";
import { defineCatalog, gateDecision, gateEvent, recordDefect, reinspectDefect, repairDefect, isOpen, type Defect, type DefectCatalog, type QualityGate } from "../../quality/index.js";
import type { Store, StoreTx } from "../ports.js";

/** The defects of one unit, kept together so a gate decides from one read inside its transaction. */
export const UNIT_DEFECTS = "unit_defects";
export interface UnitDefects {
  readonly unit: string;
  readonly defects: readonly Defect[];
  /** Set when the unit was held at a gate; cleared when it passes. */
  readonly heldAt: string | null;
}

/** The plant's defect catalog (codes a station or an inspector records). */
export const PLANT_DEFECTS: DefectCatalog = defineCatalog([
  { code: "TRQ", description: "torque out of specification", severity: "major", locations: [] },
  { code: "OPS", description: "operation reported not OK by the station", severity: "major", locations: [] },
  { code: "PNT", description: "paint defect (run, crater, dirt)", severity: "minor", locations: [] },
  { code: "GAP", description: "gap or flush out of specification", severity: "minor", locations: [] },
  { code: "LEK", description: "water leak", severity: "critical", locations: [] },
  { code: "MIS", description: "part missing or wrong variant", severity: "critical", locations: [] },
]);

/**
 * Defects and the quality gate: station verdicts and inspectors record defects on a unit; the
 * gate at the end of the line lets a unit pass only when none is open (found, or repaired but
 * not re-inspected). A held unit passes when its last defect is verified.
 */
export class DefectService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    readonly gate: QualityGate,
  ) {}

  async ofUnit(unit: string): Promise<UnitDefects> {
    return (await this.store.getDocument<UnitDefects>(UNIT_DEFECTS, unit))?.body ?? { unit, defects: [], heldAt: null };
  }

  /** Every unit's defects (units with none are not listed), in unit id order. */
  async list(): Promise<UnitDefects[]> {
    const out: UnitDefects[] = [];
    let after: string | undefined;
    for (;;) {
      const page = await this.store.listDocuments<UnitDefects>(UNIT_DEFECTS, { limit: 1000, ...(after ? { afterId: after } : {}) });
      out.push(...page.map((d) => d.body));
      if (page.length < 1000) return out;
      after = page.at(-1)!.id;
    }
  }

  /** Records a defect inside a caller's transaction (the station-event consumer) and returns it. */
  async recordIn(tx: StoreTx, f: { unit: string; station: string; code: string; location: string; by?: string; note?: string }): Promise<Defect> {
    const doc = await tx.getDocument<UnitDefects>(UNIT_DEFECTS, f.unit);
    const d = recordDefect(PLANT_DEFECTS, { id: newId("defect", this.clock.nowMs()), at: this.clock.now().toISOString(), ...f });
    const cur = doc?.body ?? { unit: f.unit, defects: [], heldAt: null };
    await tx.putDocument<UnitDefects>(UNIT_DEFECTS, f.unit, doc?.version ?? 0, { ...cur, defects: [...cur.defects, d] });
    await tx.append(f.unit, "any", [{ type: "defect.found", source: `/quality/stations/${f.station}`, subject: f.unit, stream: f.unit, data: d }]);
    return d;
  }

  async record(f: { unit: string; station: string; code: string; location: string; by?: string; note?: string }): Promise<Defect> {
    return this.store.transaction((tx) => this.recordIn(tx, f));
  }

  /** Decides the gate for a unit inside a transaction: records `unit.passed_gate` or `unit.held_at_gate`. */
  async decideIn(tx: StoreTx, unit: string): Promise<{ pass: boolean; reasons: readonly string[] }> {
    const doc = await tx.getDocument<UnitDefects>(UNIT_DEFECTS, unit);
    const cur = doc?.body ?? { unit, defects: [], heldAt: null };
    const d = gateDecision(this.gate, unit, cur.defects);
    await tx.append(unit, "any", [{ ...gateEvent(d), time: this.clock.now().toISOString() }]);
    const heldAt = d.pass ? null : this.gate.station;
    if (heldAt !== cur.heldAt) await tx.putDocument<UnitDefects>(UNIT_DEFECTS, unit, doc?.version ?? 0, { ...cur, heldAt });
    return { pass: d.pass, reasons: d.reasons };
  }

  /** Repair (open → repaired) or re-inspection (repaired → verified or open again) of one defect. */
  async step(unit: string, defectId: string, step: { kind: "repair" } | { kind: "reinspect"; passed: boolean }, by?: string, note?: string, afterIn?: (tx: StoreTx, u: UnitDefects) => Promise<void>): Promise<UnitDefects> {
    return this.store.transaction(async (tx) => {
      const doc = await tx.getDocument<UnitDefects>(UNIT_DEFECTS, unit);
      const d = doc?.body.defects.find((x) => x.id === defectId);
      if (!doc || !d) throw new NotFoundError("defect", defectId);
      const at = this.clock.now().toISOString();
      const next = step.kind === "repair" ? repairDefect(d, at, by, note) : reinspectDefect(d, step.passed, at, by, note);
      const body: UnitDefects = { ...doc.body, defects: doc.body.defects.map((x) => (x.id === defectId ? next : x)) };
      await tx.putDocument(UNIT_DEFECTS, unit, doc.version, body);
      await tx.append(unit, "any", [{ type: step.kind === "repair" ? "defect.repaired" : next.state === "verified" ? "defect.verified" : "defect.reopened", source: "/quality", subject: unit, stream: unit, data: { defect: defectId, by: by ?? null } }]);
      if (!afterIn) return body;
      await afterIn(tx, body);
      return (await tx.getDocument<UnitDefects>(UNIT_DEFECTS, unit))!.body;
    });
  }

  /** True when every defect of the unit is closed. */
  static clean(u: UnitDefects): boolean {
    return !u.defects.some(isOpen);
  }
}

/** A gate that must be decided before a held unit can be released. */
export function assertHeld(u: UnitDefects): void {
  if (!u.heldAt) throw new ConflictError(`unit ${u.unit} is not held at a gate`);
}
