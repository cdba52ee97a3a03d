import type { FastifyInstance } from "fastify";
import { Type } from "typebox";
import { ValidationError } from "../../kernel/index.js";
import { principalOf, roles } from "../auth.js";
import type { AppContext } from "../context.js";
import { errorResponses } from "../schemas.js";
import type { StationPolicy } from "../../workflows/quality/inspection-service.js";

const sec = [{ bearer: [] }];
/** Largest model file accepted (bytes, before base64). */
export const MAX_MODEL_BYTES = 16 * 1024 * 1024;
/** Largest inspection image accepted (bytes, before base64): a station camera frame. */
export const MAX_IMAGE_BYTES = 4 * 1024 * 1024;
const base64Limit = (n: number) => Math.ceil(n / 3) * 4 + 64 * 1024;

const Station = Type.String({ pattern: "^[A-Za-z0-9_-]{1,40}$", description: "station code, e.g. P01" });
const UnitId = Type.String({ pattern: "^unit_[0-9a-z_-]{1,64}$" });
const ModelRefT = Type.String({ pattern: "^[a-z0-9][a-z0-9_-]*@[0-9]+$", description: "name@version" });
const Scores = Type.Record(Type.String(), Type.Number());
const VerdictT = Type.Object({ label: Type.String(), score: Type.Number(), scores: Scores });
const FeaturesT = Type.Object({}, { additionalProperties: true });
const InputT = Type.Union([
  Type.Object({ kind: Type.Literal("features"), features: FeaturesT }),
  Type.Object({ kind: Type.Literal("image"), size: Type.Integer({ minimum: 4, maximum: 1024 }), mean: Type.Number(), std: Type.Number({ exclusiveMinimum: 0 }), channels: Type.Union([Type.Literal(1), Type.Literal(3)]) }),
]);
const ModelT = Type.Object({
  name: Type.String(),
  version: Type.Integer(),
  ref: Type.String(),
  format: Type.String(),
  classes: Type.Array(Type.String()),
  registeredAt: Type.String(),
  metrics: Scores,
  sha256: Type.String(),
  size: Type.Integer(),
  output: Type.String(),
  inputKind: Type.String(),
});
const PolicyT = Type.Object({
  okLabels: Type.Array(Type.String({ minLength: 1, maxLength: 60 }), { maxItems: 50 }),
  defectCodes: Type.Record(Type.String(), Type.String({ minLength: 1, maxLength: 10 })),
  location: Type.String({ minLength: 1, maxLength: 60 }),
  minScore: Type.Number({ minimum: 0, maximum: 1 }),
  attribute: Type.Optional(Type.String({ minLength: 1, maxLength: 60 })),
});
const DeploymentT = Type.Object({ station: Type.String(), live: Type.String(), shadow: Type.Optional(Type.String()), policy: PolicyT });
const OrderCheckT = Type.Object({
  unit: Type.String(),
  pass: Type.Boolean(),
  mismatches: Type.Array(Type.Object({ attribute: Type.String(), expected: Type.String(), observed: Type.String(), score: Type.Number() })),
  unchecked: Type.Array(Type.String()),
  uncertain: Type.Array(Type.Object({ attribute: Type.String(), observed: Type.String(), score: Type.Number() })),
});
const Reasons = Type.Array(Type.String());
const RecordFields = {
  id: Type.String(),
  unit: Type.String(),
  station: Type.String(),
  image: Type.String({ description: "sha256 of the image bytes" }),
  at: Type.String(),
  live: Type.Object({ model: Type.String(), verdict: VerdictT }),
  shadow: Type.Optional(Type.Object({ model: Type.String(), verdict: VerdictT })),
};
const InspectionT = Type.Object({
  ...RecordFields,
  imageType: Type.String(),
  defect: Type.Union([Type.String(), Type.Null()]),
  orderCheck: Type.Union([OrderCheckT, Type.Null()]),
  review: Reasons,
});
const ReviewItemT = Type.Object({
  record: Type.Object(RecordFields),
  reasons: Reasons,
  state: Type.Union([Type.Literal("pending"), Type.Literal("confirmed"), Type.Literal("corrected")]),
  label: Type.Optional(Type.String()),
  by: Type.Optional(Type.String()),
  at: Type.Optional(Type.String()),
});
const DefectT = Type.Object({
  id: Type.String(),
  unit: Type.String(),
  station: Type.String(),
  code: Type.String(),
  severity: Type.String(),
  location: Type.String(),
  state: Type.String(),
  at: Type.String(),
  note: Type.Union([Type.String(), Type.Null()]),
  heldAt: Type.Union([Type.String(), Type.Null()]),
});

