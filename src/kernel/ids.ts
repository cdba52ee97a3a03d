import { randomBytes } from "node:crypto";

/**
 * Prefixed ids: `ord_`, `unit_`, `stn_`… followed by a time-ordered, URL-safe
 * body (48-bit millisecond time + 80 random bits, Crockford base32) so ids sort
 * by creation and a reader can tell an order id from a unit id at a glance.
 */
export const ID_PREFIXES = {
  order: "ord",
  unit: "unit",
  station: "stn",
  line: "line",
  area: "area",
  site: "site",
  event: "evt",
  token: "tok",
  customer: "cus",
  product: "prd",
  config: "cfg",
  plan: "plan",
  defect: "dfc",
  inspection: "insp",
  device: "dev",
  andon: "andon",
  service: "svc",
} as const;

export type IdKind = keyof typeof ID_PREFIXES;
export type IdPrefix = (typeof ID_PREFIXES)[IdKind];
/** A branded id string; `Id<"order">` is `ord_…`. */
export type Id<K extends IdKind> = string & { readonly __id: K };

const ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz";

function encodeBase32(bytes: Uint8Array): string {
  let out = "";
  let buffer = 0;
  let bits = 0;
  for (const b of bytes) {
    buffer = (buffer << 8) | b;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(buffer >>> (bits - 5)) & 31];
      bits -= 5;
    }
    buffer &= (1 << bits) - 1;
  }
  if (bits > 0) out += ALPHABET[(buffer << (5 - bits)) & 31];
  return out;
}

/** A random source, injectable so tests can make ids deterministic. */
export type RandomBytes = (n: number) => Uint8Array;

/**
 * Returns a new id of the given kind.
 * @example newId("order", Date.now()) // "ord_01j9z…"
 */
export function newId<K extends IdKind>(kind: K, nowMs: number = Date.now(), rnd: RandomBytes = randomBytes): Id<K> {
  const bytes = new Uint8Array(16);
  let t = Math.max(0, Math.floor(nowMs));
  for (let i = 5; i >= 0; i--) {
    bytes[i] = t % 256;
    t = Math.floor(t / 256);
  }
  bytes.set(rnd(10).subarray(0, 10), 6);
  return `${ID_PREFIXES[kind]}_${encodeBase32(bytes)}` as Id<K>;
}

const ID_RE = /^[a-z]{2,6}_[0-9a-z_-]{1,64}$/;

/** True when `s` is a well-formed id of `kind` (prefix checked, body charset checked). */
export function isId<K extends IdKind>(kind: K, s: unknown): s is Id<K> {
  return typeof s === "string" && s.startsWith(`${ID_PREFIXES[kind]}_`) && ID_RE.test(s);
}

/** Builds an id of `kind` from a readable slug (for seeded, stable ids such as `stn_t01`). */
export function idFromSlug<K extends IdKind>(kind: K, slug: string): Id<K> {
  const body = slug.toLowerCase().replace(/[^0-9a-z_-]+/g, "-");
  return `${ID_PREFIXES[kind]}_${body}` as Id<K>;
}
