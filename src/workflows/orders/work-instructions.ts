import { NotFoundError } from "../../kernel/index.js";
import type { Order } from "../../orders/index.js";
import type { Station } from "../../plant/index.js";
import type { CatalogService } from "../catalog/catalog-service.js";
import { UNIT_ORDERS, type UnitOrderLink } from "../planning/plan-model.js";
import type { Store } from "../ports.js";
import { ORDERS } from "./order-service.js";

/** What an operator sees at a station for the unit in front of them. */
export interface WorkInstructions {
  readonly station: string;
  readonly stationName: string;
  readonly unitId: string;
  readonly orderId: string;
  readonly modelVersion: string;
  /** The customer's choices, for the operator's reference (colour, trim…). */
  readonly selections: Readonly<Record<string, string>>;
  /** Tasks at this station for this unit: base work and the work its options add, with standard times. */
  readonly tasks: readonly { label: string; seconds: number; option: boolean }[];
  readonly taskSeconds: number;
  readonly taktSeconds: number;
  /** Parts of the order's 100% BOM installed here: each is scanned (serial and lot) into the genealogy. */
  readonly parts: readonly { partNumber: string; description: string; quantity: number; unit: string }[];
}

/**
 * Work instructions per station and unit, from the order's exploded 100% BOM (lines assigned to
 * the station) and the model's work content evaluated for the order's configuration, on the
 * model version the order was configured with.
 */
export async function workInstructions(store: Store, catalog: CatalogService, station: Station, takt: number, unitId: string): Promise<WorkInstructions> {
  const link = (await store.getDocument<UnitOrderLink>(UNIT_ORDERS, unitId))?.body;
  if (!link) throw new NotFoundError("unit with a released order", unitId);
  const order = (await store.getDocument<Order>(ORDERS, link.orderId))?.body;
  if (!order) throw new NotFoundError("order", link.orderId);
  const c = order.configuration;
  const tasks = await catalog.workAt(c.productId, c.modelVersion, c.selections, station.code);
  return {
    station: station.code,
    stationName: station.name,
    unitId,
    orderId: order.id,
    modelVersion: c.modelVersion,
    selections: c.selections,
    tasks,
    taskSeconds: tasks.reduce((t, x) => t + x.seconds, 0),
    taktSeconds: takt,
    parts: c.bom.filter((b) => b.station === station.code).map((b) => ({ partNumber: b.partNumber, description: b.description, quantity: b.quantity, unit: b.unit ?? "pc" })),
  };
}
