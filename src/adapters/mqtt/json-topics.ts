import { Type, type TSchema } from "typebox";
import { Compile, type Validator } from "typebox/compile";
import type { StationSignal } from "../../execution/index.js";
import type { DeadLetter, TelemetrySample } from "../../workflows/execution/index.js";

/**
 * The plain JSON topic scheme for simple devices (scanners, nut runners, andon buttons):
 *
 *   takt/v1/<line>/<station>/<event>      payload: one JSON object, QoS 1
 *
 * Events: unit-entered, unit-left, operation-done, part-installed, andon-raised, andon-cleared,
 * fault-raised, fault-cleared, state, telemetry. Every payload carries `id` (unique per message;
 * a re-sent message with the same id is applied once) and optionally `at` (ISO 8601 or epoch ms;
 * default: time of receipt).
 */
export const JSON_TOPIC_PREFIX = "takt/v1";
export const JSON_TOPIC_FILTER = "takt/v1/#";

const Id = Type.String({ minLength: 1, maxLength: 128 });
const At = Type.Optional(Type.Union([Type.Integer({ minimum: 0 }), Type.String({ format: "date-time" })]));
const Name = Type.String({ minLength: 1, maxLength: 128 });
const Measurement = Type.Object({
  name: Name,
  value: Type.Number(),
  uom: Type.Optional(Type.String({ maxLength: 32 })),
  min: Type.Optional(Type.Number()),
  max: Type.Optional(Type.Number()),
});
const TagValue = Type.Union([Type.Number(), Type.Boolean(), Type.String({ maxLength: 1024 })]);

/** Payload schema of each event of the JSON topic scheme. */
export const JSON_EVENT_SCHEMAS = {
  "unit-entered": Type.Object({ id: Id, at: At, unit: Name }),
  "unit-left": Type.Object({ id: Id, at: At, unit: Name }),
  "operation-done": Type.Object({ id: Id, at: At, unit: Name, operation: Name, ok: Type.Boolean(), values: Type.Optional(Type.Array(Measurement, { maxItems: 200 })) }),
  "part-installed": Type.Object({ id: Id, at: At, unit: Name, partNumber: Name, serial: Name, lot: Name }),
  "andon-raised": Type.Object({ id: Id, at: At, reason: Type.String({ minLength: 1, maxLength: 500 }), unit: Type.Optional(Name) }),
  "andon-cleared": Type.Object({ id: Id, at: At }),
  "fault-raised": Type.Object({ id: Id, at: At, code: Name, text: Type.Optional(Type.String({ maxLength: 500 })) }),
  "fault-cleared": Type.Object({ id: Id, at: At }),
  state: Type.Object({ id: Id, at: At, state: Type.Union([Type.Literal("idle"), Type.Literal("blocked"), Type.Literal("starved")]) }),
  telemetry: Type.Object({ id: Id, at: At, device: Type.Optional(Name), tags: Type.Record(Type.String({ minLength: 1, maxLength: 128 }), TagValue, { minProperties: 1 }) }),
} satisfies Record<string, TSchema>;
export type JsonEventName = keyof typeof JSON_EVENT_SCHEMAS;

/** What one device message turned into. */
export type Decoded =
  | { readonly kind: "signal"; readonly signal: StationSignal }
  | { readonly kind: "telemetry"; readonly samples: readonly TelemetrySample[] }
  | { readonly kind: "dead"; readonly letter: DeadLetter };

/** Describes a payload for a dead letter: UTF-8 text when it is, else base64. */
export function payloadText(p: Uint8Array): string {
  const b = Buffer.from(p.buffer, p.byteOffset, p.byteLength);
  const s = b.toString("utf8");
  return Buffer.from(s, "utf8").equals(b) ? s : `base64:${b.toString("base64")}`;
}

export function dead(source: string, kind: DeadLetter["kind"], reason: string, payload: Uint8Array | string, at: number, msgKey: string | null = null): Decoded {
  return { kind: "dead", letter: { msgKey, at, source, kind, reason, payload: typeof payload === "string" ? payload : payloadText(payload) } };
}

function timeOf(at: number | string | undefined, now: number): number {
  if (at === undefined) return now;
  return typeof at === "number" ? at : Date.parse(at);
}

const compiled = new Map<TSchema, Validator>();

/** Schema errors as `field: message`, naming each offending field by its JSON pointer; null when valid. */
export function schemaErrors(schema: TSchema, value: unknown): string | null {
  // Compiled once per schema: checking is the hot path of ingest (tens of thousands of messages a second).
  let v = compiled.get(schema);
  if (!v) compiled.set(schema, (v = Compile(schema)));
  if (v.Check(value)) return null;
  const errs = [...v.Errors(value)].slice(0, 5);
  return errs.map((e) => `${e.instancePath || "/"}: ${e.message}`).join("; ");
}

/**
 * Decodes one event of the JSON scheme for a known line and station (shared with the
 * Sparkplug `Takt/Event/<event>` metrics). Never throws: a bad payload becomes a dead letter.
 */
