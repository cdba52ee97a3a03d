import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { Type } from "typebox";
import { ForbiddenError, NotFoundError, ValidationError } from "../../kernel/index.js";
import { trackOrder, type Order, type OrderCommand } from "../../orders/index.js";
import { loadLine } from "../../workflows/plant-store.js";
import { assertCanSee, principalOf, roles } from "../auth.js";
import type { AppContext } from "../context.js";
import { errorResponses, Id } from "../schemas.js";
import { OrderSchema, Selections, StatusSchema, TrackingSchema } from "./order-schemas.js";

const sec = [{ bearer: [] }];
const IdParams = Type.Object({ id: Id("ord") });

async function lineTiming(ctx: AppContext): Promise<{ takt: number; stations: string[] }> {
  const line = await loadLine(ctx.store);
  return { takt: line?.takt ?? 90, stations: line?.stations.map((s) => s.code) ?? [] };
}

/** Orders: place (configured and priced on the server), change, cancel until the frozen horizon, track live. */
export function orderRoutes(app: FastifyInstance, ctx: AppContext): void {
  const orders = ctx.orders;
  if (!orders) return;
  const load = async (req: FastifyRequest): Promise<Order> => {
    const { id } = req.params as { id: string };
    const o = await orders.get(id);
    assertCanSee(req, o.customerId, "order", id);
    return o;
  };

  app.post(
    "/api/v1/orders",
    {
      config: { roles: roles("customer", "planner") },
      schema: {
        tags: ["orders"],
        summary: "Place an order from a configuration; the server validates, prices and explodes the BOM itself",
        security: sec,
        body: Type.Object(
          { productId: Type.String({ minLength: 1, maxLength: 100 }), selections: Selections, modelVersion: Type.Optional(Type.String({ maxLength: 50 })), customerId: Type.Optional(Id("cus")) },
          { additionalProperties: false },
        ),
        response: { 201: OrderSchema, ...errorResponses },
      },
    },
    async (req, reply) => {
      const p = principalOf(req);
      const b = req.body as { productId: string; selections: Record<string, string>; modelVersion?: string; customerId?: string };
      let customerId = b.customerId;
      if (p.role === "customer") {
        if (customerId && customerId !== p.customerId) throw new ForbiddenError("a customer orders for itself");
        customerId = p.customerId ?? undefined;
      }
      if (!customerId) throw new ValidationError("customerId: required when ordering for a customer", [{ path: "/customerId", message: "is required" }]);
      if (!(await ctx.store.getDocument("customers", customerId))) throw new NotFoundError("customer", customerId);
      const order = await orders.place({ customerId, productId: b.productId, selections: b.selections, ...(b.modelVersion ? { modelVersion: b.modelVersion } : {}) });
      return reply.status(201).send(order);
    },
  );

  app.get(
    "/api/v1/orders",
    {
      config: { roles: roles("customer", "planner", "engineer", "quality", "service", "operator") },
      schema: {
        tags: ["orders"],
        summary: "List orders (a customer sees only its own)",
        security: sec,
        querystring: Type.Object(
          { status: Type.Optional(StatusSchema), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })), after: Type.Optional(Type.String({ maxLength: 80 })) },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ orders: Type.Array(OrderSchema) }), ...errorResponses },
      },
    },
    async (req) => {
      const p = principalOf(req);
      const q = req.query as { status?: string; limit?: number; after?: string };
      return { orders: await orders.list({ ...q, ...(p.role === "customer" ? { customerId: p.customerId ?? "-" } : {}) }) };
    },
  );

  app.get(
    "/api/v1/orders/:id",
    {
      config: { roles: roles("customer", "planner", "engineer", "quality", "service", "operator") },
      schema: { tags: ["orders"], summary: "One order with its configuration, price and 100% BOM", security: sec, params: IdParams, response: { 200: OrderSchema, ...errorResponses } },
    },
    async (req) => load(req),
  );

  app.get(
    "/api/v1/orders/:id/tracking",
    {
      config: { roles: roles("customer", "planner", "service") },
      schema: { tags: ["orders"], summary: "Live stage, current station and ETA", security: sec, params: IdParams, response: { 200: TrackingSchema, ...errorResponses } },
    },
    async (req) => trackOrder(await load(req), await lineTiming(ctx), ctx.clock.now().toISOString()),
  );

  const commandRoute = (path: string, summary: string, rs: ReturnType<typeof roles>, body: ReturnType<typeof Type.Object>, toCmd: (b: Record<string, unknown>) => OrderCommand | { kind: "reconfigure"; selections: Record<string, string>; reason?: string }) =>
    app.post(
      `/api/v1/orders/:id/${path}`,
      { config: { roles: rs }, schema: { tags: ["orders"], summary, security: sec, params: IdParams, body, response: { 200: OrderSchema, ...errorResponses } } },
      async (req) => {
        const o = await load(req);
        return orders.command(o.id, toCmd((req.body ?? {}) as Record<string, unknown>));
      },
    );
  const reason = Type.Object({ reason: Type.String({ minLength: 1, maxLength: 500 }) }, { additionalProperties: false });
  const none = Type.Object({}, { additionalProperties: false });
  commandRoute("change", "Change the configuration (re-validated and re-priced); 409 once in the frozen horizon", roles("customer", "planner"),
    Type.Object({ selections: Selections, reason: Type.Optional(Type.String({ maxLength: 500 })) }, { additionalProperties: false }),
    (b) => ({ kind: "reconfigure", selections: b["selections"] as Record<string, string>, ...(b["reason"] ? { reason: String(b["reason"]) } : {}) }));
  commandRoute("cancel", "Cancel; 409 with the reason once in the frozen horizon", roles("customer", "planner"), reason, (b) => ({ kind: "cancel", reason: String(b["reason"]) }));
  commandRoute("hold", "Put on hold", roles("planner"), reason, (b) => ({ kind: "hold", reason: String(b["reason"]) }));
  commandRoute("release", "Release a hold", roles("planner"), none, () => ({ kind: "release" }));
  commandRoute("ship", "Mark shipped", roles("planner"), Type.Object({ carrier: Type.Optional(Type.String({ maxLength: 100 })) }, { additionalProperties: false }),
    (b) => ({ kind: "ship", ...(b["carrier"] ? { carrier: String(b["carrier"]) } : {}) }));
  commandRoute("deliver", "Mark delivered", roles("planner", "service"), none, () => ({ kind: "deliver" }));

  app.get(
    "/api/v1/orders/:id/events",
    {
      config: { roles: roles("customer", "planner", "service") },
      schema: {
        tags: ["orders"],
        summary: "Live stream (Server-Sent Events) of the order's events; resumes after Last-Event-ID",
        security: sec,
        params: IdParams,
        headers: Type.Object({ "last-event-id": Type.Optional(Type.String({ pattern: "^[0-9]{1,9}$" })) }),
      },
    },
    async (req, reply) => streamOrder(ctx, req, reply, await load(req)),
  );
}

