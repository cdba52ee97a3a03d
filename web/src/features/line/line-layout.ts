import type { Line, Station } from "../../api";

/** Geometry of the line diagram, in SVG user units. Kept pure so it can be tested without a DOM. */
export const GEOMETRY = {
  pad: 16,
  labelWidth: 130,
  boxWidth: 56,
  boxHeight: 46,
  gap: 24,
  rowHeight: 104,
  /** Room right of a row for an end-of-row buffer and the connector to the next row. */
  tail: 44,
  bufferWidth: 12,
  maxPerRow: 14,
} as const;

export interface StationBox {
  readonly station: Station;
  readonly x: number;
  readonly y: number;
}

export interface BufferMark {
  /** The station the buffer follows. */
  readonly after: Station;
  readonly capacity: number;
  readonly x: number;
  readonly y: number;
}

export interface ZoneLane {
  readonly zone: string;
  readonly label: string;
  /** Top of the lane; a zone longer than maxPerRow wraps onto further rows, so the lane can span several. */
  readonly y: number;
  readonly height: number;
  readonly count: number;
}

export interface LineLayout {
  readonly width: number;
  readonly height: number;
  readonly zones: readonly ZoneLane[];
  readonly stations: readonly StationBox[];
  readonly buffers: readonly BufferMark[];
  /** Arrows between neighbours in a row. */
  readonly links: readonly { readonly x1: number; readonly x2: number; readonly y: number }[];
  /** SVG paths carrying the flow from the end of one row to the start of the next. */
  readonly returns: readonly string[];
}

const ZONE_LABELS: Readonly<Record<string, string>> = {
  trim1: "Trim 1",
  trim2: "Trim 2",
  chassis: "Chassis",
  final: "Final",
  test: "Test & inspection",
};

/** A readable zone name: known zones by name, others by splitting `trim3` into "Trim 3". */
export function zoneLabel(zone: string): string {
  const known = ZONE_LABELS[zone];
  if (known) return known;
  const spaced = zone.replace(/[_-]+/g, " ").replace(/([a-z])(\d)/gi, "$1 $2").trim();
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
}

/** Splits a zone label into lines of at most `width` characters (SVG text does not wrap by itself). */
export function wrapLabel(label: string, width = 12): string[] {
  const lines: string[] = [];
  for (const word of label.split(" ")) {
    const last = lines[lines.length - 1];
    if (last !== undefined && last.length + 1 + word.length <= width) lines[lines.length - 1] = `${last} ${word}`;
    else lines.push(word);
  }
  return lines;
}

/** Consecutive runs of stations of the same zone, in line order. */
export function zonesOf(stations: readonly Station[]): { zone: string; stations: Station[] }[] {
  const runs: { zone: string; stations: Station[] }[] = [];
  const ordered = [...stations].sort((a, b) => a.position - b.position);
  for (const station of ordered) {
    const last = runs[runs.length - 1];
    if (last && last.zone === station.zone) last.stations.push(station);
    else runs.push({ zone: station.zone, stations: [station] });
  }
  return runs;
}

/**
 * Lays the line out as one lane per zone, flowing left to right; the flow returns from each row's end
 * to the next row's start. Buffers sit right after the station they follow.
 */
export function layoutLine(line: Line, g: typeof GEOMETRY = GEOMETRY): LineLayout {
  const stations: StationBox[] = [];
  const buffers: BufferMark[] = [];
  const links: { x1: number; x2: number; y: number }[] = [];
  const returns: string[] = [];
  const zones: ZoneLane[] = [];
  const step = g.boxWidth + g.gap;
  let row = 0;
  let widest = 0;
  let prevEnd: { x: number; y: number } | null = null;

  for (const run of zonesOf(line.stations)) {
    const firstRow = row;
    for (let start = 0; start < run.stations.length; start += g.maxPerRow) {
      const chunk = run.stations.slice(start, start + g.maxPerRow);
      const y = g.pad + row * g.rowHeight + (g.rowHeight - g.boxHeight) / 2 - 6;
      const midY = y + g.boxHeight / 2;
      chunk.forEach((station, i) => {
        const x = g.pad + g.labelWidth + i * step;
        stations.push({ station, x, y });
        if (i > 0) links.push({ x1: x - g.gap, x2: x, y: midY });
        if (station.bufferAfter > 0) {
          const bx = i < chunk.length - 1 ? x + g.boxWidth + (g.gap - g.bufferWidth) / 2 : x + g.boxWidth + 8;
          buffers.push({ after: station, capacity: station.bufferAfter, x: bx, y });
        }
      });
      const firstX = g.pad + g.labelWidth;
      if (prevEnd) {
        // Out of the previous row's end, down between the rows, back to the left and into this row's start.
        const turnY = y - (g.rowHeight - g.boxHeight) / 2 + 4;
        returns.push(
          `M ${prevEnd.x} ${prevEnd.y} H ${prevEnd.x + g.tail - 12} V ${turnY} H ${firstX - 14} V ${midY} H ${firstX}`,
        );
      }
      const endX = firstX + (chunk.length - 1) * step + g.boxWidth;
      prevEnd = { x: endX, y: midY };
      widest = Math.max(widest, endX + g.tail);
      row += 1;
    }
    zones.push({
      zone: run.zone,
      label: zoneLabel(run.zone),
      y: g.pad + firstRow * g.rowHeight,
      height: (row - firstRow) * g.rowHeight,
      count: run.stations.length,
    });
  }

  return { width: widest + g.pad, height: g.pad * 2 + row * g.rowHeight, zones, stations, buffers, links, returns };
}

/** The station after (+1) or before (-1) the given one in line order, clamped at the ends; the first when none is given. */
export function stepStation(stations: readonly Station[], currentId: string | null, delta: number): Station | undefined {
  const ordered = [...stations].sort((a, b) => a.position - b.position);
  const i = ordered.findIndex((s) => s.id === currentId);
  if (i < 0) return delta < 0 ? ordered[ordered.length - 1] : ordered[0];
  return ordered[Math.min(ordered.length - 1, Math.max(0, i + delta))];
}
