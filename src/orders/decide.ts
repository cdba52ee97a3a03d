import { ConflictError, ValidationError } from "../kernel/index.js";
import type { OrderEvent } from "./events.js";
import type { ConfiguredProduct, Order, OrderStatus, PlanSlot } from "./model.js";

/** Commands an order accepts. Each is decided against the current state into events, or refused. */
export type OrderCommand =
  | { kind: "change"; configuration: ConfiguredProduct; reason?: string }
  | { kind: "schedule"; slot: PlanSlot }
  | { kind: "unschedule"; planId: string }
  | { kind: "freeze"; slot: PlanSlot }
  | { kind: "start_production"; unitId: string; station: string }
  | { kind: "reach_station"; station: string }
  | { kind: "enter_quality"; station: string }
  | { kind: "rework"; station: string; reason: string }
  | { kind: "complete" }
  | { kind: "ship"; carrier?: string }
  | { kind: "deliver" }
  | { kind: "hold"; reason: string }
  | { kind: "release" }
  | { kind: "cancel"; reason: string };

/** The state machine's edges: which commands each status admits. */
const ALLOWED: Record<OrderStatus, readonly OrderCommand["kind"][]> = {
  placed: ["change", "schedule", "hold", "cancel"],
  scheduled: ["change", "schedule", "unschedule", "freeze", "start_production", "hold", "cancel"],
  in_production: ["reach_station", "enter_quality", "rework", "hold"],
  in_quality: ["reach_station", "rework", "complete", "hold"],
  completed: ["ship", "hold"],
  shipped: ["deliver"],
  delivered: [],
  on_hold: ["release", "cancel", "change", "unschedule"],
  cancelled: [],
};

/** Why a change or cancellation is refused now, or null when it is allowed (until the frozen horizon). */
export function changeBlockedReason(order: Order): string | null {
  if (order.slot?.frozen)
    return `order ${order.id} is in the frozen horizon of plan ${order.slot.planId} (position ${order.slot.position}, planned start ${order.slot.plannedStart}); changes and cancellation closed`;
  const effective = order.status === "on_hold" ? order.heldFrom : order.status;
  if (effective && !["placed", "scheduled"].includes(effective)) return `order ${order.id} is ${effective.replace("_", " ")}; changes and cancellation closed`;
  return null;
}

/**
 * Decides a command against an order: returns the events it causes.
 * @throws ConflictError with the reason when the command is not allowed in the order's state
 * (e.g. a change after the order entered the plan's frozen horizon).
 * @example decide(order, { kind: "cancel", reason: "customer" }, now) // [{ type: "order.cancelled", … }]
 */
export function decide(order: Order, cmd: OrderCommand, time: string): OrderEvent[] {
  if (!ALLOWED[order.status].includes(cmd.kind))
    throw new ConflictError(`order ${order.id} is ${order.status}: cannot ${cmd.kind.replace("_", " ")}`, { status: order.status, command: cmd.kind });
  switch (cmd.kind) {
    case "change":
    case "cancel": {
      const why = changeBlockedReason(order);
      if (why) throw new ConflictError(why, { status: order.status, command: cmd.kind, frozen: order.slot?.frozen ?? false });
      if (cmd.kind === "cancel") return [{ type: "order.cancelled", data: { reason: cmd.reason }, time }];
      if (cmd.configuration.productId !== order.configuration.productId)
        throw new ValidationError("configuration/productId: a change keeps the product", [{ path: "/configuration/productId", message: "must stay the same" }]);
      return [{ type: "order.changed", data: { configuration: cmd.configuration, reason: cmd.reason ?? "customer change" }, time }];
    }
    case "schedule":
      if (order.slot?.frozen) throw new ConflictError(`order ${order.id} is frozen at position ${order.slot.position}; it cannot move`);
      return [{ type: "order.scheduled", data: { slot: { ...cmd.slot, frozen: false } }, time }];
    case "unschedule":
      if (order.slot?.frozen) throw new ConflictError(`order ${order.id} is frozen at position ${order.slot.position}; it cannot leave the plan`);
      if (!order.slot || order.slot.planId !== cmd.planId) return [];
      return [{ type: "order.unscheduled", data: { planId: cmd.planId }, time }];
    case "freeze":
      if (order.slot?.frozen) return [];
      return [{ type: "order.frozen", data: { slot: { ...cmd.slot, frozen: true } }, time }];
    case "start_production":
      return [{ type: "order.production_started", data: { unitId: cmd.unitId, station: cmd.station }, time }];
    case "reach_station":
      if (order.currentStation === cmd.station) return [];
      return [{ type: "order.station_reached", data: { station: cmd.station }, time }];
    case "enter_quality":
      return [{ type: "order.quality_entered", data: { station: cmd.station }, time }];
    case "rework":
      return [{ type: "order.reworked", data: { station: cmd.station, reason: cmd.reason }, time }];
    case "complete":
      return [{ type: "order.completed", data: {}, time }];
    case "ship":
      return [{ type: "order.shipped", data: cmd.carrier ? { carrier: cmd.carrier } : {}, time }];
    case "deliver":
      return [{ type: "order.delivered", data: {}, time }];
    case "hold":
      return [{ type: "order.held", data: { reason: cmd.reason }, time }];
    case "release":
      return [{ type: "order.released", data: {}, time }];
  }
}
