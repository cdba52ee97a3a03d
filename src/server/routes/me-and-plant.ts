import type { FastifyInstance } from "fastify";
import { Type } from "typebox";
import { NotFoundError } from "../../kernel/index.js";
import { PLANT_COLLECTION, SITE_DOC_ID } from "../../workflows/seed-demo.js";
import { ALL_ROLES, principalOf } from "../auth.js";
import type { AppContext } from "../context.js";
import { authErrors } from "../schemas.js";

const RoleSchema = Type.Union(ALL_ROLES.map((r) => Type.Literal(r)));

const StationSchema = Type.Object({
  id: Type.String(),
  code: Type.String(),
  name: Type.String(),
  type: Type.String(),
  position: Type.Integer(),
  zone: Type.String(),
  bufferAfter: Type.Integer(),
  work: Type.Array(Type.String()),
});
const LineSchema = Type.Object({
  id: Type.String(),
  code: Type.String(),
  name: Type.String(),
  takt: Type.Number({ description: "seconds" }),
  mixedModel: Type.Boolean(),
  stations: Type.Array(StationSchema),
});
export const SiteSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  enterprise: Type.String(),
  timezone: Type.String(),
  areas: Type.Array(Type.Object({ id: Type.String(), name: Type.String(), lines: Type.Array(LineSchema) })),
});

/** Who am I, and the plant model (ISA-95 site → area → line → station). */
export function meAndPlantRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get(
    "/api/v1/me",
    {
      config: { roles: ALL_ROLES },
      schema: {
        tags: ["auth"],
        summary: "The caller's token: role and, for customers, their customer id",
        security: [{ bearer: [] }],
        response: { 200: Type.Object({ tokenId: Type.String(), role: RoleSchema, customerId: Type.Union([Type.String(), Type.Null()]), name: Type.String() }), ...authErrors },
      },
    },
    async (req) => {
      const p = principalOf(req);
      return { tokenId: p.tokenId, role: p.role, customerId: p.customerId, name: p.name };
    },
  );
  app.get(
    "/api/v1/plant",
    {
      config: { roles: ALL_ROLES },
      schema: {
        tags: ["plant"],
        summary: "The plant model: site, areas, lines, stations (ISA-95 equipment hierarchy)",
        security: [{ bearer: [] }],
        response: { 200: Type.Object({ site: SiteSchema }), ...authErrors, 404: Type.Ref("ErrorBody") },
      },
    },
    async () => {
      const doc = await ctx.store.getDocument<unknown>(PLANT_COLLECTION, SITE_DOC_ID);
      if (!doc) throw new NotFoundError("site", SITE_DOC_ID);
      return { site: doc.body };
    },
  );
}
