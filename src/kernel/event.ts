import type { Clock } from "./clock.js";
import { newId } from "./ids.js";

/**
 * The event envelope, with CloudEvents 1.0 attribute names
 * (specversion, id, type, source, subject, time, datacontenttype, data).
 * `type` is `<entity>.<past_tense>`, e.g. `order.placed`, `unit.left_station`.
 * `stream` and `version` are Takt's extension attributes for the event log.
 */
export interface TaktEvent<T = unknown> {
  readonly specversion: "1.0";
  readonly id: string;
  readonly type: string;
  readonly source: string;
  readonly subject: string;
  readonly time: string;
  readonly datacontenttype: "application/json";
  readonly data: T;
  /** Event-log stream this event belongs to (usually the aggregate id). */
  readonly stream: string;
  /** 1-based position in its stream; set by the event log on append. */
  readonly version: number;
}

/** What a caller supplies to append; the log assigns `version`. */
export type NewEvent<T = unknown> = Omit<TaktEvent<T>, "version" | "specversion" | "datacontenttype" | "id" | "time"> & {
  readonly id?: string;
  readonly time?: string;
};

const TYPE_RE = /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$/;

/** True when `type` follows `<entity>.<past_tense>`. */
export function isEventType(type: string): boolean {
  return TYPE_RE.test(type);
}

/**
 * Builds a complete envelope from a new event.
 * @example makeEvent({ type: "order.placed", source: "/orders", subject: id, stream: id, data }, 1, clock)
 */
export function makeEvent<T>(e: NewEvent<T>, version: number, clock: Clock): TaktEvent<T> {
  if (!isEventType(e.type)) throw new RangeError(`event type must be <entity>.<past_tense>, got "${e.type}"`);
  return {
    specversion: "1.0",
    id: e.id ?? newId("event", clock.nowMs()),
    type: e.type,
    source: e.source,
    subject: e.subject,
    time: e.time ?? clock.now().toISOString(),
    datacontenttype: "application/json",
    data: e.data,
    stream: e.stream,
    version,
  };
}
