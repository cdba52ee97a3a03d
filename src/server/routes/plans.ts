import type { FastifyInstance } from "fastify";
import { Type } from "typebox";
import type { PlanRequest } from "../../workflows/planning/plan-service.js";
import { roles } from "../auth.js";
import type { AppContext } from "../context.js";
import { errorResponses, Id } from "../schemas.js";

const sec = [{ bearer: [] }];
const Value = Type.Object({ objective: Type.Number(), hprc: Type.Number(), lprc: Type.Number(), pcc: Type.Number() });
const Unit = { orderId: Type.String(), colour: Type.String(), heavyAt: Type.Array(Type.String()) };
const Part = Type.Union([Type.Literal("hprc"), Type.Literal("lprc"), Type.Literal("pcc")]);
export const PlanSchema = Type.Object({
  id: Type.String(),
  lineId: Type.String(),
  status: Type.Union(["optimizing", "proposed", "released", "superseded"].map((s) => Type.Literal(s))),
  createdAt: Type.String(),
  releasedAt: Type.Union([Type.String(), Type.Null()]),
  startsAt: Type.String(),
  takt: Type.Number(),
  paintBatchLimit: Type.Integer(),
  frozenCount: Type.Integer(),
  objectives: Type.Array(Part),
  rules: Type.Array(
    Type.Object({
      ident: Type.String(),
      station: Type.String(),
      max: Type.Integer(),
      window: Type.Integer(),
      priority: Type.Union([Type.Literal("high"), Type.Literal("low")]),
      extraSeconds: Type.Number(),
      basis: Type.String(),
    }),
  ),
  units: Type.Array(Type.Object(Unit)),
  tail: Type.Array(Type.Object(Unit)),
  order: Type.Array(Type.Integer()),
  sequence: Type.Array(Type.Object({ ...Unit, unitId: Type.String(), position: Type.Integer(), plannedStart: Type.String(), frozen: Type.Boolean() })),
  value: Type.Union([Value, Type.Null()]),
  start: Type.Union([Value, Type.Null()]),
  bounds: Type.Union([Value, Type.Null()]),
  violations: Type.Array(Type.Object({ station: Type.String(), priority: Type.String(), from: Type.Integer(), to: Type.Integer(), excess: Type.Integer() })),
  progress: Type.Array(Type.Object({ elapsedMs: Type.Number(), objective: Type.Number(), hprc: Type.Number(), lprc: Type.Number(), pcc: Type.Number() })),
  secondsBudget: Type.Number(),
  pulledOut: Type.Array(Type.String()),
});
const PlanSummary = Type.Object({
  id: Type.String(),
  status: Type.String(),
  createdAt: Type.String(),
  releasedAt: Type.Union([Type.String(), Type.Null()]),
  units: Type.Integer(),
  value: Type.Union([Value, Type.Null()]),
});

/** Daily plans: optimize (with live progress), release, pull out and put back units. */
export function planRoutes(app: FastifyInstance, ctx: AppContext): void {
  const plans = ctx.plans;
  if (!plans) return;
  const IdParams = Type.Object({ id: Id("plan") });
  app.post(
    "/api/v1/plans",
    {
      config: { roles: roles("planner") },
      schema: {
        tags: ["planning"],
        summary: "Sequence the waiting orders into a new plan; answers at once (status optimizing), poll the plan for progress",
        security: sec,
        body: Type.Object(
          {
            seconds: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 600 })),
            seed: Type.Optional(Type.Integer({ minimum: 0 })),
            paintBatchLimit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
            frozenCount: Type.Optional(Type.Integer({ minimum: 0, maximum: 10000 })),
            startsAt: Type.Optional(Type.String({ format: "date-time" })),
            objectives: Type.Optional(Type.Array(Part, { minItems: 1, maxItems: 3, uniqueItems: true })),
          },
          { additionalProperties: false },
        ),
        response: { 202: PlanSchema, ...errorResponses },
      },
    },
    async (req, reply) => reply.status(202).send(await plans.propose((req.body ?? {}) as PlanRequest)),
  );
  app.get(
    "/api/v1/plans",
    {
      config: { roles: roles("planner", "engineer", "operator", "quality") },
      schema: { tags: ["planning"], summary: "Plans, newest first", security: sec, response: { 200: Type.Object({ plans: Type.Array(PlanSummary) }), ...errorResponses } },
    },
    async () => ({
      plans: (await plans.list()).map((p) => ({ id: p.id, status: p.status, createdAt: p.createdAt, releasedAt: p.releasedAt, units: p.units.length, value: p.value })),
    }),
  );
  app.get(
    "/api/v1/plans/:id",
    {
      config: { roles: roles("planner", "engineer", "operator", "quality") },
      schema: { tags: ["planning"], summary: "A plan: sequence, rules, violations, bounds, optimizer progress", security: sec, params: IdParams, response: { 200: PlanSchema, ...errorResponses } },
    },
    async (req) => plans.get((req.params as { id: string }).id),
  );
  app.post(
    "/api/v1/plans/:id/release",
    {
      config: { roles: roles("planner") },
      schema: { tags: ["planning"], summary: "Release a proposed plan: schedule its orders, freeze the horizon", security: sec, params: IdParams, response: { 200: PlanSchema, ...errorResponses } },
    },
    async (req) => plans.release((req.params as { id: string }).id),
  );
  const OrderBody = Type.Object({ orderId: Id("ord"), seconds: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 5 })) }, { additionalProperties: false });
  app.post(
    "/api/v1/plans/:id/pull-out",
    {
      config: { roles: roles("planner", "quality") },
      schema: { tags: ["planning"], summary: "Pull a unit out (rework); re-sequence after the frozen horizon", security: sec, params: IdParams, body: OrderBody, response: { 200: PlanSchema, ...errorResponses } },
    },
    async (req) => {
      const b = req.body as { orderId: string; seconds?: number };
      return plans.pullOut((req.params as { id: string }).id, b.orderId, b.seconds);
    },
  );
  app.post(
    "/api/v1/plans/:id/put-back",
    {
      config: { roles: roles("planner", "quality") },
      schema: { tags: ["planning"], summary: "Put a pulled-out unit back at its best place after the frozen horizon", security: sec, params: IdParams, body: OrderBody, response: { 200: PlanSchema, ...errorResponses } },
    },
    async (req) => {
      const b = req.body as { orderId: string; seconds?: number };
      return plans.putBack((req.params as { id: string }).id, b.orderId, b.seconds);
    },
  );
}
