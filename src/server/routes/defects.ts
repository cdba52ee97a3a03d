import type { FastifyInstance } from "fastify";
import { Type } from "typebox";
import type { Order } from "../../orders/index.js";
import { ORDERS } from "../../workflows/orders/order-service.js";
import { UNIT_ORDERS, type UnitOrderLink } from "../../workflows/planning/plan-model.js";
import { DefectService, PLANT_DEFECTS } from "../../workflows/quality/defect-service.js";
import { principalOf, roles } from "../auth.js";
import type { AppContext } from "../context.js";
import { errorResponses } from "../schemas.js";

const sec = [{ bearer: [] }];
const UnitParam = Type.Object({ unit: Type.String({ pattern: "^unit_[0-9a-z_-]{1,64}$" }) });
const DefectParams = Type.Object({ unit: Type.String({ pattern: "^unit_[0-9a-z_-]{1,64}$" }), id: Type.String({ pattern: "^dfc_[0-9a-z]{1,64}$" }) });
const DefectSchema = Type.Object({
  id: Type.String(),
  unit: Type.String(),
  station: Type.String(),
  code: Type.String(),
  severity: Type.String(),
  location: Type.String(),
  state: Type.Union([Type.Literal("open"), Type.Literal("repaired"), Type.Literal("verified")]),
  history: Type.Array(Type.Object({ state: Type.String(), at: Type.String(), by: Type.Optional(Type.String()), note: Type.Optional(Type.String()) })),
});
const UnitDefectsSchema = Type.Object({ unit: Type.String(), defects: Type.Array(DefectSchema), heldAt: Type.Union([Type.String(), Type.Null()]) });

/** Defects and the quality gate: record, repair, re-inspect; a held unit is released when clean. */
export function defectRoutes(app: FastifyInstance, ctx: AppContext): void {
  const defects = ctx.defects;
  const orders = ctx.orders;
  if (!defects || !orders) return;
  app.get(
    "/api/v1/quality/defect-codes",
    {
      config: { roles: roles("quality", "operator", "engineer") },
      schema: { tags: ["quality"], summary: "The defect catalog", security: sec, response: { 200: Type.Object({ codes: Type.Array(Type.Object({ code: Type.String(), description: Type.String(), severity: Type.String() })) }), ...errorResponses } },
    },
    async () => ({ codes: [...PLANT_DEFECTS.types.values()].map((t) => ({ code: t.code, description: t.description, severity: t.severity })) }),
  );
  app.get(
    "/api/v1/units/:unit/defects",
    {
      config: { roles: roles("quality", "operator", "engineer", "planner") },
      schema: { tags: ["quality"], summary: "A unit's defects and whether a gate holds it", security: sec, params: UnitParam, response: { 200: UnitDefectsSchema, ...errorResponses } },
    },
    async (req) => defects.ofUnit((req.params as { unit: string }).unit),
  );
  app.post(
    "/api/v1/units/:unit/defects",
    {
      config: { roles: roles("quality", "operator") },
      schema: {
        tags: ["quality"],
        summary: "Record a defect on a unit",
        security: sec,
        params: UnitParam,
        body: Type.Object(
          { station: Type.String({ pattern: "^[A-Z][0-9]{2}$" }), code: Type.String({ minLength: 1, maxLength: 10 }), location: Type.String({ minLength: 1, maxLength: 60 }), note: Type.Optional(Type.String({ maxLength: 500 })) },
          { additionalProperties: false },
        ),
        response: { 201: DefectSchema, ...errorResponses },
      },
    },
    async (req, reply) => {
      const b = req.body as { station: string; code: string; location: string; note?: string };
      const d = await defects.record({ unit: (req.params as { unit: string }).unit, ...b, by: principalOf(req).name });
      ctx.relay.kick();
      return reply.status(201).send(d);
    },
  );
  const step = (path: "repair" | "reinspect", summary: string) =>
    app.post(
      `/api/v1/units/:unit/defects/:id/${path}`,
      {
        config: { roles: roles("quality", "operator") },
        schema: {
          tags: ["quality"],
          summary,
          security: sec,
          params: DefectParams,
          body: path === "repair" ? Type.Object({ note: Type.Optional(Type.String({ maxLength: 500 })) }, { additionalProperties: false }) : Type.Object({ passed: Type.Boolean(), note: Type.Optional(Type.String({ maxLength: 500 })) }, { additionalProperties: false }),
          response: { 200: UnitDefectsSchema, ...errorResponses },
        },
      },
      async (req) => {
        const p = req.params as { unit: string; id: string };
        const b = (req.body ?? {}) as { passed?: boolean; note?: string };
        const out = await defects.step(p.unit, p.id, path === "repair" ? { kind: "repair" } : { kind: "reinspect", passed: b.passed === true }, principalOf(req).name, b.note, async (tx, u) => {
          // A unit held at the gate passes as soon as its last defect is verified; its order completes.
          if (!u.heldAt || !DefectService.clean(u)) return;
          const gate = await defects.decideIn(tx, p.unit);
          const link = await tx.getDocument<UnitOrderLink>(UNIT_ORDERS, p.unit);
          const order = link ? await tx.getDocument<Order>(ORDERS, link.body.orderId) : undefined;
          if (gate.pass && order?.body.status === "in_quality") await orders.commandIn(tx, order.body.id, { kind: "complete" });
        });
        ctx.relay.kick();
        return out;
      },
    );
  step("repair", "The defect is repaired (it still holds the unit until re-inspected)");
  step("reinspect", "Re-inspection: passed closes the defect (and releases a held unit when it was the last), failed reopens it");
}
