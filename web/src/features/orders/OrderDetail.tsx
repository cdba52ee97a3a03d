import { useCallback, useEffect, useMemo, useRef, type ReactNode } from "react";
import type { Order, OrderTracking, Site } from "../../api";
import { formatDateTime, formatMoney, humanize } from "../../app/format";
import { hrefFor } from "../../app/route";
import { useStore } from "../../app/store-context";
import { useRemote } from "../../app/use-remote";
import { PageHeading } from "../areas/PageHeading";
import { LineDiagram } from "../line/LineDiagram";
import { usePlant } from "../line/use-plant";
import { VehiclePicture } from "../vehicle/VehiclePicture";
import { choicesOf } from "../vehicle/vehicle-look";
import { StageStepper, stageLabel } from "./StageStepper";
import { useOrderStream, type StreamStatus } from "./use-order-stream";

/** One order: stage, ETA and the unit's place on the line, kept live by the order's event stream; then its configuration, price and BOM. */
export function OrderDetail({ orderId }: { readonly orderId: string }): ReactNode {
  const { api } = useStore();
  const order = useRemote((signal) => api.order(orderId, signal), [api, orderId]);
  const tracking = useRemote((signal) => api.tracking(orderId, signal), [api, orderId]);
  const plant = usePlant();

  // Every event of the order may move it: re-read order and tracking, coalescing a burst (the replay on connect) into one read.
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const reloadOrder = order.reload;
  const reloadTracking = tracking.reload;
  const onEvent = useCallback(() => {
    clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      reloadOrder();
      reloadTracking();
    }, 150);
  }, [reloadOrder, reloadTracking]);
  useEffect(() => () => clearTimeout(timer.current), []);
  const live = useOrderStream(orderId, onEvent);

  return (
    <section className="page order-page" aria-labelledby="h-order">
      <p className="crumbs">
        <a href={hrefFor("orders")}>← My orders</a>
      </p>
      <PageHeading id="h-order">
        Order <span className="order-id">{orderId}</span>
      </PageHeading>
      {order.remote.status === "error" && (
        <p role="alert" className="error">
          This order could not be loaded: {order.remote.message}
        </p>
      )}
      {order.remote.status === "loading" && (
        <p className="muted" role="status">
          Loading the order…
        </p>
      )}
      {order.remote.status === "ready" && (
        <>
          <TrackingCard tracking={tracking.remote.status === "ready" ? tracking.remote.data : null} trackingError={tracking.remote.status === "error" ? tracking.remote.message : null} live={live} order={order.remote.data} site={plant.status === "ready" ? plant.data : null} />
          <div className="order-columns">
            <ConfigurationCard order={order.remote.data} />
            <BomCard order={order.remote.data} />
          </div>
        </>
      )}
    </section>
  );
}

const LIVE_TEXT: Record<StreamStatus, string> = {
  connecting: "Connecting to live updates…",
  live: "Live",
  reconnecting: "Connection lost; reconnecting…",
  unavailable: "Live updates are not available for this order.",
};

