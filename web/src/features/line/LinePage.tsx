import { memo, type ReactNode } from "react";
import type { Line, Site } from "../../api";
import { useStore } from "../../app/store-context";
import { PageHeading } from "../areas/PageHeading";
import type { AreaDef } from "../nav/areas";
import { Legend } from "./Legend";
import { LineDiagram } from "./LineDiagram";
import { OeeGauges } from "./OeeGauges";
import { StationDetails } from "./StationDetails";
import { StationTable } from "./StationTable";
import { zonesOf } from "./line-layout";
import { usePlant } from "./use-plant";

// The live map re-renders on every line state (many a second): the parts that do not depend on it are memoized.
const LegendOnce = memo(Legend);
const StationTableOnce = memo(StationTable);
const OeeGaugesOnce = memo(OeeGauges);
import { STATE_LABEL, useLineLive, type LineLive } from "./use-line-live";

/** The Line area: the plant's lines as live maps (the server's line stream), the andon board and OEE. */
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
  const live = useLineLive(line.code);
  const byCode = new Map(live.status === "ready" ? live.state.stations.map((s) => [s.code, s]) : []);
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
      <LegendOnce line={line} />
      <LiveStatus live={live} />
      <LineDiagram
        line={line}
        selectedId={state.selectedStationId}
        onSelect={(id) => dispatch({ type: "station/selected", stationId: id })}
        stationState={(s) => {
          const l = byCode.get(s.code);
          if (!l) return undefined;
          const parts = [STATE_LABEL[l.state] ?? l.state, ...(l.unit ? [`unit ${l.unit}`] : []), ...(l.andon ? [`andon: ${l.andon.reason}`] : []), ...(l.fault ? [`fault ${l.fault.code}`] : [])];
          return { className: `state-${l.state}${l.andon ? " andon" : ""}${l.unit ? " occupied" : ""}`, label: parts.join(", ") };
        }}
      />
      {live.status === "ready" && <AndonBoard live={live} />}
      {live.status === "ready" && <OeeGaugesOnce line={line.code} completed={live.state.completed} />}
      <StationDetails station={selected} />
      <StationTableOnce line={line} />
    </article>
  );
}

function LiveStatus({ live }: { readonly live: LineLive }): ReactNode {
  if (live.status === "loading") return <p className="muted live-line-status">Connecting to the line…</p>;
  if (live.status === "unavailable") return <p className="muted live-line-status">Live line state is not available here: {live.message}</p>;
  const counts = new Map<string, number>();
  for (const s of live.state.stations) counts.set(s.state, (counts.get(s.state) ?? 0) + 1);
  return (
    <div className="live-line-status" data-testid="line-live" data-received={live.received}>
      <ul className="legend state-legend" aria-label="Station states now">
        {["executing", "idle", "starved", "blocked", "faulted"].map((st) => (
          <li key={st}>
            <span className={`swatch state-swatch state-${st}`} aria-hidden="true" />
            {STATE_LABEL[st]} ({counts.get(st) ?? 0})
          </li>
        ))}
        <li>
          <strong>{live.state.units.filter((u) => u.station).length}</strong> units on the line · <strong>{live.state.completed}</strong> completed
        </li>
      </ul>
      {live.stale && (
        <p className="error" role="status">
          Live updates paused: {live.stale}
        </p>
      )}
    </div>
  );
}

function AndonBoard({ live }: { readonly live: Extract<LineLive, { status: "ready" }> }): ReactNode {
  const open = live.andons.filter((a) => a.to === null);
  return (
    <section className="andon-board" aria-labelledby="h-andon" aria-live="polite" data-testid="andon-board">
      <h3 id="h-andon">Andon board ({open.length} open)</h3>
      {open.length === 0 ? (
        <p className="muted">No open andon calls or faults.</p>
      ) : (
        <ul>
          {open.map((a, i) => (
            <li key={`${a.station}-${a.from}-${i}`} className={`andon-item andon-${a.kind}`}>
              <strong>{a.station}</strong> {a.kind === "fault" ? "fault" : "andon"}: {a.reason}
              {a.unit ? ` · unit ${a.unit}` : ""} <span className="muted">since {new Date(a.from).toLocaleTimeString()}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
