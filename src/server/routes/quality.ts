import type { FastifyInstance } from "fastify";
import { Type } from "typebox";
import { spcOf, type SpcRequest } from "../../workflows/quality/spc-service.js";
import { roles } from "../auth.js";
import type { AppContext } from "../context.js";
import { errorResponses } from "../schemas.js";

const sec = [{ bearer: [] }];
const Chart = Type.Object({
  kind: Type.String(),
  points: Type.Array(Type.Number()),
  center: Type.Number(),
  ucl: Type.Array(Type.Number()),
  lcl: Type.Array(Type.Number()),
  violations: Type.Array(Type.Object({ rule: Type.String(), index: Type.Integer(), points: Type.Array(Type.Integer()), description: Type.String() })),
});
const Interval = Type.Array(Type.Number(), { minItems: 2, maxItems: 2 });
const Capability = Type.Object({
  n: Type.Integer(),
  mean: Type.Number(),
  sigmaWithin: Type.Number(),
  sigmaOverall: Type.Number(),
  cp: Type.Optional(Type.Number()),
  cpk: Type.Number(),
  pp: Type.Optional(Type.Number()),
  ppk: Type.Number(),
  confidence: Type.Number(),
  ci: Type.Object({ cp: Type.Optional(Interval), cpk: Interval, pp: Type.Optional(Interval), ppk: Interval }),
});
const Code = Type.String({ pattern: "^[A-Za-z0-9_-]{1,40}$" });

/** Quality: statistical process control on the values stations measure. */
export function qualityRoutes(app: FastifyInstance, ctx: AppContext): void {
  const source = ctx.measurements;
  if (!source) return;
  app.get(
    "/api/v1/quality/lines/:line/characteristics",
    {
      config: { roles: roles("quality", "engineer", "planner") },
      schema: {
        tags: ["quality"],
        summary: "Measured characteristics of a line (station + measurement name) with their number of values",
        security: sec,
        params: Type.Object({ line: Code }),
        response: { 200: Type.Object({ characteristics: Type.Array(Type.Object({ station: Type.String(), name: Type.String(), uom: Type.Union([Type.String(), Type.Null()]), count: Type.Integer() })) }), ...errorResponses },
      },
    },
    async (req) => ({ characteristics: await source.characteristics((req.params as { line: string }).line) }),
  );
  app.get(
    "/api/v1/quality/lines/:line/stations/:station/spc/:name",
    {
      config: { roles: roles("quality", "engineer", "planner", "operator") },
      schema: {
        tags: ["quality"],
        summary: "Control chart (I-MR or X̄-R) of a measured characteristic with run-rule violations and capability",
        security: sec,
        params: Type.Object({ line: Code, station: Code, name: Type.String({ minLength: 1, maxLength: 100 }) }),
        querystring: Type.Object(
          {
            subgroup: Type.Optional(Type.Integer({ minimum: 1, maximum: 25 })),
            limit: Type.Optional(Type.Integer({ minimum: 3, maximum: 10_000 })),
            lsl: Type.Optional(Type.Number()),
            usl: Type.Optional(Type.Number()),
            rules: Type.Optional(Type.Union([Type.Literal("nelson"), Type.Literal("western_electric")])),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            line: Type.String(),
            station: Type.String(),
            name: Type.String(),
            n: Type.Integer(),
            subgroup: Type.Integer(),
            units: Type.Array(Type.String()),
            primary: Chart,
            dispersion: Chart,
            capability: Type.Union([Capability, Type.Null()]),
          }),
          ...errorResponses,
        },
      },
    },
    async (req) => {
      const p = req.params as { line: string; station: string; name: string };
      const q = req.query as { subgroup?: number; limit?: number; lsl?: number; usl?: number; rules?: "nelson" | "western_electric" };
      const r: SpcRequest = {
        ...p,
        subgroup: q.subgroup ?? 1,
        limit: q.limit ?? 500,
        rules: q.rules ?? "nelson",
        ...(q.lsl !== undefined ? { lsl: q.lsl } : {}),
        ...(q.usl !== undefined ? { usl: q.usl } : {}),
      };
      return spcOf(source, r);
    },
  );
}
