import type { ReactNode } from "react";
import type { Line, StationType } from "../../api";
import { STATION_TYPES } from "./station-types";

/** Station types present on the line, plus the buffer mark. */
export function Legend({ line }: { readonly line: Line }): ReactNode {
  const present = new Set<StationType>(line.stations.map((s) => s.type));
  return (
    <ul className="legend" aria-label="Legend">
      {(Object.keys(STATION_TYPES) as StationType[])
        .filter((t) => present.has(t))
        .map((t) => (
          <li key={t}>
            <span className="swatch" style={{ background: STATION_TYPES[t].fill }} aria-hidden="true" />
            {STATION_TYPES[t].label}
          </li>
        ))}
      <li>
        <span className="swatch hatch" aria-hidden="true" />
        Buffer (B = capacity in units)
      </li>
    </ul>
  );
}
