import { operationOk, type StationSignal } from "./model.js";

/**
 * KPIs of ISO 22400-2:2014 (Automation systems and integration — Key performance indicators
 * for manufacturing operations management), computed as pure functions over what the stations
 * reported. Names follow the standard:
 *
 * - PBT planned busy time: the window, less planned down time;
 * - ADOT actual unit down time: time the station was faulted (an andon call alone does not stop it);
 * - APT actual production time = PBT − ADOT;
 * - PQ produced quantity: units that left the station in the window;
 * - GQ good quantity: of those, the ones with every operation ok;
 * - PRI planned run time per item: the takt on a paced line;
 * - availability = APT / PBT, effectiveness (performance) = PRI × PQ / APT, quality ratio = GQ / PQ,
 *   OEE = availability × effectiveness × quality ratio (ISO 22400-2 §6.10.3);
 * - throughput rate = PQ / PBT (reported per hour);
 * - first pass yield = units good at their first visit / units (ISO 22400-2 §6.10.17, FPY);
 * - takt adherence (Takt's own): share of cycles that took no longer than the takt.
 *
 * A ratio whose denominator is zero is null, not 0 or 1: "no production" is not "bad production".
 */

/** One stay of a unit at a station, the unit of production counting. */
export interface Cycle {
  readonly station: string;
  readonly unit: string;
  readonly enteredAt: number;
  readonly leftAt: number;
  /** Every operation in this stay was ok. */
  readonly ok: boolean;
  /** This was the unit's first visit to the station (not rework). */
  readonly firstVisit: boolean;
}

/** A period a station was stopped (fault) or called for help (andon); `to` null while open. */
export interface Stop {
  readonly station: string;
  readonly kind: "fault" | "andon";
  readonly from: number;
  readonly to: number | null;
}

/** Cycles and stops, the facts the KPIs are computed from (the read model keeps the same). */
export interface ProductionHistory {
  readonly cycles: readonly Cycle[];
  readonly stops: readonly Stop[];
}

/** A time window [from, to) in epoch ms. */
export interface Window {
  readonly from: number;
  readonly to: number;
}

/** OEE and its factors per ISO 22400-2, plus the counts and times they come from. */
export interface OeeFigures {
  readonly pbtMs: number;
  readonly adotMs: number;
  readonly aptMs: number;
  readonly pq: number;
  readonly gq: number;
  readonly availability: number | null;
  readonly effectiveness: number | null;
  readonly quality: number | null;
  readonly oee: number | null;
  readonly throughputPerHour: number | null;
  readonly firstPassYield: number | null;
  readonly taktAdherence: number | null;
  /** Andon time in the window (informative; not down time). */
  readonly andonMs: number;
}

/**
 * Derives cycles and stops from station signals (any order; sorted by time here).
 * A cycle is ok when every operation reported during the stay was ok (see operationOk).
 */
export function historyOf(signals: Iterable<StationSignal>): ProductionHistory {
  const sorted = [...signals].sort((a, b) => a.at - b.at);
  const open = new Map<string, { enteredAt: number; ok: boolean; firstVisit: boolean }>();
  const visited = new Set<string>();
  const openStops = new Map<string, { from: number }>();
  const cycles: Cycle[] = [];
  const stops: Stop[] = [];
  const key = (s: string, u: string) => `${s}\u0000${u}`;
  for (const e of sorted) {
    switch (e.kind) {
      case "unit_entered": {
        const k = key(e.station, e.unit);
        open.set(k, { enteredAt: e.at, ok: true, firstVisit: !visited.has(k) });
        visited.add(k);
        break;
      }
      case "operation_done": {
        const c = open.get(key(e.station, e.unit));
        if (c && !operationOk(e)) c.ok = false;
        break;
      }
      case "unit_left": {
        const k = key(e.station, e.unit);
        const c = open.get(k);
        if (c) {
          cycles.push({ station: e.station, unit: e.unit, enteredAt: c.enteredAt, leftAt: e.at, ok: c.ok, firstVisit: c.firstVisit });
          open.delete(k);
        }
        break;
      }
      case "fault_raised":
      case "andon_raised": {
        const kind = e.kind === "fault_raised" ? "fault" : "andon";
        const k = `${kind}\u0000${e.station}`;
        if (!openStops.has(k)) openStops.set(k, { from: e.at });
        break;
      }
      case "fault_cleared":
      case "andon_cleared": {
        const kind = e.kind === "fault_cleared" ? "fault" : "andon";
        const k = `${kind}\u0000${e.station}`;
        const s = openStops.get(k);
        if (s) {
          stops.push({ station: e.station, kind, from: s.from, to: e.at });
          openStops.delete(k);
        }
        break;
      }
      default:
        break;
    }
  }
  for (const [k, s] of openStops) {
    const [kind, station] = k.split("\u0000") as ["fault" | "andon", string];
    stops.push({ station, kind, from: s.from, to: null });
  }
  return { cycles, stops };
}

