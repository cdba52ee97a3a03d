import type { DeadLetter } from "../../api";

// The Devices screen's logic without React: the edge counters read from the API's free-form stats,
// rates from successive polls, the sparkline's geometry, safe payload text, and the dead-letter
// window (newest first), followed live with `after` and paged down with `order=desc&before`.

/** The MQTT edge counters the screen shows; a counter the server does not send reads 0. */
export interface EdgeCounters {
  readonly connected: boolean;
  readonly received: number;
  readonly stored: number;
  readonly duplicates: number;
  readonly pending: number;
  readonly storeErrors: number;
  readonly lastLagMs: number;
  readonly maxLagMs: number;
  /** Dead letters by kind (malformed, unknown_device, …), every kind the server counts, zeros included. */
  readonly deadLetters: Readonly<Record<string, number>>;
  readonly deadLettersTotal: number;
}

const num = (v: unknown): number => (typeof v === "number" && Number.isFinite(v) ? v : 0);

export function edgeCounters(stats: Readonly<Record<string, unknown>>): EdgeCounters {
  const dl: Record<string, number> = {};
  const raw = stats["deadLetters"];
  if (raw && typeof raw === "object") for (const [k, v] of Object.entries(raw as Record<string, unknown>)) dl[k] = num(v);
  return {
    connected: stats["connected"] === true,
    received: num(stats["received"]),
    stored: num(stats["stored"]),
    duplicates: num(stats["duplicates"]),
    pending: num(stats["pending"]),
    storeErrors: num(stats["storeErrors"]),
    lastLagMs: num(stats["lastLagMs"]),
    maxLagMs: num(stats["maxLagMs"]),
    deadLetters: dl,
    deadLettersTotal: Object.values(dl).reduce((a, b) => a + b, 0),
  };
}

/** One poll of the counters, at the browser's time. */
export interface CounterSample {
  readonly atMs: number;
  readonly received: number;
  readonly stored: number;
}

/** Messages per second between two polls. */
export interface RatePoint {
  readonly atMs: number;
  readonly received: number;
  readonly stored: number;
}

/** How many polls the screen keeps (at 2 s: the last two minutes). */
export const MAX_SAMPLES = 61;

/** Appends a poll, keeping the last `max`. Counters that went down (a server restart) start the series over. */
export function addSample(samples: readonly CounterSample[], s: CounterSample, max = MAX_SAMPLES): CounterSample[] {
  const last = samples[samples.length - 1];
  if (last && (s.received < last.received || s.stored < last.stored || s.atMs <= last.atMs)) return [s];
  const next = [...samples, s];
  return next.length > max ? next.slice(next.length - max) : next;
}

/** Received and stored messages per second between successive polls. */
export function ratesOf(samples: readonly CounterSample[]): RatePoint[] {
  const out: RatePoint[] = [];
  for (let i = 1; i < samples.length; i++) {
    const a = samples[i - 1]!;
    const b = samples[i]!;
    const dt = (b.atMs - a.atMs) / 1000;
    out.push({ atMs: b.atMs, received: (b.received - a.received) / dt, stored: (b.stored - a.stored) / dt });
  }
  return out;
}

/** A round, readable upper bound of the chart ≥ max (1, 2, 5 × 10ⁿ); at least 1. */
export function niceMax(max: number): number {
  if (!(max > 1)) return 1;
  const p = 10 ** Math.floor(Math.log10(max));
  for (const m of [1, 2, 5, 10]) if (m * p >= max) return m * p;
  return 10 * p;
}

/** SVG path ("M x y L x y …") of values spread evenly over `width`, 0 at the bottom, `max` at the top. */
export function sparkPath(values: readonly number[], width: number, height: number, max: number): string {
  if (values.length === 0) return "";
  const step = values.length > 1 ? width / (values.length - 1) : 0;
  const y = (v: number): number => height - (Math.max(0, Math.min(v, max)) / max) * height;
  return values.map((v, i) => `${i === 0 ? "M" : "L"}${(i * step).toFixed(1)} ${y(v).toFixed(1)}`).join(" ");
}

/** "1,234.5/s" style rate: whole numbers from 10/s on. */
export function formatRate(perSecond: number): string {
  return `${perSecond >= 10 ? Math.round(perSecond).toLocaleString("en") : perSecond.toFixed(1)}/s`;
}