/** Strict base64 (what JSON carries a file as); anything else is a 400 naming the field. */
function fromBase64(s: string, field: string, max: number): Buffer {
  const clean = s.replace(/^data:[^,]*;base64,/, "").replace(/\s+/g, "");
  if (clean.length === 0 || clean.length % 4 !== 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(clean))
    throw new ValidationError(`${field}: not base64 (send the file's bytes base64-encoded)`, [{ path: `/${field}`, message: "not base64" }]);
  const b = Buffer.from(clean, "base64");
  if (b.length > max) throw new ValidationError(`${field}: ${b.length} bytes, more than the ${max} allowed`, [{ path: `/${field}`, message: "too large" }]);
  return b;
}

/**
 * AI inspection over HTTP: the model registry and deployments (quality engineers), inspections
 * (operators and station devices post images; quality and engineers read), the shadow report,
 * the review queue and the labelled retraining set. Customers see none of it.
 */
export function inspectionRoutes(app: FastifyInstance, ctx: AppContext): void {
  const svc = ctx.inspection;
  const defects = ctx.defects;
  if (!svc || !defects) return;
  const kick = () => ctx.relay.kick();
  const readers = roles("quality", "engineer");

  app.get(
    "/api/v1/quality/models",
    { config: { roles: readers }, schema: { tags: ["quality"], summary: "Registered inspection model versions with their metrics", security: sec, response: { 200: Type.Object({ models: Type.Array(ModelT) }), ...errorResponses } } },
    async () => ({ models: (await svc.models()).map((m) => ({ ...m, ref: `${m.name}@${m.version}`, inputKind: m.input.kind })) }),
  );
  app.post(
    "/api/v1/quality/models",
    {
      bodyLimit: base64Limit(MAX_MODEL_BYTES),
      config: { roles: roles("quality") },
      schema: {
        tags: ["quality"],
        summary: "Register the next version of a model: a takt-json file (from `takt quality train`) or an ONNX file with its classes and input",
        security: sec,
        body: Type.Object(
          {
            name: Type.String({ pattern: "^[a-z0-9][a-z0-9_-]{0,59}$" }),
            format: Type.Union([Type.Literal("takt-json"), Type.Literal("onnx")]),
            model: Type.String({ minLength: 1, description: "the model file, base64" }),
            classes: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 60 }), { minItems: 2, maxItems: 200 })),
            input: Type.Optional(InputT),
            output: Type.Optional(Type.Union([Type.Literal("logits"), Type.Literal("probabilities")])),
            metrics: Type.Optional(Scores),
          },
          { additionalProperties: false },
        ),
        response: { 201: ModelT, ...errorResponses },
      },
    },
    async (req, reply) => {
      const b = req.body as { name: string; format: "takt-json" | "onnx"; model: string; classes?: string[]; input?: never; output?: "logits" | "probabilities"; metrics?: Record<string, number> };
      const bytes = fromBase64(b.model, "model", MAX_MODEL_BYTES);
      const m = await svc.register({ name: b.name, format: b.format, bytes, ...(b.classes ? { classes: b.classes } : {}), ...(b.input ? { input: b.input } : {}), ...(b.output ? { output: b.output } : {}), ...(b.metrics ? { metrics: b.metrics } : {}) });
      kick();
      return reply.status(201).send({ ...m, ref: `${m.name}@${m.version}`, inputKind: m.input.kind });
    },
  );
  app.get(
    "/api/v1/quality/deployments",
    { config: { roles: roles("quality", "engineer", "operator", "device") }, schema: { tags: ["quality"], summary: "What model runs live (and in shadow) at each station", security: sec, response: { 200: Type.Object({ deployments: Type.Array(DeploymentT) }), ...errorResponses } } },
    async () => ({ deployments: await svc.deployments() }),
  );
  const deploy = (path: "live" | "shadow" | "promote", summary: string, body: ReturnType<typeof Type.Object>) =>
    app.post(
      `/api/v1/quality/stations/:station/${path}`,
      { config: { roles: roles("quality") }, schema: { tags: ["quality"], summary, security: sec, params: Type.Object({ station: Station }), body, response: { 200: DeploymentT, ...errorResponses } } },
      async (req) => {
        const { station } = req.params as { station: string };
        const b = (req.body ?? {}) as { model?: string } & Partial<StationPolicy>;
        const out =
          path === "live"
            ? await svc.deploy(station, { role: "live", model: b.model!, policy: { okLabels: b.okLabels!, defectCodes: b.defectCodes ?? {}, location: b.location!, minScore: b.minScore ?? 0.8, ...(b.attribute ? { attribute: b.attribute } : {}) } })
            : path === "shadow"
              ? await svc.deploy(station, { role: "shadow", model: b.model! })
              : await svc.deploy(station, { role: "promote" });
        kick();
        return out;
      },
    );
  deploy(
    "live",
    "Deploy a model live at a station with its verdict policy (ok labels, a defect code per defect class, location, review threshold, or the order attribute it recognises)",
    Type.Object({ model: ModelRefT, okLabels: PolicyT.properties.okLabels, defectCodes: Type.Optional(PolicyT.properties.defectCodes), location: PolicyT.properties.location, minScore: Type.Optional(PolicyT.properties.minScore), attribute: PolicyT.properties.attribute }, { additionalProperties: false }),
  );
  deploy("shadow", "Run a model in shadow beside the live one at a station (compared, never acted on)", Type.Object({ model: ModelRefT }, { additionalProperties: false }));
  deploy("promote", "Promote the station's shadow model to live", Type.Object({}, { additionalProperties: false }));

  app.post(
    "/api/v1/quality/stations/:station/inspections",
    {
      bodyLimit: base64Limit(MAX_IMAGE_BYTES),
      config: { roles: roles("quality", "operator", "device") },
      schema: {
        tags: ["quality"],
        summary: "Inspect an image (JPEG or PNG, base64, ≤ 4 MB) of a unit: the live model's verdict acted on, the shadow's beside it",
        security: sec,
        params: Type.Object({ station: Station }),
        body: Type.Object({ unit: UnitId, image: Type.String({ minLength: 1 }) }, { additionalProperties: false }),
        response: { 201: InspectionT, ...errorResponses },
      },
    },
    async (req, reply) => {
      const { station } = req.params as { station: string };
      const b = req.body as { unit: string; image: string };
      const out = await svc.inspect(station, b.unit, fromBase64(b.image, "image", MAX_IMAGE_BYTES), principalOf(req).name);
      kick();
      return reply.status(201).send(out);
    },
  );
  app.get(
    "/api/v1/quality/inspections",
    {
      config: { roles: roles("quality", "engineer", "operator") },
      schema: {
        tags: ["quality"],
        summary: "Inspections, newest first, of a unit and/or a station",
        security: sec,
        querystring: Type.Object({ unit: Type.Optional(UnitId), station: Type.Optional(Station), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })) }, { additionalProperties: false }),
        response: { 200: Type.Object({ inspections: Type.Array(InspectionT) }), ...errorResponses },
      },
    },
    async (req) => ({ inspections: await svc.inspections(req.query as { unit?: string; station?: string; limit?: number }) }),
  );
  app.get(
    "/api/v1/quality/inspections/:id/image",
    {
      config: { roles: roles("quality", "engineer", "operator") },
      schema: { tags: ["quality"], summary: "The inspected image (its bytes, as uploaded)", security: sec, params: Type.Object({ id: Type.String({ pattern: "^insp_[0-9a-z]{1,64}$" }) }) },
    },
    async (req, reply) => {
      const img = await svc.image((req.params as { id: string }).id);
      return reply.type(img.contentType).header("cache-control", "private, max-age=86400, immutable").send(img.bytes);
    },
  );
  app.get(
    "/api/v1/quality/shadow",
    {
      config: { roles: readers },
      schema: {
        tags: ["quality"],
        summary: "Shadow mode: agreement of shadow and live models and every disagreement",
        security: sec,
        querystring: Type.Object({ station: Type.Optional(Station) }, { additionalProperties: false }),
        response: { 200: Type.Object({ compared: Type.Integer(), agreement: Type.Number(), disagreements: Type.Array(InspectionT) }), ...errorResponses },
      },
    },
    async (req) => svc.shadow((req.query as { station?: string }).station),
  );
  app.get(
    "/api/v1/quality/review",
    {
      config: { roles: readers },
      schema: {
        tags: ["quality"],
        summary: "The review queue: low-confidence verdicts and shadow disagreements (pending, or decided)",
        security: sec,
        querystring: Type.Object({ state: Type.Optional(Type.Union([Type.Literal("pending"), Type.Literal("confirmed"), Type.Literal("corrected")])) }, { additionalProperties: false }),
        response: { 200: Type.Object({ items: Type.Array(ReviewItemT) }), ...errorResponses },
      },
    },
    async (req) => ({ items: await svc.reviewQueue((req.query as { state?: "pending" }).state) }),
  );
  app.post(
    "/api/v1/quality/review/:id",
    {
      config: { roles: roles("quality") },
      schema: {
        tags: ["quality"],
        summary: "Confirm (the live label) or correct (another class) a queued verdict",
        security: sec,
        params: Type.Object({ id: Type.String({ pattern: "^insp_[0-9a-z]{1,64}$" }) }),
        body: Type.Object({ label: Type.String({ minLength: 1, maxLength: 60 }) }, { additionalProperties: false }),
        response: { 200: ReviewItemT, ...errorResponses },
      },
    },
    async (req) => {
      const out = await svc.decide((req.params as { id: string }).id, (req.body as { label: string }).label, principalOf(req).name);
      kick();
      return out;
    },
  );
  app.get(
    "/api/v1/quality/labels",
    {
      config: { roles: readers },
      schema: {
        tags: ["quality"],
        summary: "The retraining set: reviewed images with confirmed or corrected labels (fetch each image by its inspection)",
        security: sec,
        response: { 200: Type.Object({ labels: Type.Array(Type.Object({ inspection: Type.String(), image: Type.String(), station: Type.String(), model: Type.String(), label: Type.String(), corrected: Type.Boolean() })) }), ...errorResponses },
      },
    },
    async () => ({ labels: await svc.labelled() }),
  );
  app.get(
    "/api/v1/quality/defects",
    {
      config: { roles: roles("quality", "engineer", "operator", "planner") },
      schema: {
        tags: ["quality"],
        summary: "Defects of every unit, newest first, filtered by station, unit or open/closed",
        security: sec,
        querystring: Type.Object(
          { station: Type.Optional(Station), unit: Type.Optional(UnitId), state: Type.Optional(Type.Union([Type.Literal("open"), Type.Literal("closed")])), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 5000 })) },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ defects: Type.Array(DefectT), open: Type.Integer(), total: Type.Integer() }), ...errorResponses },
      },
    },
    async (req) => {
      const q = req.query as { station?: string; unit?: string; state?: "open" | "closed"; limit?: number };
      const all = (await defects.list()).flatMap((u) => u.defects.map((d) => ({ d, heldAt: u.heldAt })));
      const rows = all
        .filter(({ d }) => (!q.station || d.station === q.station) && (!q.unit || d.unit === q.unit) && (!q.state || (q.state === "open") === (d.state !== "verified")))
        .map(({ d, heldAt }) => ({ id: d.id, unit: d.unit, station: d.station, code: d.code, severity: d.severity, location: d.location, state: d.state, at: d.history[0]!.at, note: d.history[0]!.note ?? null, heldAt }))
        .sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : a.id < b.id ? 1 : -1));
      return { defects: rows.slice(0, q.limit ?? 500), open: all.filter(({ d }) => d.state !== "verified").length, total: all.length };
    },
  );
}
