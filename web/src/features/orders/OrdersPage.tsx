import type { ReactNode } from "react";
import type { Order } from "../../api";
import { formatDateTime, formatMoney, humanize } from "../../app/format";
import { hrefFor } from "../../app/route";
import { useStore } from "../../app/store-context";
import { useRemote } from "../../app/use-remote";
import { useRouteArgs } from "../../app/use-route-args";
import { PageHeading } from "../areas/PageHeading";
import type { AreaDef } from "../nav/areas";
import { VehiclePicture } from "../vehicle/VehiclePicture";
import { choicesOf } from "../vehicle/vehicle-look";
import { OrderDetail } from "./OrderDetail";
import { stageLabel } from "./StageStepper";
import "./orders.css";

/** My orders: the list (#/orders) and one order with live tracking (#/orders/<id>). */
export function OrdersPage({ area }: { readonly area: AreaDef }): ReactNode {
  const [orderId] = useRouteArgs();
  return orderId ? <OrderDetail key={orderId} orderId={orderId} /> : <OrderList area={area} />;
}

const HEADLINE = [/^trim|^model|^line$/, /colou?r$|^paint/, /^engine|^drive$|^powertrain|^motor/, /^wheel|^rim/, /^roof$|^sunroof/];

/** The few choices that say which car it is (trim, paint, engine, wheels, roof), else the first five. */
export function headlineChoices(selections: Readonly<Record<string, string>>): string[] {
  const entries = Object.entries(selections);
  const picked = HEADLINE.map((re) => entries.find(([family]) => re.test(family.toLowerCase()))).filter((e): e is [string, string] => e !== undefined);
  return (picked.length >= 2 ? picked : entries.slice(0, 5)).map(([family, value]) => `${humanize(family)} ${humanize(value)}`);
}

export const orderHref = (id: string): string => `${hrefFor("orders")}/${encodeURIComponent(id)}`;

function OrderList({ area }: { readonly area: AreaDef }): ReactNode {
  const { api } = useStore();
  const { remote } = useRemote((signal) => api.orders(signal), [api]);
  return (
    <section className="page" aria-labelledby="h-orders">
      <PageHeading id="h-orders">{area.label}</PageHeading>
      {remote.status === "loading" && (
        <p className="muted" role="status">
          Loading your orders…
        </p>
      )}
      {remote.status === "error" && (
        <p role="alert" className="error">
          Your orders could not be loaded: {remote.message}
        </p>
      )}
      {remote.status === "ready" && remote.data.orders.length === 0 && (
        <p className="notice">
          No orders yet. <a href={hrefFor("configure")}>Configure a vehicle</a> to place one.
        </p>
      )}
      {remote.status === "ready" && remote.data.orders.length > 0 && (
        <ul className="order-list">
          {remote.data.orders.map((o) => (
            <OrderCard key={o.id} order={o} />
          ))}
        </ul>
      )}
    </section>
  );
}

function OrderCard({ order }: { readonly order: Order }): ReactNode {
  const c = order.configuration;
  return (
    <li className="order-card" data-order-id={order.id}>
      <VehiclePicture choices={choicesOf(c.selections)} className="vehicle thumb" />
      <div className="order-card-body">
        <h2>
          <a href={orderHref(order.id)}>
            {humanize(c.productId.replace(/^prd_/, ""))} <span className="muted order-id">{order.id}</span>
          </a>
        </h2>
        <p className="order-choices">{headlineChoices(c.selections).join(" · ")}</p>
        <p className="muted">
          Ordered {formatDateTime(order.placedAt)} · <span className={`badge order-${order.status}`}>{order.status === "on_hold" ? "On hold" : stageLabel(order.status)}</span>
        </p>
      </div>
      <p className="order-total">{formatMoney(c.price.total)}</p>
    </li>
  );
}
