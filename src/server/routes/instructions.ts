import { randomUUID } from "node:crypto";
import type { FastifyInstance } from "fastify";
import { Type, type Static } from "typebox";
import { ConflictError, NotFoundError, ValidationError } from "../../kernel/index.js";
import { workInstructions } from "../../workflows/orders/work-instructions.js";
import { loadLine } from "../../workflows/plant-store.js";
import { principalOf, roles } from "../auth.js";
import type { AppContext } from "../context.js";
import { errorResponses } from "../schemas.js";

const Code = Type.String({ pattern: "^[A-Za-z0-9_-]{1,40}$" });
const UnitId = Type.String({ pattern: "^unit_[0-9a-z_-]{1,64}$" });
const Params = Type.Object({ line: Code, station: Code });

const Instructions = Type.Object({
  station: Type.String(),
  stationName: Type.String(),
  unit: Type.String({ description: "the unit the instructions are for (same as unitId)" }),
  unitId: Type.String(),
  orderId: Type.String(),
  modelVersion: Type.String(),
  selections: Type.Record(Type.String(), Type.String()),
  tasks: Type.Array(Type.Object({ label: Type.String(), seconds: Type.Number(), option: Type.Boolean() })),
  taskSeconds: Type.Number(),
  taktSeconds: Type.Number(),
  parts: Type.Array(Type.Object({ partNumber: Type.String(), description: Type.String(), quantity: Type.Number(), unit: Type.String() })),
});
const NoUnit = Type.Object({
  station: Type.String(),
  stationName: Type.String(),
  unit: Type.Null({ description: "no unit is at the station now (waiting for the next unit)" }),
  taktSeconds: Type.Number(),
});
const Scan = Type.Object(
  {
    unit: UnitId,
    partNumber: Type.String({ minLength: 1, maxLength: 64 }),
    serial: Type.String({ pattern: "^[A-Za-z0-9._/-]{1,64}$" }),
    lot: Type.String({ pattern: "^[A-Za-z0-9._/-]{1,64}$" }),
  },
  { additionalProperties: false },
);

/** Work instructions for the operator: the unit at (or named for) a station, its tasks and parts to scan; and the scan itself. */
export function instructionRoutes(app: FastifyInstance, ctx: AppContext): void {
  const catalog = ctx.catalog;
  if (!catalog) return;
  const lineAndStation = async (p: Static<typeof Params>) => {
    const line = await loadLine(ctx.store, p.line);
    if (!line) throw new NotFoundError("line", p.line);
    const station = line.stations.find((s) => s.code === p.station);
    if (!station) throw new NotFoundError("station", `${p.line}/${p.station}`);
    return { line, station };
  };
  app.get(
    "/api/v1/lines/:line/stations/:station/instructions",
    {
      config: { roles: roles("operator", "engineer", "quality", "planner") },
      schema: {
        tags: ["execution"],
        summary: "Work instructions for the unit at the station (or ?unit=): tasks with standard times and the BOM parts to scan; `unit: null` when the station is empty",
        security: [{ bearer: [] }],
        params: Params,
        querystring: Type.Object({ unit: Type.Optional(UnitId) }, { additionalProperties: false }),
        response: { 200: Type.Union([Instructions, NoUnit]), ...errorResponses },
      },
    },
    async (req) => {
      const q = req.query as { unit?: string };
      const { line, station } = await lineAndStation(req.params as Static<typeof Params>);
      const unit = q.unit ?? ctx.execution?.ingest.line(line.code)?.stations[station.code]?.unit ?? null;
      if (!unit) return { station: station.code, stationName: station.name, unit: null, taktSeconds: line.takt };
      const wi = await workInstructions(ctx.store, catalog, station, line.takt, unit);
      return { ...wi, unit: wi.unitId };
    },
  );
  app.post(
    "/api/v1/lines/:line/stations/:station/parts",
    {
      config: { roles: roles("operator", "engineer") },
      schema: {
        tags: ["execution"],
        summary:
          "The operator's scan: records a part (number, serial, lot) installed in the unit at the station, as the device's part-installed event (genealogy). The part must be in the unit's BOM for the station; 409 when the unit is not at the station",
        security: [{ bearer: [] }],
        params: Params,
        body: Scan,
        response: { 201: Type.Object({ unit: Type.String(), station: Type.String(), partNumber: Type.String(), serial: Type.String(), lot: Type.String() }), ...errorResponses },
      },
    },
    async (req, reply) => {
      const ex = ctx.execution;
      if (!ex) throw new NotFoundError("line execution", "this server");
      const b = req.body as Static<typeof Scan>;
      const { line, station } = await lineAndStation(req.params as Static<typeof Params>);
      const here = ex.ingest.line(line.code)?.stations[station.code]?.unit ?? null;
      if (here !== b.unit) throw new ConflictError(here ? `unit ${b.unit} is not at station ${station.code} (${here} is)` : `no unit is at station ${station.code} now`);
      const wi = await workInstructions(ctx.store, catalog, station, line.takt, b.unit);
      const part = wi.parts.find((p) => p.partNumber.toLowerCase() === b.partNumber.trim().toLowerCase());
      if (!part) throw new ValidationError(`part ${b.partNumber} is not fitted to ${b.unit} at station ${station.code}`, [{ path: "/partNumber", message: `not in the unit's BOM at ${station.code}` }]);
      const id = `op-${principalOf(req).tokenId}-${randomUUID()}`;
      const r = await ex.ingest.apply({
        signals: [{ kind: "part_installed", id, line: line.code, station: station.code, at: ctx.clock.nowMs(), unit: b.unit, partNumber: part.partNumber, serial: b.serial, lot: b.lot }],
        telemetry: [],
        deadLetters: [],
      });
      if (r.applied !== 1) throw new ConflictError(`the station refused the scan of ${part.partNumber}`);
      ctx.relay.kick();
      return reply.status(201).send({ unit: b.unit, station: station.code, partNumber: part.partNumber, serial: b.serial, lot: b.lot });
    },
  );
}
