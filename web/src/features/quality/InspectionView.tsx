import { useState, type ReactNode } from "react";
import type { Inspection } from "../../api";
import { formatDateTime } from "../../app/format";
import { useStore } from "../../app/store-context";
import { useRemote } from "../../app/use-remote";
import { pct, REASON_TEXT, useInspectionImage, usePolling } from "./use-quality";

/** The live verdict (acted on) and the shadow's beside it, marked when they disagree. */
export function VerdictPair({ inspection }: { readonly inspection: Inspection }): ReactNode {
  const { live, shadow } = inspection;
  const disagree = shadow !== undefined && shadow.verdict.label !== live.verdict.label;
  return (
    <dl className="verdicts">
      <dt>Live {live.model}</dt>
      <dd data-verdict="live">
        <strong>{live.verdict.label}</strong> {pct(live.verdict.score)}
      </dd>
      {shadow && (
        <>
          <dt>Shadow {shadow.model}</dt>
          <dd data-verdict="shadow" className={disagree ? "disagree" : undefined}>
            <strong>{shadow.verdict.label}</strong> {pct(shadow.verdict.score)}
            {disagree ? <span className="badge">disagrees</span> : null}
          </dd>
        </>
      )}
    </dl>
  );
}

/** One inspected image with what the models said; `imageUrl` null while it loads. */
export function InspectionCard({ inspection, imageUrl, imageFailed = false }: { readonly inspection: Inspection; readonly imageUrl: string | null; readonly imageFailed?: boolean }): ReactNode {
  const i = inspection;
  const alt = `${i.station} camera image of ${i.unit}, judged ${i.live.verdict.label}`;
  return (
    <figure className="inspection" data-inspection={i.id}>
      {imageUrl ? <img src={imageUrl} alt={alt} width={160} height={160} /> : <div className="img-placeholder" role="img" aria-label={imageFailed ? `image of ${i.unit} could not be loaded` : `loading the image of ${i.unit}`} />}
      <figcaption>
        <span>
          {i.unit} at {i.station} · {formatDateTime(i.at)}
        </span>
        <VerdictPair inspection={i} />
        {i.defect ? <span className="defect-opened">defect {i.defect} opened</span> : null}
        {i.review && i.review.length > 0 ? <span className="muted">to review: {i.review.map((r) => REASON_TEXT[r] ?? r).join(", ")}</span> : null}
      </figcaption>
    </figure>
  );
}

function LoadedInspection({ inspection }: { readonly inspection: Inspection }): ReactNode {
  const img = useInspectionImage(inspection.id);
  return <InspectionCard inspection={inspection} imageUrl={img.url} imageFailed={img.failed} />;
}

/** The latest inspections (optionally of one station), their images and verdicts, refreshed every 5 s. */
export function Inspections(): ReactNode {
  const { api } = useStore();
  const [station, setStation] = useState("");
  const q = { limit: 24, ...(/^[A-Za-z0-9_-]{1,40}$/.test(station) ? { station } : {}) };
  const { remote, reload } = useRemote((signal) => api.inspections(q, signal), [api, q.station]);
  usePolling(reload, 5000);
  return (
    <section className="card" aria-labelledby="h-inspections">
      <h2 id="h-inspections">Inspections</h2>
      <div className="toolbar">
        <label htmlFor="i-station">Station</label>
        <input id="i-station" value={station} placeholder="any" onChange={(e) => setStation(e.target.value.trim())} />
      </div>
      {remote.status === "error" ? (
        <p role="alert" className="error">
          {remote.message}
        </p>
      ) : remote.status !== "ready" ? (
        <p className="muted">Loading the inspections…</p>
      ) : remote.data.inspections.length === 0 ? (
        <p className="notice">No images inspected yet: stations post them once a model is deployed.</p>
      ) : (
        <div className="inspection-grid">
          {remote.data.inspections.map((i) => (
            <LoadedInspection key={i.id} inspection={i} />
          ))}
        </div>
      )}
    </section>
  );
}