function TrackingCard({ tracking, trackingError, live, order, site }: { readonly tracking: OrderTracking | null; readonly trackingError: string | null; readonly live: StreamStatus; readonly order: Order; readonly site: Site | null }): ReactNode {
  const line = site?.areas[0]?.lines[0] ?? null;
  const station = tracking?.currentStation ? line?.stations.find((s) => s.code === tracking.currentStation) : undefined;
  const selectedId = useMemo(() => station?.id ?? null, [station]);
  return (
    <article className="card tracking" aria-labelledby="h-tracking" data-status={tracking?.status ?? order.status}>
      <header className="card-head">
        <h2 id="h-tracking">Tracking</h2>
        <span className={`live live-${live}`} role="status" data-live={live}>
          <span className="live-dot" aria-hidden="true" />
          {LIVE_TEXT[live]}
        </span>
      </header>
      {trackingError && (
        <p role="alert" className="error">
          Tracking could not be loaded: {trackingError}
        </p>
      )}
      {tracking && (
        <>
          <StageStepper tracking={tracking} />
          {tracking.status === "on_hold" && <p className="notice">This order is on hold. We will tell you when it moves again.</p>}
          {tracking.status === "cancelled" && <p className="notice">This order was cancelled.</p>}
          <dl className="facts tracking-facts" aria-live="polite">
            <div>
              <dt>Stage</dt>
              <dd data-testid="stage">{tracking.status === "on_hold" ? "On hold" : stageLabel(tracking.status)}</dd>
            </div>
            <div>
              <dt>Expected completion</dt>
              <dd data-testid="eta">{tracking.eta ? formatDateTime(tracking.eta) : "not known yet"}</dd>
            </div>
            <div>
              <dt>Where</dt>
              <dd data-testid="where">{station ? `${station.code} · ${station.name}` : tracking.currentStation ?? (order.slot ? `planned at position ${order.slot.position}` : "not on the line yet")}</dd>
            </div>
          </dl>
          <p className="muted eta-basis">ETA basis: {tracking.etaBasis}.</p>
        </>
      )}
      {line ? (
        <figure className="tracking-map">
          <LineDiagram line={line} selectedId={selectedId} onSelect={() => {}} unitAt={tracking?.currentStation ?? null} />
          <figcaption className="muted">
            Line {line.code}: {station ? `your vehicle is at ${station.code} (${station.name}), station ${station.position} of ${line.stations.length}.` : "your vehicle is not on the line yet."}
          </figcaption>
        </figure>
      ) : (
        <p className="muted">Loading the line…</p>
      )}
    </article>
  );
}

function ConfigurationCard({ order }: { readonly order: Order }): ReactNode {
  const c = order.configuration;
  return (
    <article className="card" aria-labelledby="h-config">
      <h2 id="h-config">Your vehicle</h2>
      <VehiclePicture choices={choicesOf(c.selections)} />
      <h3 className="sub">Your choices ({Object.keys(c.selections).length})</h3>
      <dl className="choices">
        {Object.entries(c.selections).map(([family, value]) => (
          <div key={family}>
            <dt>{humanize(family)}</dt>
            <dd>{humanize(value)}</dd>
          </div>
        ))}
      </dl>
      <h3 className="sub">Price</h3>
      <table className="data price" aria-label="Price breakdown">
        <tbody>
          {c.price.lines.map((l, i) => (
            <tr key={i}>
              <th scope="row">{l.label}</th>
              <td>{formatMoney(l.amount)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">Total</th>
            <td data-testid="order-total">{formatMoney(c.price.total)}</td>
          </tr>
        </tfoot>
      </table>
      <p className="muted">
        Product {c.productId}, model {c.modelVersion}. Ordered {formatDateTime(order.placedAt)}.
      </p>
    </article>
  );
}

function BomCard({ order }: { readonly order: Order }): ReactNode {
  const bom = order.configuration.bom;
  const stations = new Set(bom.map((b) => b.station).filter(Boolean));
  return (
    <article className="card" aria-labelledby="h-bom">
      <h2 id="h-bom">Bill of materials</h2>
      <p>
        {bom.length} parts lines, fitted at {stations.size} stations.
      </p>
      <BomTable bom={bom} />
    </article>
  );
}

function BomTable({ bom }: { readonly bom: Order["configuration"]["bom"] }): ReactNode {
  const table = (
      <table className="data">
        <thead>
          <tr>
            <th scope="col">Part</th>
            <th scope="col">Description</th>
            <th scope="col">Qty</th>
            <th scope="col">Station</th>
          </tr>
        </thead>
        <tbody>
          {bom.map((b, i) => (
            <tr key={`${b.partNumber}-${i}`}>
              <td>
                <code>{b.partNumber}</code>
              </td>
              <td>{b.description}</td>
              <td>
                {b.quantity}
                {b.unit ? ` ${b.unit}` : ""}
              </td>
              <td>{b.station ?? "–"}</td>
            </tr>
          ))}
        </tbody>
      </table>
  );
  return bom.length > 10 ? (
    <details className="bom-details">
      <summary>Show all {bom.length} lines</summary>
      {table}
    </details>
  ) : (
    table
  );
}
