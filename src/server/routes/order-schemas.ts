import { Type } from "typebox";
import { ORDER_STATUSES } from "../../orders/index.js";

const MoneySchema = Type.Object({ amount: Type.Integer({ description: "minor units (cents)" }), currency: Type.String() });
export const Selections = Type.Record(Type.String({ minLength: 1, maxLength: 100 }), Type.String({ minLength: 1, maxLength: 100 }), {
  description: "family → value",
  maxProperties: 500,
});
export const StatusSchema = Type.Union(ORDER_STATUSES.map((s) => Type.Literal(s)));

export const ConfiguredProductSchema = Type.Object({
  productId: Type.String(),
  modelVersion: Type.String(),
  selections: Type.Record(Type.String(), Type.String()),
  price: Type.Object({ total: MoneySchema, lines: Type.Array(Type.Object({ label: Type.String(), amount: MoneySchema })) }),
  bom: Type.Array(
    Type.Object({
      partNumber: Type.String(),
      description: Type.String(),
      quantity: Type.Number(),
      unit: Type.Optional(Type.String()),
      station: Type.Optional(Type.String()),
    }),
  ),
  workContent: Type.Array(Type.Object({ station: Type.String(), seconds: Type.Number(), label: Type.String() })),
});

export const OrderSchema = Type.Object({
  id: Type.String(),
  customerId: Type.String(),
  status: StatusSchema,
  heldFrom: Type.Union([StatusSchema, Type.Null()]),
  configuration: ConfiguredProductSchema,
  slot: Type.Union([Type.Object({ planId: Type.String(), position: Type.Integer(), frozen: Type.Boolean(), plannedStart: Type.String() }), Type.Null()]),
  unitId: Type.Union([Type.String(), Type.Null()]),
  currentStation: Type.Union([Type.String(), Type.Null()]),
  placedAt: Type.String(),
  updatedAt: Type.String(),
  version: Type.Integer(),
});

export const TrackingSchema = Type.Object({
  orderId: Type.String(),
  status: StatusSchema,
  stageIndex: Type.Integer(),
  stages: Type.Array(StatusSchema),
  currentStation: Type.Union([Type.String(), Type.Null()]),
  eta: Type.Union([Type.String(), Type.Null()]),
  etaBasis: Type.String(),
});
