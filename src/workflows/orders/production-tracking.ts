import type { Order } from "../../orders/index.js";
import { operationOk, withinLimits, type Measurement } from "../../execution/index.js";
import type { DefectService } from "../quality/defect-service.js";
import type { Line } from "../../plant/index.js";
import { idempotent } from "../idempotent-consumer.js";
import { UNIT_ORDERS, type UnitOrderLink } from "../planning/plan-model.js";
import type { EventBus, Store, Subscription } from "../ports.js";
import { ORDERS, type OrderService } from "./order-service.js";

/** Station events drive the order: it starts production at the first station, enters quality in the test zone, completes when it leaves the last station. */
export const TRACKED_TYPES = ["unit.entered_station", "unit.left_station", "operation.completed"] as const;

/**
 * Subscribes the orders to the line: a durable, idempotent consumer of unit movements that
 * moves each unit's order through in_production → in_quality → completed and keeps its
 * current station, which the customer's tracking shows live.
 */
export async function startProductionTracking(bus: EventBus, store: Store, orders: OrderService, line: Line, defects?: DefectService): Promise<Subscription> {
  const zoneOf = new Map(line.stations.map((s) => [s.code, s.zone]));
  const last = line.stations.at(-1)?.code;
  return bus.subscribe(
    { consumer: "order_tracking", types: [...TRACKED_TYPES] },
    idempotent(store, "order_tracking", async (e, tx) => {
      if (e.type === "operation.completed") {
        // A station's NOK verdict, or a value outside its limits, is a defect on the unit: the gate will hold it.
        const op = e.data as { station: string; operation: string; ok: boolean; values?: Measurement[] };
        const values = op.values ?? [];
        if (defects && !operationOk({ ok: op.ok, values })) {
          const bad = values.filter((m) => !withinLimits(m));
          const code = bad.some((m) => /torque/i.test(m.name)) ? "TRQ" : "OPS";
          const note = bad.length ? bad.map((m) => `${m.name} ${m.value}${m.uom ? ` ${m.uom}` : ""} outside [${m.min ?? "-∞"}, ${m.max ?? "∞"}]`).join("; ") : `${op.operation} reported not OK`;
          await defects.recordIn(tx, { unit: e.stream, station: op.station, code, location: op.station, note });
        }
        return;
      }
      const link = await tx.getDocument<UnitOrderLink>(UNIT_ORDERS, e.stream);
      if (!link) return; // a unit no plan released (e.g. a test unit): nothing to track
      const order = (await tx.getDocument<Order>(ORDERS, link.body.orderId))?.body;
      if (!order) return;
      const station = (e.data as { station?: string }).station;
      if (!station) return;
      const testZone = zoneOf.get(station) === "test";
      if (e.type === "unit.entered_station") {
        if (order.status === "scheduled") await orders.commandIn(tx, order.id, { kind: "start_production", unitId: e.stream, station });
        else if (order.status === "in_production" && testZone) await orders.commandIn(tx, order.id, { kind: "enter_quality", station });
        else if (order.status === "in_production" || order.status === "in_quality") await orders.commandIn(tx, order.id, { kind: "reach_station", station });
      } else if (e.type === "unit.left_station" && station === last && order.status === "in_quality") {
        // The quality gate at the end of the line: a unit with an open defect is held, its order stays in quality.
        const gate = defects ? await defects.decideIn(tx, e.stream) : { pass: true };
        if (gate.pass) await orders.commandIn(tx, order.id, { kind: "complete" });
      }
    }),
  );
}
