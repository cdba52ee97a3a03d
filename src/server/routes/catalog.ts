import type { FastifyInstance } from "fastify";
import { Type } from "typebox";
import { roles, ALL_ROLES } from "../auth.js";
import type { AppContext } from "../context.js";
import { errorResponses } from "../schemas.js";
import { Selections } from "./order-schemas.js";

const sec = [{ bearer: [] }];
const MoneySchema = Type.Object({ amount: Type.Integer(), currency: Type.String() });
const ViewSchema = Type.Object({
  productId: Type.String(),
  modelVersion: Type.String(),
  selections: Type.Record(Type.String(), Type.String()),
  complete: Type.Boolean(),
  count: Type.String({ description: "number of valid complete configurations (decimal big integer)" }),
  families: Type.Array(
    Type.Object({
      id: Type.String(),
      name: Type.String(),
      selected: Type.Union([Type.String(), Type.Null()]),
      values: Type.Array(
        Type.Object({
          id: Type.String(),
          name: Type.String(),
          price: MoneySchema,
          valid: Type.Boolean(),
          blockedBy: Type.Union([Type.Object({ choices: Type.Record(Type.String(), Type.String()), reason: Type.String() }), Type.Null()]),
        }),
      ),
    }),
  ),
  price: Type.Object({ total: MoneySchema, lines: Type.Array(Type.Object({ label: Type.String(), amount: MoneySchema })), estimated: Type.Boolean() }),
});
const ProductParams = Type.Object({ id: Type.String({ pattern: "^[A-Za-z0-9_.-]{1,80}$" }) });

/** Catalog: products and versions, configuration sessions (valid choices, reasons, price), publishing models. */
export function catalogRoutes(app: FastifyInstance, ctx: AppContext): void {
  const catalog = ctx.catalog;
  if (!catalog) return;
  app.get(
    "/api/v1/products",
    {
      config: { roles: ALL_ROLES },
      schema: {
        tags: ["catalog"],
        summary: "Products and their model versions",
        security: sec,
        response: {
          200: Type.Object({ products: Type.Array(Type.Object({ id: Type.String(), name: Type.String(), modelVersion: Type.String(), versions: Type.Array(Type.String()), description: Type.String() })) }),
          ...errorResponses,
        },
      },
    },
    async () => ({
      products: (await catalog.products()).map((p) => ({ id: p.id, name: p.name, modelVersion: p.currentVersion, versions: [...p.versions], description: `${p.name}, model version ${p.currentVersion}` })),
    }),
  );
  app.post(
    "/api/v1/products/:id/configure",
    {
      config: { roles: roles("customer", "planner", "engineer", "service") },
      schema: {
        tags: ["catalog"],
        summary: "One configuration step: for every family, the values still valid, blocked ones with a minimal reason, the count and the price",
        security: sec,
        params: ProductParams,
        body: Type.Object({ selections: Selections }, { additionalProperties: false }),
        response: { 200: ViewSchema, ...errorResponses },
      },
    },
    async (req) => catalog.view((req.params as { id: string }).id, (req.body as { selections: Record<string, string> }).selections),
  );
  app.post(
    "/api/v1/products/:id/complete",
    {
      config: { roles: roles("customer", "planner", "engineer", "service") },
      schema: {
        tags: ["catalog"],
        summary: "Complete a selection to a full valid configuration (defaults first, or cheapest)",
        security: sec,
        params: ProductParams,
        body: Type.Object({ selections: Selections, strategy: Type.Optional(Type.Union([Type.Literal("defaults"), Type.Literal("cheapest")])) }, { additionalProperties: false }),
        response: { 200: ViewSchema, ...errorResponses },
      },
    },
    async (req) => {
      const b = req.body as { selections: Record<string, string>; strategy?: "defaults" | "cheapest" };
      return catalog.complete((req.params as { id: string }).id, b.selections, b.strategy ?? "defaults");
    },
  );
  app.post(
    "/api/v1/products",
    {
      config: { roles: roles("engineer") },
      bodyLimit: 16 * 1024 * 1024,
      schema: {
        tags: ["catalog"],
        summary: "Publish a product model version (checked and compiled; dead values are returned as warnings)",
        security: sec,
        body: Type.Object({}, { additionalProperties: true, description: "a product model (schemaVersion 1), see docs/configurator.md" }),
        response: {
          201: Type.Object({ productId: Type.String(), version: Type.String(), count: Type.String(), deadValues: Type.Array(Type.String()), nodes: Type.Integer(), compileMs: Type.Number() }),
          ...errorResponses,
        },
      },
    },
    async (req, reply) => reply.status(201).send(await catalog.publish(req.body)),
  );
}
