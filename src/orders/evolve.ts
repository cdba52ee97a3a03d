import { ConflictError } from "../kernel/index.js";
import type { OrderEvent } from "./events.js";
import type { Order } from "./model.js";

/**
 * Applies one event to an order (the only way an order's state changes).
 * `order.placed` creates it; every other event needs an existing order.
 */
export function evolve(order: Order | null, e: OrderEvent): Order {
  if (e.type === "order.placed") {
    if (order) throw new ConflictError(`order ${order.id} already placed`);
    return {
      id: e.data.orderId,
      customerId: e.data.customerId,
      status: "placed",
      heldFrom: null,
      configuration: e.data.configuration,
      slot: null,
      unitId: null,
      currentStation: null,
      placedAt: e.time,
      updatedAt: e.time,
      version: 1,
    };
  }
  if (!order) throw new ConflictError(`${e.type} before order.placed`);
  const base = { ...order, updatedAt: e.time, version: order.version + 1 };
  switch (e.type) {
    case "order.changed":
      return { ...base, configuration: e.data.configuration };
    case "order.scheduled":
      return { ...base, status: order.status === "on_hold" ? "on_hold" : "scheduled", heldFrom: order.status === "on_hold" ? "scheduled" : null, slot: e.data.slot };
    case "order.unscheduled":
      return {
        ...base,
        slot: null,
        status: order.status === "on_hold" ? "on_hold" : "placed",
        heldFrom: order.status === "on_hold" ? "placed" : null,
      };
    case "order.frozen":
      return { ...base, slot: e.data.slot };
    case "order.production_started":
      return { ...base, status: "in_production", unitId: e.data.unitId, currentStation: e.data.station };
    case "order.station_reached":
      return { ...base, currentStation: e.data.station };
    case "order.quality_entered":
      return { ...base, status: "in_quality", currentStation: e.data.station };
    case "order.reworked":
      return { ...base, status: "in_production", currentStation: e.data.station };
    case "order.completed":
      return { ...base, status: "completed", currentStation: null };
    case "order.shipped":
      return { ...base, status: "shipped" };
    case "order.delivered":
      return { ...base, status: "delivered" };
    case "order.held":
      return { ...base, status: "on_hold", heldFrom: order.status };
    case "order.released":
      return { ...base, status: order.heldFrom ?? "placed", heldFrom: null };
    case "order.cancelled":
      return { ...base, status: "cancelled", heldFrom: null, slot: null };
  }
}

/** Rebuilds an order from its events. */
export function replay(events: readonly OrderEvent[]): Order | null {
  return events.reduce<Order | null>((o, e) => evolve(o, e), null);
}
