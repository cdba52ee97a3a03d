import { useState, type ReactNode } from "react";
import type { QualityDefect } from "../../api";
import { formatDateTime } from "../../app/format";
import { useStore } from "../../app/store-context";
import { useRemote } from "../../app/use-remote";
import { usePolling } from "./use-quality";

const STATE_TEXT: Readonly<Record<QualityDefect["state"], string>> = { open: "open", repaired: "repaired, awaiting re-inspection", verified: "closed (verified)" };

/** The defect table: unit, station, code, severity, location, state (and whether a gate holds the unit). */
export function DefectTable({ defects, caption }: { readonly defects: readonly QualityDefect[]; readonly caption: string }): ReactNode {
  if (defects.length === 0) return <p className="notice">No defects match.</p>;
  return (
    <table className="data defects">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Found</th>
          <th scope="col">Unit</th>
          <th scope="col">Station</th>
          <th scope="col">Defect</th>
          <th scope="col">Severity</th>
          <th scope="col">Location</th>
          <th scope="col">State</th>
        </tr>
      </thead>
      <tbody>
        {defects.map((d) => (
          <tr key={d.id} data-defect={d.id} data-state={d.state} className={d.state === "verified" ? "closed" : "open"}>
            <td>{formatDateTime(d.at)}</td>
            <th scope="row">{d.unit}</th>
            <td>{d.station}</td>
            <td>
              {d.code}
              {d.note ? <span className="muted"> — {d.note}</span> : null}
            </td>
            <td>
              <span className={`badge sev-${d.severity}`}>{d.severity}</span>
            </td>
            <td>{d.location}</td>
            <td>
              {STATE_TEXT[d.state] ?? d.state}
              {d.heldAt && d.state !== "verified" ? <span className="muted"> · unit held at {d.heldAt}</span> : null}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The defect list, filtered by station, unit and open/closed, refreshed every 5 s. */
export function DefectList(): ReactNode {
  const { api } = useStore();
  const [state, setState] = useState<"open" | "closed" | "">("open");
  const [station, setStation] = useState("");
  const [unit, setUnit] = useState("");
  const q = { ...(state ? { state } : {}), ...(/^[A-Za-z0-9_-]{1,40}$/.test(station) ? { station } : {}), ...(/^unit_[0-9a-z_-]{1,64}$/.test(unit) ? { unit } : {}) };
  const { remote, reload } = useRemote((signal) => api.qualityDefects(q, signal), [api, q.state, q.station, q.unit]);
  usePolling(reload, 5000);
  return (
    <section className="card" aria-labelledby="h-defects">
      <h2 id="h-defects">Defects</h2>
      <div className="toolbar">
        <label htmlFor="d-state">Show</label>
        <select id="d-state" value={state} onChange={(e) => setState(e.target.value as "open" | "closed" | "")}>
          <option value="open">open</option>
          <option value="closed">closed</option>
          <option value="">all</option>
        </select>
        <label htmlFor="d-station">Station</label>
        <input id="d-station" value={station} placeholder="any" onChange={(e) => setStation(e.target.value.trim())} />
        <label htmlFor="d-unit">Unit</label>
        <input id="d-unit" value={unit} placeholder="unit_…" onChange={(e) => setUnit(e.target.value.trim())} />
      </div>
      {remote.status === "error" ? (
        <p role="alert" className="error">
          {remote.message}
        </p>
      ) : remote.status !== "ready" ? (
        <p className="muted">Loading the defects…</p>
      ) : (
        <div aria-live="polite">
          <DefectTable defects={remote.data.defects} caption={`${remote.data.open} open of ${remote.data.total} defects recorded`} />
        </div>
      )}
    </section>
  );
}
