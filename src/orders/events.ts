import type { ConfiguredProduct, PlanSlot } from "./model.js";

/** Every change of an order is one of these events (CloudEvents `type` = the key). */
export interface OrderEventData {
  "order.placed": { orderId: string; customerId: string; configuration: ConfiguredProduct };
  "order.changed": { configuration: ConfiguredProduct; reason: string };
  "order.scheduled": { slot: PlanSlot };
  "order.unscheduled": { planId: string };
  "order.frozen": { slot: PlanSlot };
  "order.production_started": { unitId: string; station: string };
  "order.station_reached": { station: string };
  "order.quality_entered": { station: string };
  "order.reworked": { station: string; reason: string };
  "order.completed": Record<string, never>;
  "order.shipped": { carrier?: string };
  "order.delivered": Record<string, never>;
  "order.held": { reason: string };
  "order.released": Record<string, never>;
  "order.cancelled": { reason: string };
}
export type OrderEventType = keyof OrderEventData;
export type OrderEvent = { [K in OrderEventType]: { type: K; data: OrderEventData[K]; time: string } }[OrderEventType];
