import type { ReactNode } from "react";
import type { Line, Site } from "../../api";
import { useStore } from "../../app/store-context";
import { PageHeading } from "../areas/PageHeading";
import type { AreaDef } from "../nav/areas";
import { Legend } from "./Legend";
import { LineDiagram } from "./LineDiagram";
import { StationDetails } from "./StationDetails";
import { StationTable } from "./StationTable";
import { zonesOf } from "./line-layout";
import { usePlant } from "./use-plant";

/** The Line area: the plant's lines as maps. Live states, units and the andon board come with execution. */
export function LinePage({ area }: { readonly area: AreaDef }): ReactNode {
  const plant = usePlant();
  const { dispatch } = useStore();
  return (
    <section className="page" aria-labelledby="h-line">
      <PageHeading id="h-line">{area.label}</PageHeading>
      {plant.status === "ready" ? (
        <SiteView site={plant.data} />
      ) : plant.status === "error" ? (
        <div role="alert" className="error">
          <p>The plant could not be loaded: {plant.message}</p>
          <button type="button" onClick={() => dispatch({ type: "plant/reset" })}>
            Try again
          </button>
        </div>
      ) : (
        <p className="muted" role="status">
          Loading the plant…
        </p>
      )}
    </section>
  );
}

function SiteView({ site }: { readonly site: Site }): ReactNode {
  const lines = site.areas.flatMap((a) => a.lines.map((line) => ({ area: a.name, line })));
  return (
    <>
      <p className="site-meta">
        {site.enterprise} · {site.name} · <span title="Plant time zone">{site.timezone}</span>
      </p>
      {lines.length === 0 && <p>This site has no lines yet.</p>}
      {lines.map(({ area, line }) => (
        <LineView key={line.id} area={area} line={line} />
      ))}
    </>
  );
}

function LineView({ area, line }: { readonly area: string; readonly line: Line }): ReactNode {
  const { state, dispatch } = useStore();
  const selected = line.stations.find((s) => s.id === state.selectedStationId);
  const buffers = line.stations.filter((s) => s.bufferAfter > 0);
  const headingId = `line-${line.id}`;
  return (
    <article className="line-card" aria-labelledby={headingId} data-line-id={line.id}>
      <header className="line-head">
        <h2 id={headingId}>
          {line.code} <span className="line-name">{line.name}</span>
        </h2>
        <dl className="facts">
          <div>
            <dt>Area</dt>
            <dd>{area}</dd>
          </div>
          <div>
            <dt>Takt</dt>
            <dd>{line.takt} s</dd>
          </div>
          <div>
            <dt>Stations</dt>
            <dd data-testid="station-count">{line.stations.length}</dd>
          </div>
          <div>
            <dt>Zones</dt>
            <dd>{zonesOf(line.stations).length}</dd>
          </div>
          <div>
            <dt>Buffers</dt>
            <dd>
              {buffers.length} ({buffers.reduce((n, s) => n + s.bufferAfter, 0)} units)
            </dd>
          </div>
          <div>
            <dt>Mix</dt>
            <dd>{line.mixedModel ? "mixed model" : "single model"}</dd>
          </div>
        </dl>
      </header>
      <Legend line={line} />
      <LineDiagram line={line} selectedId={state.selectedStationId} onSelect={(id) => dispatch({ type: "station/selected", stationId: id })} />
      <StationDetails station={selected} />
      <StationTable line={line} />
    </article>
  );
}