/** Lag in ms or s. */
export function formatLag(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/**
 * A payload as plain text: control characters (other than newline and tab) as \xNN or \u{…} escapes, so
 * binary payloads and terminal escapes show as what they are. React escapes the markup.
 */
export function printable(payload: string): string {
  // eslint-disable-next-line no-control-regex
  return payload.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\ufffd]/g, (c) => {
    const code = c.codePointAt(0)!;
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, "0")}` : `\\u{${code.toString(16)}}`;
  });
}

/** The first `max` characters of a payload and whether there is more. */
export function truncated(text: string, max: number): { text: string; cut: boolean } {
  if (text.length <= max) return { text, cut: false };
  return { text: `${text.slice(0, max)}…`, cut: true };
}

/** "unknown_device" → "unknown device". */
export const kindLabel = (kind: string): string => kind.replace(/_/g, " ");

// --- dead letters: newest first ---------------------------------------------------------------------

/** The API's two ways through the dead letters (GET /devices/dead-letters). */
export interface DeadLetterSource {
  /** Those with seq > after, oldest first, at most `limit` (what came since). */
  after(after: number, limit: number): Promise<readonly DeadLetter[]>;
  /** The newest first, those with seq < before when given, at most `limit` (order=desc). */
  newest(before: number | undefined, limit: number): Promise<readonly DeadLetter[]>;
}

/** The shown dead letters, newest first, and whether older ones exist below them. */
export interface DeadLetterWindow {
  readonly items: readonly DeadLetter[];
  readonly hasOlder: boolean;
  /** Whether one poll brought a page or more, so the window jumped to the newest. */
  readonly skipped: boolean;
}

export const EMPTY_WINDOW: DeadLetterWindow = { items: [], hasOlder: false, skipped: false };

const newestFirst = (rows: readonly DeadLetter[]): DeadLetter[] => [...rows].sort((a, b) => b.seq - a.seq);

/** The newest page: up to `size` dead letters, newest first (one request; one more row tells whether older ones exist). */
export async function newestPage(src: DeadLetterSource, size: number): Promise<DeadLetterWindow> {
  const rows = newestFirst(await src.newest(undefined, size + 1));
  return { items: rows.slice(0, size), hasOlder: rows.length > size, skipped: false };
}

/** Adds the dead letters that came since the newest shown; a flood of a full page or more starts over at the newest page. */
export async function refreshWindow(src: DeadLetterSource, w: DeadLetterWindow, size: number): Promise<DeadLetterWindow> {
  const newest = w.items[0]?.seq;
  if (newest === undefined) return newestPage(src, size);
  const rows = await src.after(newest, size);
  if (rows.length === 0) return w;
  if (rows.length >= size) return { ...(await newestPage(src, size)), skipped: true };
  return { ...w, items: [...newestFirst(rows), ...w.items] };
}

/** Appends the page of dead letters just below the oldest shown. */
export async function olderPage(src: DeadLetterSource, w: DeadLetterWindow, size: number): Promise<DeadLetterWindow> {
  const oldest = w.items[w.items.length - 1]?.seq;
  if (oldest === undefined) return { ...w, hasOlder: false };
  const rows = newestFirst(await src.newest(oldest, size + 1));
  return { ...w, items: [...w.items, ...rows.slice(0, size)], hasOlder: rows.length > size };
}

/** "1 message", "2 messages". */
export const plural = (n: number, noun: string): string => `${n.toLocaleString("en")} ${noun}${n === 1 ? "" : "s"}`;

/** What needs a look on the MQTT edge, in words (empty when nothing does). */
export function edgeWarnings(mode: "embedded" | "external" | "off", c: EdgeCounters | null): string[] {
  if (mode === "off") return ["MQTT ingest is off (TAKT_MQTT_PORT=off and no TAKT_MQTT_URL): devices cannot send over MQTT."];
  if (!c) return [];
  const out: string[] = [];
  if (!c.connected) out.push(mode === "external" ? "Not connected to the external broker: messages wait there until Takt is back." : "The ingest is not subscribed to the embedded broker.");
  if (c.storeErrors > 0) out.push(`${plural(c.storeErrors, "store error")}: batches failed to commit and were retried.`);
  if (c.deadLettersTotal > 0) out.push(`${plural(c.deadLettersTotal, "message")} dead-lettered since the start.`);
  return out;
}
