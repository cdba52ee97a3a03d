import type { Money } from "../kernel/index.js";

/**
 * The order aggregate. An order is born from a configuration the server validated and
 * priced itself; it keeps the model version it was configured with and its exploded
 * 100% bill of materials, so what is built is exactly what was ordered.
 */
export const ORDER_STATUSES = ["placed", "scheduled", "in_production", "in_quality", "completed", "shipped", "delivered", "on_hold", "cancelled"] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

/** The stages a customer sees, in order (on_hold and cancelled are shown beside them). */
export const ORDER_STAGES: readonly OrderStatus[] = ["placed", "scheduled", "in_production", "in_quality", "completed", "shipped", "delivered"];

export interface PriceLine {
  readonly label: string;
  readonly amount: Money;
}

export interface BomLine {
  readonly partNumber: string;
  readonly description: string;
  readonly quantity: number;
  readonly unit?: string;
  /** Station code where the part is installed, when known. */
  readonly station?: string;
}

export interface WorkContentLine {
  readonly station: string;
  readonly seconds: number;
  readonly label: string;
}

/** A configuration as the catalog validated, priced and exploded it. */
export interface ConfiguredProduct {
  readonly productId: string;
  readonly modelVersion: string;
  readonly selections: Readonly<Record<string, string>>;
  readonly price: { readonly total: Money; readonly lines: readonly PriceLine[] };
  readonly bom: readonly BomLine[];
  readonly workContent: readonly WorkContentLine[];
}

/** Where the order sits in a released plan: position and whether it is inside the frozen horizon. */
export interface PlanSlot {
  readonly planId: string;
  readonly position: number;
  readonly frozen: boolean;
  readonly plannedStart: string;
}

export interface Order {
  readonly id: string;
  readonly customerId: string;
  readonly status: OrderStatus;
  /** The status to return to when a hold is released. */
  readonly heldFrom: OrderStatus | null;
  readonly configuration: ConfiguredProduct;
  readonly slot: PlanSlot | null;
  readonly unitId: string | null;
  /** Station code of the unit's current position while in production. */
  readonly currentStation: string | null;
  readonly placedAt: string;
  readonly updatedAt: string;
  /** Stream version of the last applied event. */
  readonly version: number;
}
