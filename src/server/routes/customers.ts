import type { FastifyInstance } from "fastify";
import { Type } from "typebox";
import { newId, NotFoundError } from "../../kernel/index.js";
import { assertCanSee, principalOf, roles } from "../auth.js";
import type { AppContext } from "../context.js";
import { errorResponses, Id } from "../schemas.js";

const Customer = Type.Object({ id: Type.String(), name: Type.String(), email: Type.String() });
interface CustomerDoc {
  id: string;
  name: string;
  email: string;
}

/** Customers: created by admin; a customer token sees only itself. */
export function customerRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.post(
    "/api/v1/customers",
    {
      config: { roles: roles("admin") },
      schema: {
        tags: ["customers"],
        summary: "Create a customer",
        security: [{ bearer: [] }],
        body: Type.Object({ name: Type.String({ minLength: 1, maxLength: 200 }), email: Type.String({ format: "email", maxLength: 200 }) }, { additionalProperties: false }),
        response: { 201: Customer, ...errorResponses },
      },
    },
    async (req, reply) => {
      const b = req.body as { name: string; email: string };
      const c: CustomerDoc = { id: newId("customer", ctx.clock.nowMs()), name: b.name, email: b.email };
      await ctx.store.transaction(async (tx) => {
        await tx.putDocument("customers", c.id, 0, c, c.id);
        await tx.append(c.id, "none", [{ type: "customer.registered", source: "/customers", subject: c.id, stream: c.id, data: c }]);
      });
      ctx.relay.kick();
      return reply.status(201).send(c);
    },
  );
  app.get(
    "/api/v1/customers",
    {
      config: { roles: roles("admin", "planner", "service", "customer") },
      schema: {
        tags: ["customers"],
        summary: "List customers (a customer sees only itself)",
        security: [{ bearer: [] }],
        querystring: Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })), after: Type.Optional(Type.String()) }, { additionalProperties: false }),
        response: { 200: Type.Object({ customers: Type.Array(Customer) }), ...errorResponses },
      },
    },
    async (req) => {
      const p = principalOf(req);
      const q = req.query as { limit?: number; after?: string };
      const docs = await ctx.store.listDocuments<CustomerDoc>("customers", {
        ...(p.role === "customer" ? { ownerId: p.customerId ?? "-" } : {}),
        ...(q.limit ? { limit: q.limit } : {}),
        ...(q.after ? { afterId: q.after } : {}),
      });
      return { customers: docs.map((d) => d.body) };
    },
  );
  app.get(
    "/api/v1/customers/:id",
    {
      config: { roles: roles("admin", "planner", "service", "customer") },
      schema: {
        tags: ["customers"],
        summary: "One customer",
        security: [{ bearer: [] }],
        params: Type.Object({ id: Id("cus") }),
        response: { 200: Customer, ...errorResponses },
      },
    },
    async (req) => {
      const { id } = req.params as { id: string };
      const doc = await ctx.store.getDocument<CustomerDoc>("customers", id);
      if (!doc) throw new NotFoundError("customer", id);
      assertCanSee(req, doc.ownerId, "customer", id);
      return doc.body;
    },
  );
}
