import sparkplug from "sparkplug-payload";

/**
 * Sparkplug B 3.0 payload codec (Eclipse Tahu protobuf, `org.eclipse.tahu.protobuf.Payload`)
 * through the `sparkplug-payload` package, with 64-bit Longs turned into numbers.
 */
const codec = sparkplug.get("spBv1.0")!;

export type SparkplugType =
  | "Int8" | "Int16" | "Int32" | "Int64" | "UInt8" | "UInt16" | "UInt32" | "UInt64"
  | "Float" | "Double" | "Boolean" | "String" | "DateTime" | "Text" | "UUID"
  | "DataSet" | "Bytes" | "File" | "Template" | "PropertySet" | "PropertySetList";

export interface SparkplugMetric {
  readonly name?: string;
  readonly alias?: number;
  readonly timestamp?: number;
  readonly type?: SparkplugType;
  readonly value?: unknown;
  readonly isNull?: boolean;
}

export interface SparkplugPayload {
  readonly timestamp?: number;
  readonly seq?: number;
  readonly metrics: readonly SparkplugMetric[];
}

type LongLike = { toNumber(): number };
const isLong = (v: unknown): v is LongLike => typeof v === "object" && v !== null && typeof (v as LongLike).toNumber === "function";
const num = (v: unknown): number | undefined => (v === undefined || v === null ? undefined : isLong(v) ? v.toNumber() : Number(v));

/** Decodes a Sparkplug B payload. @throws on bytes that are not a Sparkplug B payload. */
export function decodeSparkplug(bytes: Uint8Array): SparkplugPayload {
  const p = codec.decodePayload(bytes) as { timestamp?: unknown; seq?: unknown; metrics?: Record<string, unknown>[] | null };
  const metrics = (p.metrics ?? []).map((m) => {
    const value = isLong(m["value"]) ? (m["value"] as LongLike).toNumber() : m["value"];
    const out: { -readonly [K in keyof SparkplugMetric]: SparkplugMetric[K] } = { value };
    if (typeof m["name"] === "string") out.name = m["name"];
    const alias = num(m["alias"]);
    if (alias !== undefined) out.alias = alias;
    const ts = num(m["timestamp"]);
    if (ts !== undefined) out.timestamp = ts;
    if (typeof m["type"] === "string") out.type = m["type"] as SparkplugType;
    if (m["isNull"]) out.isNull = true;
    return out as SparkplugMetric;
  });
  const out: { timestamp?: number; seq?: number; metrics: SparkplugMetric[] } = { metrics };
  const ts = num(p.timestamp);
  if (ts !== undefined) out.timestamp = ts;
  const seq = num(p.seq);
  if (seq !== undefined) out.seq = seq;
  return out;
}

/** Encodes a Sparkplug B payload (for edge nodes in tests, the simulator, the bench, and NCMD). */
export function encodeSparkplug(p: { timestamp?: number; seq?: number; metrics: readonly (SparkplugMetric & { type: SparkplugType })[] }): Uint8Array {
  return codec.encodePayload(p as never);
}
