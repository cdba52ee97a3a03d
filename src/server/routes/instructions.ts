import type { FastifyInstance } from "fastify";
import { Type } from "typebox";
import { ConflictError, NotFoundError } from "../../kernel/index.js";
import { workInstructions } from "../../workflows/orders/work-instructions.js";
import { loadLine } from "../../workflows/plant-store.js";
import { roles } from "../auth.js";
import type { AppContext } from "../context.js";
import { errorResponses } from "../schemas.js";

const Code = Type.String({ pattern: "^[A-Za-z0-9_-]{1,40}$" });

/** Work instructions for the operator: the unit at (or named for) a station, its tasks and parts to scan. */
export function instructionRoutes(app: FastifyInstance, ctx: AppContext): void {
  const catalog = ctx.catalog;
  if (!catalog) return;
  app.get(
    "/api/v1/lines/:line/stations/:station/instructions",
    {
      config: { roles: roles("operator", "engineer", "quality", "planner") },
      schema: {
        tags: ["execution"],
        summary: "Work instructions for the unit at the station (or ?unit=): tasks with standard times and the BOM parts to scan",
        security: [{ bearer: [] }],
        params: Type.Object({ line: Code, station: Code }),
        querystring: Type.Object({ unit: Type.Optional(Type.String({ pattern: "^unit_[0-9a-z_-]{1,64}$" })) }, { additionalProperties: false }),
        response: {
          200: Type.Object({
            station: Type.String(),
            stationName: Type.String(),
            unitId: Type.String(),
            orderId: Type.String(),
            modelVersion: Type.String(),
            selections: Type.Record(Type.String(), Type.String()),
            tasks: Type.Array(Type.Object({ label: Type.String(), seconds: Type.Number(), option: Type.Boolean() })),
            taskSeconds: Type.Number(),
            taktSeconds: Type.Number(),
            parts: Type.Array(Type.Object({ partNumber: Type.String(), description: Type.String(), quantity: Type.Number(), unit: Type.String() })),
          }),
          ...errorResponses,
        },
      },
    },
    async (req) => {
      const p = req.params as { line: string; station: string };
      const q = req.query as { unit?: string };
      const line = await loadLine(ctx.store, p.line);
      if (!line) throw new NotFoundError("line", p.line);
      const station = line.stations.find((s) => s.code === p.station);
      if (!station) throw new NotFoundError("station", `${p.line}/${p.station}`);
      let unit = q.unit;
      if (!unit) {
        unit = ctx.execution?.ingest.line(line.code)?.stations[station.code]?.unit ?? undefined;
        if (!unit) throw new ConflictError(`no unit is at station ${station.code} now; name one with ?unit=`);
      }
      return workInstructions(ctx.store, catalog, station, line.takt, unit);
    },
  );
}
