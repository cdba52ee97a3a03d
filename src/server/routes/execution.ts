import type { FastifyInstance } from "fastify";
import { Type, type Static } from "typebox";
import { randomUUID } from "node:crypto";
import { ConflictError, NotFoundError, ValidationError } from "../../kernel/index.js";
import { STATION_STATES, type StationSignal } from "../../execution/index.js";
import { decodeJsonEvent, JSON_EVENT_SCHEMAS } from "../../adapters/mqtt/json-topics.js";
import { lineKpis, lineStateView } from "../../workflows/execution/index.js";
import { principalOf, roles } from "../auth.js";
import type { AppContext } from "../context.js";
import { authErrors, errorResponses } from "../schemas.js";
import { opcuaClientRoutes } from "./opcua-client.js";

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const Iso = Type.String({ format: "date-time" });

const StationView = Type.Object({
  code: Type.String(),
  state: Type.Union(STATION_STATES.map((s) => Type.Literal(s))),
  machineryState: Type.String({ description: "OPC 40001-1 MachineryItemState" }),
  since: Nullable(Iso),
  unit: Nullable(Type.String()),
  andon: Nullable(Type.Object({ reason: Type.String(), since: Iso, unit: Nullable(Type.String()) })),
  fault: Nullable(Type.Object({ code: Type.String(), text: Nullable(Type.String()), since: Iso })),
  online: Nullable(Type.Boolean()),
});
const LineState = Type.Object({
  line: Type.String(),
  completed: Type.Integer(),
  /** "Unit left" signals accepted late (after the unit had entered the next station). */
  lateLeaves: Type.Integer(),
  stations: Type.Array(StationView),
  units: Type.Array(Type.Object({ unit: Type.String(), station: Nullable(Type.String()), lastStation: Type.String(), since: Iso, outOfSequence: Type.Boolean() })),
});
const Part = Type.Object({ partNumber: Type.String(), serial: Type.String(), lot: Type.String(), station: Type.String(), at: Iso });
const UnitView = Type.Object({
  unit: Type.String(),
  line: Type.String(),
  station: Nullable(Type.String()),
  lastStation: Nullable(Type.String()),
  firstSeenAt: Iso,
  completedAt: Nullable(Iso),
  genealogy: Type.Object({
    parts: Type.Array(Part),
    measurements: Type.Array(
      Type.Object({ operation: Type.String(), name: Type.String(), value: Type.Number(), uom: Nullable(Type.String()), ok: Type.Boolean(), station: Type.String(), at: Iso }),
    ),
    visits: Type.Array(Type.Object({ station: Type.String(), enteredAt: Iso, leftAt: Nullable(Iso) })),
    failedOperations: Type.Integer(),
  }),
});
const Ratio = Nullable(Type.Number());
const Oee = Type.Object({
  pbtMs: Type.Number({ description: "planned busy time (ISO 22400-2 PBT)" }),
  adotMs: Type.Number({ description: "actual unit down time (ADOT): faults" }),
  aptMs: Type.Number({ description: "actual production time (APT) = PBT − ADOT" }),
  pq: Type.Integer({ description: "produced quantity" }),
  gq: Type.Integer({ description: "good quantity" }),
  availability: Ratio,
  effectiveness: Ratio,
  quality: Ratio,
  oee: Ratio,
  throughputPerHour: Ratio,
  firstPassYield: Ratio,
  taktAdherence: Ratio,
  andonMs: Type.Number(),
});
const Kpis = Type.Object({
  line: Type.String(),
  from: Iso,
  to: Iso,
  taktSeconds: Type.Number(),
  overall: Oee,
  stations: Type.Array(Type.Intersect([Type.Object({ code: Type.String() }), Oee])),
});
const Andon = Type.Object({ station: Type.String(), kind: Type.Union([Type.Literal("andon"), Type.Literal("fault")]), reason: Type.String(), unit: Nullable(Type.String()), from: Iso, to: Nullable(Iso) });
const DeadLetterView = Type.Object({ seq: Type.Integer(), msgKey: Nullable(Type.String()), at: Iso, source: Type.String(), kind: Type.String(), reason: Type.String(), payload: Type.String() });
const Ingest = Type.Object({
  mode: Type.Union([Type.Literal("embedded"), Type.Literal("external"), Type.Literal("off")]),
  url: Nullable(Type.String()),
  stats: Nullable(Type.Record(Type.String(), Type.Unknown())),
  sparkplugNodes: Type.Array(Type.Object({ group: Type.String(), edge: Type.String(), online: Type.Boolean(), bdSeq: Nullable(Type.Number()), devices: Type.Array(Type.Object({ device: Type.String(), online: Type.Boolean() })) })),
  telemetrySamples: Type.Integer(),
});
const LineParam = Type.Object({ line: Type.String({ minLength: 1, maxLength: 32 }) });
const iso = (ms: number) => new Date(ms).toISOString();
const isoOrNull = (ms: number | null) => (ms === null ? null : iso(ms));