/** Total length of the union of intervals, clipped to the window (overlaps counted once). */
export function coveredMs(intervals: readonly { from: number; to: number | null }[], w: Window): number {
  const clipped = intervals
    .map((i) => [Math.max(i.from, w.from), Math.min(i.to ?? w.to, w.to)] as const)
    .filter(([a, b]) => b > a)
    .sort((x, y) => x[0] - y[0]);
  let total = 0;
  let curA = -Infinity;
  let curB = -Infinity;
  for (const [a, b] of clipped) {
    if (a > curB) {
      if (curB > curA) total += curB - curA;
      curA = a;
      curB = b;
    } else curB = Math.max(curB, b);
  }
  if (curB > curA) total += curB - curA;
  return total;
}

const ratio = (n: number, d: number): number | null => (d > 0 ? n / d : null);

function figures(pbtMs: number, adotMs: number, pq: number, gq: number, taktMs: number, fpyNum: number, fpyDen: number, withinTakt: number, cyclesTimed: number, andonMs: number): OeeFigures {
  const aptMs = Math.max(0, pbtMs - adotMs);
  const availability = ratio(aptMs, pbtMs);
  const effectiveness = ratio(taktMs * pq, aptMs);
  const quality = ratio(gq, pq);
  const oee = availability !== null && effectiveness !== null && quality !== null ? availability * effectiveness * quality : null;
  return {
    pbtMs,
    adotMs,
    aptMs,
    pq,
    gq,
    availability,
    effectiveness,
    quality,
    oee,
    throughputPerHour: ratio(pq * 3_600_000, pbtMs),
    firstPassYield: ratio(fpyNum, fpyDen),
    taktAdherence: ratio(withinTakt, cyclesTimed),
    andonMs,
  };
}

/**
 * OEE of one station over a window (ISO 22400-2 §6.10.3): cycles count in the window they
 * end in; down time is the fault time inside the window.
 * @param taktMs the planned run time per item (PRI), the line's takt in ms
 * @example stationOee(historyOf(signals), "C04", { from, to }, 90_000).oee
 */
export function stationOee(h: ProductionHistory, station: string, w: Window, taktMs: number): OeeFigures {
  const cycles = h.cycles.filter((c) => c.station === station && c.leftAt >= w.from && c.leftAt < w.to);
  const faults = h.stops.filter((s) => s.station === station && s.kind === "fault");
  const andons = h.stops.filter((s) => s.station === station && s.kind === "andon");
  const gq = cycles.filter((c) => c.ok).length;
  const first = cycles.filter((c) => c.firstVisit);
  const within = cycles.filter((c) => c.leftAt - c.enteredAt <= taktMs).length;
  return figures(w.to - w.from, coveredMs(faults, w), cycles.length, gq, taktMs, first.filter((c) => c.ok).length, first.length, within, cycles.length, coveredMs(andons, w));
}

/**
 * OEE of a paced line over a window: PQ counts units leaving the last station; a unit is good
 * when every stay of it on the line was ok; down time is the time any station was faulted
 * (a paced line stops as a whole); takt adherence is the share of gaps between consecutive
 * units leaving the last station that were no longer than the takt.
 */
export function lineOee(h: ProductionHistory, stations: readonly string[], w: Window, taktMs: number): OeeFigures {
  const last = stations[stations.length - 1];
  const onLine = new Set(stations);
  const done = h.cycles.filter((c) => c.station === last && c.leftAt >= w.from && c.leftAt < w.to).sort((a, b) => a.leftAt - b.leftAt);
  const doneUnits = new Set(done.map((c) => c.unit));
  const bad = new Set<string>();
  const notFirst = new Set<string>();
  for (const c of h.cycles) {
    if (!doneUnits.has(c.unit) || !onLine.has(c.station)) continue;
    if (!c.ok) bad.add(c.unit);
    if (!c.ok || !c.firstVisit) notFirst.add(c.unit);
  }
  const units = [...doneUnits];
  const gq = units.filter((u) => !bad.has(u)).length;
  const fp = units.filter((u) => !notFirst.has(u)).length;
  let within = 0;
  for (let i = 1; i < done.length; i++) if (done[i]!.leftAt - done[i - 1]!.leftAt <= taktMs) within++;
  const faults = h.stops.filter((s) => s.kind === "fault" && onLine.has(s.station));
  const andons = h.stops.filter((s) => s.kind === "andon" && onLine.has(s.station));
  return figures(w.to - w.from, coveredMs(faults, w), units.length, gq, taktMs, fp, units.length, within, Math.max(0, done.length - 1), coveredMs(andons, w));
}
