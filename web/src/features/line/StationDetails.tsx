import type { ReactNode } from "react";
import type { Station } from "../../api";
import { zoneLabel } from "./line-layout";
import { STATION_TYPES } from "./station-types";

/** The selected station, announced politely when the selection moves. */
export function StationDetails({ station }: { readonly station: Station | undefined }): ReactNode {
  return (
    <div className="station-details" aria-live="polite">
      {station ? (
        <dl>
          <div>
            <dt>Station</dt>
            <dd>
              <strong>{station.code}</strong> {station.name}
            </dd>
          </div>
          <div>
            <dt>Position</dt>
            <dd>{station.position}</dd>
          </div>
          <div>
            <dt>Zone</dt>
            <dd>{zoneLabel(station.zone)}</dd>
          </div>
          <div>
            <dt>Type</dt>
            <dd>{STATION_TYPES[station.type]?.label ?? station.type}</dd>
          </div>
          <div>
            <dt>Buffer after</dt>
            <dd>{station.bufferAfter > 0 ? `${station.bufferAfter} units` : "none"}</dd>
          </div>
          <div>
            <dt>Work</dt>
            <dd>{station.work.length ? station.work.map((w) => w.replace(/_/g, " ")).join(", ") : "—"}</dd>
          </div>
        </dl>
      ) : (
        <p className="muted">Select a station on the map (click it, or focus the map and use the arrow keys) to see its details.</p>
      )}
    </div>
  );
}
