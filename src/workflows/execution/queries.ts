import { lineOee, machineryItemState, stationOee, unitsInLineOrder, type LineTracking, type OeeFigures, type StationState, type Window } from "../../execution/index.js";
import type { LineLayout } from "./ingest.js";
import type { ExecutionRepository } from "./ports.js";

/** One station on the andon board. */
export interface StationView {
  readonly code: string;
  readonly state: StationState;
  /** OPC 40001-1 MachineryItemState. */
  readonly machineryState: string;
  readonly since: string | null;
  readonly unit: string | null;
  readonly andon: { reason: string; since: string; unit: string | null } | null;
  readonly fault: { code: string; text: string | null; since: string } | null;
  /** Whether the station's device is connected (Sparkplug birth/death); null when no device reports its liveness. */
  readonly online: boolean | null;
}

export interface LineStateView {
  readonly line: string;
  readonly completed: number;
  /** Units' "left" signals that came after the unit had entered the next station (accepted late, out of order). */
  readonly lateLeaves: number;
  readonly stations: readonly StationView[];
  /** Units on the line, from the last station back to the first. */
  readonly units: readonly { unit: string; station: string | null; lastStation: string; since: string; outOfSequence: boolean }[];
}

const iso = (ms: number) => new Date(ms).toISOString();

/** The line state view: every station's state, andon and fault, and where each unit on the line is. */
export function lineStateView(l: LineTracking, online: (line: string, station: string) => boolean | null = () => null): LineStateView {
  return {
    line: l.line,
    completed: l.completed,
    lateLeaves: l.lateLeaves ?? 0,
    stations: l.order.map((code) => {
      const s = l.stations[code]!;
      return {
        code,
        state: s.state,
        machineryState: machineryItemState(s.state),
        since: s.since ? iso(s.since) : null,
        unit: s.unit,
        andon: s.andon ? { reason: s.andon.reason, since: iso(s.andon.since), unit: s.andon.unit } : null,
        fault: s.fault ? { code: s.fault.code, text: s.fault.text, since: iso(s.fault.since) } : null,
        online: online(l.line, code),
      };
    }),
    units: unitsInLineOrder(l).map((u) => ({ unit: u.unit, station: u.station, lastStation: u.lastStation, since: iso(u.since), outOfSequence: u.outOfSequence })),
  };
}

export interface LineKpis {
  readonly line: string;
  readonly from: string;
  readonly to: string;
  readonly taktSeconds: number;
  readonly overall: OeeFigures;
  readonly stations: readonly ({ code: string } & OeeFigures)[];
}

/** ISO 22400-2 KPIs of a line and each of its stations over a window, from the read models. */
export async function lineKpis(repo: ExecutionRepository, layout: LineLayout, w: Window): Promise<LineKpis> {
  const h = await repo.history(layout.code, w);
  return {
    line: layout.code,
    from: iso(w.from),
    to: iso(w.to),
    taktSeconds: layout.taktMs / 1000,
    overall: lineOee(h, layout.stations, w, layout.taktMs),
    stations: layout.stations.map((code) => ({ code, ...stationOee(h, code, w, layout.taktMs) })),
  };
}
