import { ORDER_STAGES, type Order, type OrderStatus } from "./model.js";

/** What a customer sees of their order. */
export interface OrderTracking {
  readonly orderId: string;
  readonly status: OrderStatus;
  /** Index of the current stage in ORDER_STAGES (the held-from stage while on hold). */
  readonly stageIndex: number;
  readonly stages: readonly OrderStatus[];
  readonly currentStation: string | null;
  /** Estimated completion (leaves the last station), ISO time, or null when it cannot be estimated yet. */
  readonly eta: string | null;
  readonly etaBasis: string;
}

export interface LineTiming {
  /** Takt in seconds. */
  readonly takt: number;
  /** Station codes in line order. */
  readonly stations: readonly string[];
}

/**
 * The customer's view of an order: stage, station and ETA. ETA while on the line is
 * now + remaining stations × takt; while scheduled, planned start + stations × takt.
 */
export function trackOrder(order: Order, line: LineTiming, nowIso: string): OrderTracking {
  const effective = order.status === "on_hold" ? (order.heldFrom ?? "placed") : order.status;
  const stageIndex = Math.max(0, ORDER_STAGES.indexOf(effective));
  const lineSeconds = line.stations.length * line.takt;
  let eta: string | null = null;
  let etaBasis = "not planned yet";
  if (order.status === "cancelled") etaBasis = "cancelled";
  else if (order.status === "on_hold") etaBasis = "on hold";
  else if (effective === "scheduled" && order.slot) {
    eta = new Date(Date.parse(order.slot.plannedStart) + lineSeconds * 1000).toISOString();
    etaBasis = `planned start at position ${order.slot.position} + ${line.stations.length} stations × ${line.takt} s`;
  } else if (effective === "in_production" || effective === "in_quality") {
    const at = order.currentStation ? line.stations.indexOf(order.currentStation) : 0;
    const remaining = Math.max(0, line.stations.length - Math.max(0, at));
    eta = new Date(Date.parse(nowIso) + remaining * line.takt * 1000).toISOString();
    etaBasis = `${remaining} stations to go × ${line.takt} s`;
  } else if (["completed", "shipped", "delivered"].includes(effective)) etaBasis = "built";
  return { orderId: order.id, status: order.status, stageIndex, stages: ORDER_STAGES, currentStation: order.currentStation, eta, etaBasis };
}