/** Server-Sent Events: history after Last-Event-ID, then live events, with a log catch-up every few seconds. */
async function streamOrder(ctx: AppContext, req: FastifyRequest, reply: FastifyReply, order: Order): Promise<void> {
  const lastHeader = req.headers["last-event-id"];
  let sent = typeof lastHeader === "string" ? Number(lastHeader) : 0;
  reply.hijack();
  const res = reply.raw;
  res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache", connection: "keep-alive", "x-request-id": String(req.id) });
  const write = (version: number, type: string, data: unknown) => {
    if (version <= sent) return;
    sent = version;
    res.write(`id: ${version}\nevent: ${type}\ndata: ${JSON.stringify(data)}\n\n`);
  };
  let catching = false;
  const catchUp = async () => {
    if (catching) return;
    catching = true;
    try {
      for (const e of await ctx.store.readStream(order.id, sent + 1)) write(e.version, e.type, { ...e });
    } finally {
      catching = false;
    }
  };
  await catchUp();
  const off = ctx.live?.onStream(order.id, (e) => {
    if (e.version === sent + 1) write(e.version, e.type, e);
    else void catchUp();
  });
  const poll = setInterval(() => void catchUp().catch(() => undefined), 5000);
  const ping = setInterval(() => res.write(": keep-alive\n\n"), 15000);
  req.raw.on("close", () => {
    off?.();
    clearInterval(poll);
    clearInterval(ping);
  });
}
