import type { FastifyInstance } from "fastify";
import { Type } from "typebox";
import { roles } from "../auth.js";
import type { AppContext } from "../context.js";
import { authErrors } from "../schemas.js";

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const Iso = Type.String({ format: "date-time" });
const TagView = Type.Object({
  name: Type.String(),
  nodeId: Type.String(),
  line: Type.String(),
  station: Type.String(),
  meaning: Type.String(),
  stale: Type.Boolean(),
  staleReason: Nullable(Type.String({ description: "silent (no good value within staleAfterMs), bad_status or disconnected" })),
  staleSince: Nullable(Iso),
  status: Type.String({ description: "last OPC UA status code name" }),
  lastValue: Nullable(Type.String()),
  lastGoodAt: Nullable(Iso),
  updates: Type.Integer(),
});
const Transition = Type.Object({ at: Iso, tag: Type.String(), line: Type.String(), station: Type.String(), stale: Type.Boolean(), reason: Nullable(Type.String()) });
const OpcuaClientView = Type.Object({
  configured: Type.Boolean(),
  endpoint: Nullable(Type.String()),
  stats: Nullable(Type.Record(Type.String(), Type.Unknown())),
  tags: Type.Array(TagView),
  transitions: Type.Array(Transition, { description: "the last tags going stale or fresh again, newest last" }),
});
const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** The OPC UA client edge over HTTP: connection, counters, every tag of the tag map with its staleness. */
export function opcuaClientRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get(
    "/api/v1/devices/opcua",
    {
      config: { roles: roles("engineer", "operator") },
      schema: {
        tags: ["devices"],
        summary: "Takt's subscription to an external OPC UA server (TAKT_OPCUA_TAGMAP): connection, counters, each tag's status and staleness, the last stale/fresh transitions",
        security: [{ bearer: [] }],
        response: { 200: OpcuaClientView, ...authErrors },
      },
    },
    async () => {
      const c = ctx.execution?.opcuaClient;
      if (!c) return { configured: false, endpoint: null, stats: null, tags: [], transitions: [] };
      return {
        configured: true,
        endpoint: c.stats.endpoint,
        stats: { ...c.stats } as unknown as Record<string, unknown>,
        tags: c.tags.map((t) => ({ name: t.name, nodeId: t.nodeId, line: t.line, station: t.station, meaning: t.meaning, stale: t.stale, staleReason: t.staleReason, staleSince: iso(t.staleSince), status: t.status, lastValue: t.lastValue, lastGoodAt: iso(t.lastGoodAt), updates: t.updates })),
        transitions: c.transitions.map((t) => ({ at: iso(t.at)!, tag: t.tag, line: t.line, station: t.station, stale: t.stale, reason: t.reason ?? null })),
      };
    },
  );
}
