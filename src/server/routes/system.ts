import type { FastifyInstance } from "fastify";
import { Type } from "typebox";
import type { AppContext } from "../context.js";

/** Liveness, readiness and Prometheus metrics. */
export function systemRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get(
    "/healthz",
    { config: { roles: "public" }, schema: { tags: ["system"], summary: "Liveness: the process answers", response: { 200: Type.Object({ status: Type.Literal("ok") }) } } },
    async () => ({ status: "ok" as const }),
  );
  app.get(
    "/readyz",
    {
      config: { roles: "public" },
      schema: {
        tags: ["system"],
        summary: "Readiness: the store and the event bus answer",
        response: {
          200: Type.Object({ status: Type.String(), store: Type.String(), bus: Type.String(), outboxBacklog: Type.Integer() }),
          503: Type.Object({ status: Type.String(), store: Type.String(), bus: Type.String(), outboxBacklog: Type.Integer() }),
        },
      },
    },
    async (_req, reply) => {
      const check = async (f: () => Promise<void>): Promise<string> => {
        try {
          await f();
          return "ok";
        } catch (e) {
          return `down: ${e instanceof Error ? e.message : String(e)}`;
        }
      };
      const [store, bus] = await Promise.all([check(() => ctx.store.ping()), check(() => ctx.bus.ping())]);
      const outboxBacklog = store === "ok" ? await ctx.store.outboxBacklog() : -1;
      const ready = store === "ok" && bus === "ok";
      return reply.status(ready ? 200 : 503).send({ status: ready ? "ready" : "not_ready", store: `${ctx.store.kind}: ${store}`, bus: `${ctx.bus.kind}: ${bus}`, outboxBacklog });
    },
  );
  app.get("/metrics", { config: { roles: "public" }, schema: { tags: ["system"], summary: "Prometheus metrics (text exposition format)" } }, async (_req, reply) => {
    ctx.metrics.eventsPublished.reset();
    ctx.metrics.eventsPublished.inc(ctx.relay.stats.published);
    return reply.type(ctx.metrics.registry.contentType).send(await ctx.metrics.registry.metrics());
  });
}
