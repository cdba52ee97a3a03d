import { useMemo, type KeyboardEvent, type ReactNode } from "react";
import type { Line, Station } from "../../api";
import { layoutLine, stepStation, wrapLabel, GEOMETRY as G } from "./line-layout";
import { STATION_TYPES } from "./station-types";

export interface LineDiagramProps {
  readonly line: Line;
  readonly selectedId: string | null;
  readonly onSelect: (stationId: string | null) => void;
  /** Code of the station where a tracked unit is: marked on the map and in the station's label. */
  readonly unitAt?: string | null;
  /** Extra class and label words per station (e.g. its live state): `{ className: "state-running", label: "running" }`. */
  readonly stationState?: (station: Station) => { readonly className: string; readonly label: string } | undefined;
}

const optionId = (stationId: string): string => `station-${stationId}`;

/**
 * The line as an SVG map: one lane per zone, stations in line order, buffers hatched after the station they follow.
 * Keyboard: the map is one tab stop (a listbox); arrows move the selection, Home/End jump, Escape clears.
 */
export function LineDiagram({ line, selectedId, onSelect, unitAt, stationState }: LineDiagramProps): ReactNode {
  const layout = useMemo(() => layoutLine(line), [line]);
  const selectedHere = line.stations.some((s) => s.id === selectedId) ? selectedId : null;

  const onKeyDown = (event: KeyboardEvent<SVGSVGElement>): void => {
    let next: string | null | undefined;
    if (event.key === "ArrowRight" || event.key === "ArrowDown") next = stepStation(line.stations, selectedHere, 1)?.id;
    else if (event.key === "ArrowLeft" || event.key === "ArrowUp") next = stepStation(line.stations, selectedHere, -1)?.id;
    else if (event.key === "Home") next = stepStation(line.stations, null, 1)?.id;
    else if (event.key === "End") next = stepStation(line.stations, null, -1)?.id;
    else if (event.key === "Escape") next = null;
    else return;
    event.preventDefault();
    if (next !== undefined) onSelect(next);
  };

  return (
    <div className="diagram-scroll">
      <svg
        className="line-diagram"
        viewBox={`0 0 ${layout.width} ${layout.height}`}
        width="100%"
        role="listbox"
        tabIndex={0}
        aria-label={`Stations of line ${line.code}, in flow order. Use the arrow keys to select a station.`}
        aria-activedescendant={selectedHere ? optionId(selectedHere) : undefined}
        onKeyDown={onKeyDown}
        data-line={line.code}
      >
        <defs>
          <pattern id="hatch" width="5" height="5" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
            <rect width="5" height="5" fill="#fff6d6" />
            <line x1="0" y1="0" x2="0" y2="5" stroke="#8a6d00" strokeWidth="2" />
          </pattern>
          <marker id="arrow" viewBox="0 0 8 8" refX="7" refY="4" markerWidth="6" markerHeight="6" orient="auto">
            <path d="M0 0 L8 4 L0 8 z" fill="#4a5a6a" />
          </marker>
        </defs>
        <g aria-hidden="true">
          {layout.zones.map((z, i) => (
            <g key={z.zone + i} className="zone">
              <rect x={G.pad / 2} y={z.y + 4} width={layout.width - G.pad} height={z.height - 8} rx={10} className={`lane lane-${i % 2}`} />
              <text x={G.pad + 4} y={z.y + z.height / 2 - 4 - (wrapLabel(z.label).length - 1) * 9} className="zone-label">
                {wrapLabel(z.label).map((part, k) => (
                  <tspan key={k} x={G.pad + 4} dy={k === 0 ? 0 : 18}>
                    {part}
                  </tspan>
                ))}
              </text>
              <text x={G.pad + 4} y={z.y + z.height / 2 + 14 + (wrapLabel(z.label).length - 1) * 9} className="zone-count">
                {z.count} stations
              </text>
            </g>
          ))}
          {layout.links.map((l, i) => (
            <line key={i} x1={l.x1} x2={l.x2 - 1} y1={l.y} y2={l.y} className="flow" markerEnd="url(#arrow)" />
          ))}
          {layout.returns.map((d, i) => (
            <path key={i} d={d} className="flow return" markerEnd="url(#arrow)" />
          ))}
          {layout.buffers.map((b) => (
            <g key={b.after.id} className="buffer" data-buffer-after={b.after.code}>
              <rect x={b.x} y={b.y} width={G.bufferWidth} height={G.boxHeight} fill="url(#hatch)" stroke="#8a6d00" rx={2} />
              <text x={b.x + G.bufferWidth / 2} y={b.y + G.boxHeight + 16} textAnchor="middle" className="buffer-label">
                B{b.capacity}
              </text>
            </g>
          ))}
        </g>
        {layout.stations.map(({ station, x, y }) => {
          const selected = station.id === selectedHere;
          const type = STATION_TYPES[station.type] ?? STATION_TYPES.manual;
          const here = unitAt === station.code;
          const state = stationState?.(station);
          return (
            <g
              key={station.id}
              id={optionId(station.id)}
              role="option"
              aria-selected={selected}
              aria-label={`${station.code}, ${station.name}, ${type.label.toLowerCase()}${station.bufferAfter ? `, buffer of ${station.bufferAfter} after` : ""}${state ? `, ${state.label}` : ""}${here ? ", your unit is here" : ""}`}
              className={["station", selected ? "selected" : "", here ? "unit-here" : "", state?.className ?? ""].filter(Boolean).join(" ")}
              data-station={station.code}
              onClick={() => onSelect(selected ? null : station.id)}
            >
              <title>{`${station.code} · ${station.name}`}</title>
              <rect x={x} y={y} width={G.boxWidth} height={G.boxHeight} rx={6} fill={type.fill} />
              <text x={x + G.boxWidth / 2} y={y + 20} textAnchor="middle" className="station-code">
                {station.code}
              </text>
              <text x={x + G.boxWidth / 2} y={y + 36} textAnchor="middle" className="station-pos">
                #{station.position}
              </text>
              {here && (
                <g className="unit-marker" data-unit-at={station.code}>
                  <circle cx={x + G.boxWidth - 2} cy={y + 2} r={11} />
                  <path d={`M${x + G.boxWidth - 10} ${y + 6} h16 v-3 l-3 -1 l-2 -4 h-7 l-2 4 l-2 1 z`} className="unit-car" />
                </g>
              )}
            </g>
          );
        })}
      </svg>
    </div>
  );
}