const READ = roles("operator", "planner", "engineer", "quality");

/** The live line stream sends at most one state per this many ms (coalescing bursts; 50 updates/s at most). */
export const LINE_LIVE_MIN_INTERVAL_MS = 20;

/**
 * Line execution over HTTP: line state (andon board), unit position and genealogy,
 * lot → units, andons, ISO 22400-2 KPIs, the device edge's health and dead letters, and
 * an HTTP twin of the JSON topic scheme for devices without MQTT (role device).
 */
export function executionRoutes(app: FastifyInstance, ctx: AppContext): void {
  const ex = ctx.execution;
  if (!ex) return;
  opcuaClientRoutes(app, ctx);
  const layout = (line: string) => {
    const l = ex.layouts.find((x) => x.code === line);
    if (!l) throw new NotFoundError("line", line);
    return l;
  };
  app.get(
    "/api/v1/lines/:line/state",
    {
      config: { roles: READ },
      schema: { tags: ["execution"], summary: "Line state: each station's state (OPC 40001-1), andon, fault, and where every unit is", security: [{ bearer: [] }], params: LineParam, response: { 200: LineState, ...authErrors, 404: Type.Ref("ErrorBody") } },
    },
    async (req) => {
      const { line } = req.params as Static<typeof LineParam>;
      const t = ex.ingest.line(line);
      if (!t) throw new NotFoundError("line", line);
      return lineStateView(t, ex.mqtt ? (l, s) => ex.mqtt!.sparkplug.online(l, s) : undefined);
    },
  );
  app.get(
    "/api/v1/units/:unit",
    {
      config: { roles: READ },
      schema: { tags: ["execution"], summary: "Where a unit is and its genealogy (as-built: parts with serial and lot, measured values, visits)", security: [{ bearer: [] }], params: Type.Object({ unit: Type.String({ minLength: 1, maxLength: 128 }) }), response: { 200: UnitView, ...authErrors, 404: Type.Ref("ErrorBody") } },
    },
    async (req) => {
      const { unit } = req.params as { unit: string };
      const [u, ab] = await Promise.all([ex.repo.unit(unit), ex.repo.asBuilt(unit)]);
      if (!u || !ab) throw new NotFoundError("unit", unit);
      return {
        unit: u.unit,
        line: u.line,
        station: u.station,
        lastStation: u.lastStation,
        firstSeenAt: iso(u.firstSeenAt),
        completedAt: isoOrNull(u.completedAt),
        genealogy: {
          parts: ab.parts.map((p) => ({ ...p, at: iso(p.at) })),
          measurements: ab.measurements.map((m) => ({ ...m, at: iso(m.at) })),
          visits: ab.visits.map((v) => ({ station: v.station, enteredAt: iso(v.enteredAt), leftAt: isoOrNull(v.leftAt) })),
          failedOperations: ab.failedOperations,
        },
      };
    },
  );
  app.get(
    "/api/v1/lots/:lot/units",
    {
      config: { roles: roles("quality", "engineer", "planner") },
      schema: { tags: ["execution"], summary: "Forward genealogy: the units that received a part of the lot (the recall list)", security: [{ bearer: [] }], params: Type.Object({ lot: Type.String({ minLength: 1, maxLength: 128 }) }), response: { 200: Type.Object({ lot: Type.String(), units: Type.Array(Type.Object({ unit: Type.String(), parts: Type.Array(Part) })) }), ...authErrors } },
    },
    async (req) => {
      const { lot } = req.params as { lot: string };
      const units = await ex.repo.unitsOfLot(lot);
      return { lot, units: units.map((u) => ({ unit: u.unit, parts: u.parts.map((p) => ({ ...p, at: iso(p.at) })) })) };
    },
  );
  const AndonQuery = Type.Object({ open: Type.Optional(Type.Boolean({ default: true })), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })) });
  app.get(
    "/api/v1/lines/:line/andons",
    {
      config: { roles: READ },
      schema: { tags: ["execution"], summary: "Andon calls and faults of a line, newest first (open ones only by default)", security: [{ bearer: [] }], params: LineParam, querystring: AndonQuery, response: { 200: Type.Object({ line: Type.String(), andons: Type.Array(Andon) }), ...authErrors, 404: Type.Ref("ErrorBody") } },
    },
    async (req) => {
      const { line } = req.params as Static<typeof LineParam>;
      layout(line);
      const q = req.query as Static<typeof AndonQuery>;
      const rows = await ex.repo.andons(line, q.open ?? true, q.limit ?? 100);
      return { line, andons: rows.map((r) => ({ station: r.station, kind: r.kind, reason: r.reason, unit: r.unit, from: iso(r.from), to: isoOrNull(r.to) })) };
    },
  );
  const Window = Type.Object({ from: Type.Optional(Iso), to: Type.Optional(Iso) });
  app.get(
    "/api/v1/lines/:line/oee",
    {
      config: { roles: READ },
      schema: {
        tags: ["execution"],
        summary: "ISO 22400-2 KPIs of the line and each station over a window (default: the last 8 hours): OEE = availability × effectiveness × quality, throughput, first-pass yield, takt adherence",
        security: [{ bearer: [] }],
        params: LineParam,
        querystring: Window,
        response: { 200: Kpis, ...authErrors, 404: Type.Ref("ErrorBody") },
      },
    },
    async (req) => {
      const { line } = req.params as Static<typeof LineParam>;
      const q = req.query as Static<typeof Window>;
      const to = q.to ? Date.parse(q.to) : ctx.clock.nowMs();
      const from = q.from ? Date.parse(q.from) : to - 8 * 3600_000;
      if (!(from < to)) throw new ValidationError("from must be before to", [{ path: "/from", message: "must be before to" }]);
      return lineKpis(ex.repo, layout(line), { from, to });
    },
  );
  app.get(
    "/api/v1/devices/ingest",
    {
      config: { roles: roles("engineer", "operator") },
      schema: { tags: ["devices"], summary: "The device edge: MQTT mode, counters (received, stored, duplicates, dead letters by reason, pending, ingest lag) and Sparkplug edge nodes", security: [{ bearer: [] }], response: { 200: Ingest, ...authErrors } },
    },
    async () => ({
      mode: ex.broker ? ("embedded" as const) : ex.mqtt ? ("external" as const) : ("off" as const),
      url: ex.mqttUrl,
      stats: ex.mqtt ? ({ ...ex.mqtt.stats } as unknown as Record<string, unknown>) : null,
      sparkplugNodes: ex.mqtt?.sparkplug.nodeList() ?? [],
      telemetrySamples: await ex.repo.countTelemetry(),
    }),
  );
  const DlQuery = Type.Object({
    after: Type.Optional(Type.Integer({ minimum: 0, description: "oldest first, those with seq > after (default 0)" })),
    order: Type.Optional(Type.Union([Type.Literal("asc"), Type.Literal("desc")], { description: "asc (default): oldest first; desc: newest first" })),
    before: Type.Optional(Type.Integer({ minimum: 1, description: "with order=desc: those with seq < before (the page below the shown ones)" })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })),
  });
  app.get(
    "/api/v1/devices/dead-letters",
    {
      config: { roles: roles("engineer", "quality") },
      schema: { tags: ["devices"], summary: "Device messages that could not be used, with the reason (malformed, unknown device, unknown alias, duplicate, out of order, rejected, not born); oldest first from `after`, or newest first (`order=desc`) below `before`", security: [{ bearer: [] }], querystring: DlQuery, response: { 200: Type.Object({ deadLetters: Type.Array(DeadLetterView) }), ...authErrors } },
    },
    async (req) => {
      const q = req.query as Static<typeof DlQuery>;
      const desc = q.order === "desc";
      if (desc && q.after !== undefined) throw new ValidationError("after pages oldest first: not with order=desc (use before)", [{ path: "/after", message: "not with order=desc" }]);
      if (!desc && q.before !== undefined) throw new ValidationError("before pages newest first: needs order=desc", [{ path: "/before", message: "needs order=desc" }]);
      const rows = desc ? await ex.repo.latestDeadLetters(q.limit ?? 100, q.before) : await ex.repo.deadLetters(q.limit ?? 100, q.after ?? 0);
      return { deadLetters: rows.map((d) => ({ ...d, at: iso(d.at) })) };
    },
  );
  app.get(
    "/api/v1/lines/:line/live",
    {
      config: { roles: READ },
      schema: {
        tags: ["execution"],
        summary: "Live line state (Server-Sent Events): an `event: state` with the line state (as GET …/state) at once and after every change, bursts coalesced to at most one per 20 ms",
        security: [{ bearer: [] }],
        params: LineParam,
        response: { ...authErrors, 404: Type.Ref("ErrorBody") },
      },
    },
    async (req, reply) => {
      const { line } = req.params as Static<typeof LineParam>;
      if (!ex.ingest.line(line)) throw new NotFoundError("line", line);
      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache", connection: "keep-alive", "x-accel-buffering": "no", "x-request-id": String(req.id) });
      let seq = 0;
      let lastSent = 0;
      let lastData = "";
      let timer: ReturnType<typeof setTimeout> | null = null;
      const send = () => {
        timer = null;
        lastSent = Date.now();
        const t = ex.ingest.line(line);
        if (!t) return;
        const data = JSON.stringify(lineStateView(t, ex.mqtt ? (l, s) => ex.mqtt!.sparkplug.online(l, s) : undefined));
        // Changes that do not show in the line state (a measured value, a part fitted) send nothing.
        if (data === lastData) return;
        lastData = data;
        res.write(`id: ${++seq}\nevent: state\ndata: ${data}\n\n`);
      };
      const off = ex.ingest.onChange((changed) => {
        if (changed !== line || timer) return;
        timer = setTimeout(send, Math.max(0, LINE_LIVE_MIN_INTERVAL_MS - (Date.now() - lastSent)));
      });
      send();
      const ping = setInterval(() => res.write(": keep-alive\n\n"), 15000);
      req.raw.on("close", () => {
        off();
        clearInterval(ping);
        if (timer) clearTimeout(timer);
      });
    },
  );
  const StationParams = Type.Object({ line: Type.String({ minLength: 1, maxLength: 32 }), station: Type.String({ minLength: 1, maxLength: 32 }) });
  const Reason = Type.String({ minLength: 1, maxLength: 500, pattern: "\\S" });
  const RaiseBody = Type.Object({ reason: Reason }, { additionalProperties: false });
  const AndonState = Type.Object({ line: Type.String(), station: Type.String(), andon: Nullable(Type.Object({ reason: Type.String(), since: Iso, unit: Nullable(Type.String()) })) });
  /** Applies one signal from a person at a station, recorded exactly like the device's (same events, so the andon board and OEE see it). */
  const applyOperatorSignal = async (signal: StationSignal) => {
    const r = await ex.ingest.apply({ signals: [signal], telemetry: [], deadLetters: [] });
    if (r.applied !== 1) throw new ConflictError(r.notes.join("; ") || `the station refused the ${signal.kind.replace("_", " ")}`);
    ctx.relay.kick();
    const st = lineStateView(ex.ingest.line(signal.line)!).stations.find((s) => s.code === signal.station)!;
    return { line: signal.line, station: signal.station, andon: st.andon };
  };
  const stationOf = (p: Static<typeof StationParams>) => {
    const st = ex.ingest.line(p.line)?.stations[p.station];
    if (!st) throw new NotFoundError("station", `${p.line}/${p.station}`);
    return st;
  };
  /** The id of a message from a person: the token that sent it and a random part (recorded as the event's msgId). */
  const operatorMessageId = (tokenId: string) => `op-${tokenId}-${randomUUID()}`;
  app.post(
    "/api/v1/lines/:line/stations/:station/andon",
    {
      config: { roles: roles("operator", "engineer") },
      schema: {
        tags: ["execution"],
        summary: "An operator raises andon at the station (the andon button), with a reason; about the unit at the station. 409 when one is already open there",
        security: [{ bearer: [] }],
        params: StationParams,
        body: RaiseBody,
        response: { 201: AndonState, ...errorResponses },
      },
    },
    async (req, reply) => {
      const p = req.params as Static<typeof StationParams>;
      const { reason } = req.body as Static<typeof RaiseBody>;
      const st = stationOf(p);
      if (st.andon) throw new ConflictError(`an andon is already open at station ${p.station} (${st.andon.reason}, since ${iso(st.andon.since)})`);
      const by = principalOf(req).tokenId;
      const signal: StationSignal = { kind: "andon_raised", id: operatorMessageId(by), line: p.line, station: p.station, at: ctx.clock.nowMs(), reason: reason.trim(), ...(st.unit ? { unit: st.unit } : {}) };
      return reply.status(201).send(await applyOperatorSignal(signal));
    },
  );
  app.post(
    "/api/v1/lines/:line/stations/:station/andon/clear",
    {
      config: { roles: roles("operator", "engineer") },
      schema: {
        tags: ["execution"],
        summary: "An operator clears the station's open andon. 409 when none is open",
        security: [{ bearer: [] }],
        params: StationParams,
        body: Type.Object({}, { additionalProperties: false }),
        response: { 200: AndonState, ...errorResponses },
      },
    },
    async (req) => {
      const p = req.params as Static<typeof StationParams>;
      const st = stationOf(p);
      if (!st.andon) throw new ConflictError(`no andon is open at station ${p.station}`);
      const by = principalOf(req).tokenId;
      return applyOperatorSignal({ kind: "andon_cleared", id: operatorMessageId(by), line: p.line, station: p.station, at: ctx.clock.nowMs() });
    },
  );
  const SeqBody = Type.Object({ units: Type.Array(Type.String({ minLength: 1, maxLength: 128 }), { maxItems: 10_000 }) });
  app.put(
    "/api/v1/lines/:line/sequence",
    {
      config: { roles: roles("planner") },
      schema: { tags: ["execution"], summary: "Sets the released sequence of a line: units entering its first station are checked against it", security: [{ bearer: [] }], params: LineParam, body: SeqBody, response: { 200: Type.Object({ line: Type.String(), units: Type.Integer() }), ...authErrors, 404: Type.Ref("ErrorBody") } },
    },
    async (req) => {
      const { line } = req.params as Static<typeof LineParam>;
      layout(line);
      const { units } = req.body as Static<typeof SeqBody>;
      await ex.ingest.releaseSequence(line, units);
      return { line, units: units.length };
    },
  );
  const EventParams = Type.Object({ line: Type.String({ minLength: 1, maxLength: 32 }), station: Type.String({ minLength: 1, maxLength: 32 }), event: Type.Union(Object.keys(JSON_EVENT_SCHEMAS).map((k) => Type.Literal(k))) });
  app.post(
    "/api/v1/lines/:line/stations/:station/:event",
    {
      config: { roles: roles("device") },
      schema: {
        tags: ["devices"],
        summary: "HTTP twin of the MQTT JSON topic takt/v1/<line>/<station>/<event> for devices without MQTT; same payload schemas, idempotent by id",
        security: [{ bearer: [] }],
        params: EventParams,
        body: Type.Object({}, { additionalProperties: true }),
        response: { 202: Type.Object({ applied: Type.Integer(), duplicates: Type.Integer(), rejected: Type.Integer(), telemetryStored: Type.Integer() }), ...authErrors, 404: Type.Ref("ErrorBody") },
      },
    },
    async (req, reply) => {
      const p = req.params as Static<typeof EventParams>;
      if (!ex.ingest.hasStation(p.line, p.station)) throw new NotFoundError("station", `${p.line}/${p.station}`);
      const d = decodeJsonEvent(p.line, p.station, p.event, req.body, ctx.clock.nowMs(), req.url, JSON.stringify(req.body));
      if (d.kind === "dead") throw new ValidationError(d.letter.reason, d.letter.reason.split("; ").map((x) => ({ path: x.split(": ")[0] ?? "/", message: x.split(": ").slice(1).join(": ") })));
      const r = await ex.ingest.apply({ signals: d.kind === "signal" ? [d.signal] : [], telemetry: d.kind === "telemetry" ? d.samples : [], deadLetters: [] });
      if (r.applied > 0) ctx.relay.kick();
      return reply.status(202).send({ applied: r.applied, duplicates: r.duplicates, rejected: r.rejected, telemetryStored: r.telemetryStored });
    },
  );
}
