import type { FastifyInstance } from "fastify";
import { Type } from "typebox";
import { roles } from "../auth.js";
import type { AppContext } from "../context.js";
import { errorResponses, Event } from "../schemas.js";

/** The event log, read-only (admin, engineers): the source of every read model. */
export function eventRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get(
    "/api/v1/events",
    {
      config: { roles: roles("admin", "engineer") },
      schema: {
        tags: ["events"],
        summary: "Read the event log from a position",
        security: [{ bearer: [] }],
        querystring: Type.Object(
          { after: Type.Optional(Type.Integer({ minimum: 0 })), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })) },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ events: Type.Array(Event), next: Type.Integer() }), ...errorResponses },
      },
    },
    async (req) => {
      const q = req.query as { after?: number; limit?: number };
      const events = await ctx.store.readAll(q.after ?? 0, q.limit ?? 100);
      return { events, next: events.at(-1)?.position ?? q.after ?? 0 };
    },
  );
  app.get(
    "/api/v1/streams/:stream",
    {
      config: { roles: roles("admin", "engineer") },
      schema: {
        tags: ["events"],
        summary: "Read one stream (an aggregate's history)",
        security: [{ bearer: [] }],
        params: Type.Object({ stream: Type.String({ pattern: "^[a-z]{2,6}_[0-9a-z_-]{1,64}$" }) }),
        response: { 200: Type.Object({ stream: Type.String(), version: Type.Integer(), events: Type.Array(Event) }), ...errorResponses },
      },
    },
    async (req) => {
      const { stream } = req.params as { stream: string };
      const events = await ctx.store.readStream(stream);
      return { stream, version: events.at(-1)?.version ?? 0, events };
    },
  );
}