export function decodeJsonEvent(line: string, station: string, event: string, body: unknown, now: number, source: string, raw: Uint8Array | string): Decoded {
  const schema = (JSON_EVENT_SCHEMAS as Record<string, TSchema>)[event];
  if (!schema) return dead(source, "malformed", `unknown event "${event}" (expected one of ${Object.keys(JSON_EVENT_SCHEMAS).join(", ")})`, raw, now);
  const err = schemaErrors(schema, body);
  if (err) return dead(source, "malformed", err, raw, now);
  const b = body as Record<string, unknown> & { id: string; at?: number | string };
  const base = { id: b.id, line, station, at: timeOf(b.at, now) };
  const key = `${line}/${station}/${b.id}`;
  switch (event as JsonEventName) {
    case "unit-entered":
      return { kind: "signal", signal: { ...base, kind: "unit_entered", unit: b["unit"] as string } };
    case "unit-left":
      return { kind: "signal", signal: { ...base, kind: "unit_left", unit: b["unit"] as string } };
    case "operation-done":
      return {
        kind: "signal",
        signal: { ...base, kind: "operation_done", unit: b["unit"] as string, operation: b["operation"] as string, ok: b["ok"] as boolean, values: (b["values"] as never[] | undefined) ?? [] },
      };
    case "part-installed":
      return { kind: "signal", signal: { ...base, kind: "part_installed", unit: b["unit"] as string, partNumber: b["partNumber"] as string, serial: b["serial"] as string, lot: b["lot"] as string } };
    case "andon-raised":
      return { kind: "signal", signal: { ...base, kind: "andon_raised", reason: b["reason"] as string, ...(b["unit"] ? { unit: b["unit"] as string } : {}) } };
    case "andon-cleared":
      return { kind: "signal", signal: { ...base, kind: "andon_cleared" } };
    case "fault-raised":
      return { kind: "signal", signal: { ...base, kind: "fault_raised", code: b["code"] as string, ...(b["text"] ? { text: b["text"] as string } : {}) } };
    case "fault-cleared":
      return { kind: "signal", signal: { ...base, kind: "fault_cleared" } };
    case "state":
      return { kind: "signal", signal: { ...base, kind: "state_reported", state: b["state"] as "idle" | "blocked" | "starved" } };
    case "telemetry": {
      const device = (b["device"] as string | undefined) ?? station;
      const tags = b["tags"] as Record<string, number | boolean | string>;
      return { kind: "telemetry", samples: Object.entries(tags).map(([tag, value]) => ({ msgKey: key, line, station, device, tag, value, at: base.at })) };
    }
  }
}

/**
 * Decodes a message on `takt/v1/<line>/<station>/<event>`. Unknown lines or stations
 * (per `knows`) are dead-lettered as unknown devices; bad JSON or a payload that fails its
 * schema as malformed, the reason naming the field.
 */
export function decodeJsonMessage(topic: string, payload: Uint8Array, now: number, knows: (line: string, station: string) => boolean): Decoded {
  const parts = topic.split("/");
  if (parts.length !== 5 || `${parts[0]}/${parts[1]}` !== JSON_TOPIC_PREFIX) return dead(topic, "malformed", "topic must be takt/v1/<line>/<station>/<event>", payload, now);
  const [, , line, station, event] = parts as [string, string, string, string, string];
  if (!knows(line, station)) return dead(topic, "unknown_device", `unknown station ${station} on line ${line}`, payload, now);
  let body: unknown;
  try {
    body = JSON.parse(Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength).toString("utf8"));
  } catch (e) {
    return dead(topic, "malformed", `payload is not JSON: ${(e as Error).message}`, payload, now);
  }
  return decodeJsonEvent(line, station, event, body, now, topic, payload);
}

/** The topic and payload of a station signal in the JSON scheme (what a simple device publishes). */
export function encodeJsonSignal(s: StationSignal): { topic: string; payload: string } {
  const t = (event: JsonEventName) => `${JSON_TOPIC_PREFIX}/${s.line}/${s.station}/${event}`;
  const base = { id: s.id, at: s.at };
  switch (s.kind) {
    case "unit_entered":
      return { topic: t("unit-entered"), payload: JSON.stringify({ ...base, unit: s.unit }) };
    case "unit_left":
      return { topic: t("unit-left"), payload: JSON.stringify({ ...base, unit: s.unit }) };
    case "operation_done":
      return { topic: t("operation-done"), payload: JSON.stringify({ ...base, unit: s.unit, operation: s.operation, ok: s.ok, values: s.values }) };
    case "part_installed":
      return { topic: t("part-installed"), payload: JSON.stringify({ ...base, unit: s.unit, partNumber: s.partNumber, serial: s.serial, lot: s.lot }) };
    case "andon_raised":
      return { topic: t("andon-raised"), payload: JSON.stringify({ ...base, reason: s.reason, ...(s.unit ? { unit: s.unit } : {}) }) };
    case "andon_cleared":
      return { topic: t("andon-cleared"), payload: JSON.stringify(base) };
    case "fault_raised":
      return { topic: t("fault-raised"), payload: JSON.stringify({ ...base, code: s.code, ...(s.text ? { text: s.text } : {}) }) };
    case "fault_cleared":
      return { topic: t("fault-cleared"), payload: JSON.stringify(base) };
    case "state_reported":
      return { topic: t("state"), payload: JSON.stringify({ ...base, state: s.state }) };
  }
}
