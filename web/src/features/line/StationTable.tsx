import type { ReactNode } from "react";
import type { Line } from "../../api";
import { zoneLabel } from "./line-layout";
import { STATION_TYPES } from "./station-types";

/** Every station as a table: the text alternative of the map, and handy for a quick scan. */
export function StationTable({ line }: { readonly line: Line }): ReactNode {
  return (
    <details className="station-table">
      <summary>All {line.stations.length} stations of {line.code} as a table</summary>
      <table>
        <caption className="visually-hidden">Stations of line {line.code} in flow order</caption>
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">Code</th>
            <th scope="col">Name</th>
            <th scope="col">Zone</th>
            <th scope="col">Type</th>
            <th scope="col">Buffer after</th>
          </tr>
        </thead>
        <tbody>
          {line.stations.map((s) => (
            <tr key={s.id}>
              <td>{s.position}</td>
              <th scope="row">{s.code}</th>
              <td>{s.name}</td>
              <td>{zoneLabel(s.zone)}</td>
              <td>{STATION_TYPES[s.type]?.label ?? s.type}</td>
              <td>{s.bufferAfter || ""}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}
