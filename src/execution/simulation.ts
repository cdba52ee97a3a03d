import { mulberry32 } from "../kernel/index.js";
import type { StationSignal } from "./model.js";

/**
 * A paced (synchronous) assembly line, simulated: at every transfer all units move one station
 * on; a new unit from the released sequence enters the first station and the unit at the last
 * station leaves the line. A fault at any station stops the whole line until it is cleared, so
 * the next transfer comes later by the fault's duration. Andon pulls call for help without
 * stopping. Parts are installed with serial and lot, torques measured (some out of limits: a
 * defect). Deterministic for a seed. Pure: it returns the signals the stations would report,
 * in time order, and the truth to check KPIs and genealogy against.
 */
export interface SimStation {
  readonly code: string;
  /** Part installed here, if any. */
  readonly partNumber?: string;
  /** Torque measured here, if any, in N·m. */
  readonly torque?: { readonly nominal: number; readonly min: number; readonly max: number };
}

export interface SimulationOptions {
  readonly line: string;
  readonly stations: readonly SimStation[];
  readonly taktMs: number;
  /** Units in the released sequence (launched one per transfer). */
  readonly sequence: readonly string[];
  /** Epoch ms of the first transfer. */
  readonly start: number;
  /** Run until this many ms after start (no transfer begins later). */
  readonly durationMs: number;
  readonly seed: number;
  /** Probability per station and cycle of a fault (default 0.0005). */
  readonly faultRate?: number;
  /** Probability per station and cycle of an andon pull (default 0.002). */
  readonly andonRate?: number;
  /** Probability per torque that it is out of limits (default 0.003). */
  readonly defectRate?: number;
  /** Units per lot of each part (default 50). */
  readonly lotSize?: number;
}

export interface SimulationTruth {
  /** Units that left the last station, in order. */
  readonly completed: readonly string[];
  /** Completed units with no defect. */
  readonly good: readonly string[];
  /** Fault (line stop) intervals. */
  readonly stops: readonly { station: string; from: number; to: number }[];
  /** Parts each unit received (part numbers). */
  readonly partsOf: ReadonlyMap<string, readonly string[]>;
  /** End of the last transfer cycle simulated, epoch ms. */
  readonly end: number;
  readonly andons: number;
}

/** The seeded PRNG of the simulation (the kernel's mulberry32). */
export const seededRandom = mulberry32;

/**
 * Simulates the line and returns the station signals (sorted by time) and the truth.
 * @example simulateLine({ line: "A1", stations, taktMs: 90_000, sequence, start, durationMs: 8 * 3600_000, seed: 1 })
 */
export function simulateLine(o: SimulationOptions): { signals: StationSignal[]; truth: SimulationTruth } {
  const rnd = seededRandom(o.seed);
  const faultRate = o.faultRate ?? 0.0005;
  const andonRate = o.andonRate ?? 0.002;
  const defectRate = o.defectRate ?? 0.003;
  const lotSize = o.lotSize ?? 50;
  const S = o.stations.length;
  const slots: (string | null)[] = new Array<string | null>(S).fill(null);
  const signals: StationSignal[] = [];
  const completed: string[] = [];
  const defective = new Set<string>();
  const stops: { station: string; from: number; to: number }[] = [];
  const partsOf = new Map<string, string[]>();
  const indexOf = new Map(o.sequence.map((u, i) => [u, i]));
  let launched = 0;
  let andons = 0;
  let t = o.start;
  let n = 0;
  const id = () => `sim${o.seed}-${++n}`;
  const push = (s: StationSignal) => signals.push(s);
  const T = o.taktMs;
  let end = t;
  while (t - o.start < o.durationMs) {
    // Transfer: the last unit leaves (done at the end of the previous cycle), everyone moves on, a new unit enters.
    for (let s = S - 1; s > 0; s--) slots[s] = slots[s - 1]!;
    slots[0] = launched < o.sequence.length ? o.sequence[launched++]! : null;
    let stop = 0;
    for (let s = 0; s < S; s++) {
      const unit = slots[s];
      const st = o.stations[s]!;
      const line = o.line;
      const station = st.code;
      if (unit) {
        push({ kind: "unit_entered", id: id(), line, station, at: t, unit });
        if (st.partNumber) {
          const k = indexOf.get(unit) ?? 0;
          push({ kind: "part_installed", id: id(), line, station, at: t + Math.round(0.3 * T), unit, partNumber: st.partNumber, serial: `${st.partNumber}-${String(k).padStart(6, "0")}`, lot: `${st.partNumber}-L${Math.floor(k / lotSize)}` });
          partsOf.set(unit, [...(partsOf.get(unit) ?? []), st.partNumber]);
        }
        if (st.torque) {
          const bad = rnd() < defectRate;
          const { nominal, min, max } = st.torque;
          const value = bad ? +(max + 1 + rnd() * 5).toFixed(2) : +(nominal + (rnd() - 0.5) * (max - min) * 0.5).toFixed(2);
          if (bad) defective.add(unit);
          push({ kind: "operation_done", id: id(), line, station, at: t + Math.round(0.5 * T), unit, operation: "tighten", ok: !bad, values: [{ name: "torque", value, uom: "N·m", min, max }] });
        }
      }
      if (rnd() < andonRate) {
        andons++;
        push({ kind: "andon_raised", id: id(), line, station, at: t + Math.round(0.2 * T), reason: "help requested", ...(unit ? { unit } : {}) });
        push({ kind: "andon_cleared", id: id(), line, station, at: t + Math.round(0.45 * T) });
      }
      if (rnd() < faultRate) {
        const d = Math.round((30 + rnd() * 150) * 1000);
        const from = t + Math.round(0.6 * T);
        push({ kind: "fault_raised", id: id(), line, station, at: from, code: `E${100 + Math.floor(rnd() * 50)}` });
        push({ kind: "fault_cleared", id: id(), line, station, at: from + d });
        stops.push({ station, from, to: from + d });
        stop = Math.max(stop, d);
      }
    }
    const next = t + T + stop;
    for (let s = 0; s < S; s++) {
      const unit = slots[s];
      if (!unit) continue;
      push({ kind: "unit_left", id: id(), line: o.line, station: o.stations[s]!.code, at: next - 1000, unit });
      if (s === S - 1) {
        completed.push(unit);
        slots[s] = null;
      }
    }
    end = next;
    t = next;
  }
  signals.sort((a, b) => a.at - b.at);
  return { signals, truth: { completed, good: completed.filter((u) => !defective.has(u)), stops, partsOf, end, andons } };
}
