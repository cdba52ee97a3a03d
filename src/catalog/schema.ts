/**
 * The product model format (JSON), schema-checked with TypeBox. `schemaVersion` versions the
 * format; `version` versions the model (an order keeps the model version it was configured with).
 * Money is integer cents of the model's `currency` (kernel Money), work content is in seconds.
 */
import { type Static, Type } from "typebox";
import { Value } from "typebox/value";
import { ValidationError } from "../kernel/index.js";

export const SCHEMA_VERSION = 1;

const Id = Type.String({ pattern: "^[A-Za-z0-9_.+-]+$", minLength: 1, maxLength: 80 });
const Cents = Type.Integer({ minimum: -100_000_000, maximum: 100_000_000 });
const Condition = Type.String({ minLength: 1, maxLength: 2000 });

const Value_ = Type.Object({ id: Id, label: Type.String(), price: Cents }, { additionalProperties: false });

export const FamilySchema = Type.Object(
  {
    id: Id,
    label: Type.String(),
    group: Type.Optional(Type.String()),
    values: Type.Array(Value_, { minItems: 1, maxItems: 200 }),
    default: Type.Optional(Id),
  },
  { additionalProperties: false },
);

const RuleBase = { id: Id, message: Type.Optional(Type.String()) };
export const RuleSchema = Type.Union([
  Type.Object({ ...RuleBase, kind: Type.Literal("requires"), if: Condition, then: Condition }, { additionalProperties: false }),
  Type.Object({ ...RuleBase, kind: Type.Literal("excludes"), if: Condition, then: Condition }, { additionalProperties: false }),
  Type.Object({ ...RuleBase, kind: Type.Literal("constraint"), expr: Condition }, { additionalProperties: false }),
  Type.Object(
    {
      ...RuleBase,
      kind: Type.Literal("table"),
      /** Applies only when this holds (optional). */
      when: Type.Optional(Condition),
      families: Type.Array(Id, { minItems: 2, maxItems: 12 }),
      /** Allowed combinations; a cell is a value, `*` (any) or `a|b` (either). */
      rows: Type.Array(Type.Array(Type.String({ minLength: 1 })), { minItems: 1 }),
    },
    { additionalProperties: false },
  ),
]);

export const ProductModelSchema = Type.Object(
  {
    schemaVersion: Type.Literal(SCHEMA_VERSION),
    id: Id,
    name: Type.String(),
    version: Type.String({ minLength: 1, maxLength: 40 }),
    currency: Type.String({ pattern: "^[A-Z]{3}$" }),
    basePrice: Cents,
    families: Type.Array(FamilySchema, { minItems: 1 }),
    rules: Type.Array(RuleSchema),
    surcharges: Type.Array(Type.Object({ id: Id, label: Type.String(), when: Condition, amount: Cents }, { additionalProperties: false })),
    bom: Type.Array(
      Type.Object(
        {
          id: Id,
          part: Type.String({ minLength: 1 }),
          label: Type.String(),
          qty: Type.Number({ exclusiveMinimum: 0 }),
          unit: Type.Optional(Type.String()),
          station: Type.Optional(Type.String({ pattern: "^[A-Z][0-9]{2}$" })),
          when: Type.Optional(Condition),
        },
        { additionalProperties: false },
      ),
    ),
    work: Type.Array(
      Type.Object(
        { id: Id, station: Type.String({ pattern: "^[A-Z][0-9]{2}$" }), label: Type.String(), seconds: Type.Number({ minimum: 0 }), when: Type.Optional(Condition) },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);

export type ProductModel = Static<typeof ProductModelSchema>;
export type ProductRule = Static<typeof RuleSchema>;

/**
 * Checks `input` against the schema; throws a ValidationError whose issues name every offending
 * field by JSON pointer (e.g. `/families/3/values/0/price`).
 */
export function checkProductModel(input: unknown): ProductModel {
  if (Value.Check(ProductModelSchema, input)) return input;
  const seen = new Set<string>();
  const issues = [...Value.Errors(ProductModelSchema, input)]
    .filter((e) => e.keyword !== "boolean" && e.keyword !== "anyOf")
    .map((e) => ({ path: e.instancePath || "/", message: e.keyword === "additionalProperties" ? `unknown field ${JSON.stringify(e.params)}` : e.message }))
    .filter((i) => !seen.has(i.path + i.message) && seen.add(i.path + i.message));
  const list = issues.length > 0 ? issues : [{ path: "/", message: "does not match the product model schema" }];
  throw new ValidationError(`invalid product model: ${list.slice(0, 5).map((i) => `${i.path} ${i.message}`).join("; ")}`, list.slice(0, 50));
}
