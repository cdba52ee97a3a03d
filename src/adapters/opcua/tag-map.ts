import { readFile } from "node:fs/promises";
import { Type, type Static } from "typebox";
import { Value } from "typebox/value";
import { ValidationError, type FieldIssue } from "../../kernel/index.js";

/**
 * The tag map: which external OPC UA server Takt subscribes to and what each of its variables
 * means on the line. A JSON file (TAKT_OPCUA_TAGMAP), checked against this schema at load;
 * every error names its field by JSON pointer (e.g. `/tags/3/nodeId`).
 *
 * Meanings, and the station signal a value change becomes:
 * - `current_unit` (String): the unit at the station; A → B is unit_left A then unit_entered B, "" means empty.
 * - `unit_entered` / `unit_left` (String): each new non-empty value is that event for that unit.
 * - `operation_value` (Number): a measured value of the unit at the station, e.g. a torque:
 *   operation_done with the value named `characteristic`, its uom and limits (ok = within limits).
 * - `part_serial` (String): part_installed of `partNumber` with this serial, in the unit at the station;
 *   the lot is the last value of the station's `part_lot` tag of the same part number, or the tag's `lot`.
 * - `part_lot` (String): the lot of the parts that follow (no signal of its own).
 * - `station_state` (String or number): idle, blocked or starved, through `states` for other encodings.
 * - `andon` (Boolean, or a String reason): true / non-empty raises the andon, false / "" clears it.
 * - `fault` (Boolean, number or String code): true, non-zero or non-empty raises a fault (code: the
 *   value, or `code` for a Boolean), false / 0 / "" clears it.
 * - `telemetry` (any scalar): stored in the station's telemetry series under `name`.
 */
export const TAG_MEANINGS = ["current_unit", "unit_entered", "unit_left", "operation_value", "part_serial", "part_lot", "station_state", "andon", "fault", "telemetry"] as const;
export type TagMeaning = (typeof TAG_MEANINGS)[number];

export const SECURITY_MODES = ["None", "Sign", "SignAndEncrypt"] as const;
export const SECURITY_POLICIES = ["None", "Basic128Rsa15", "Basic256", "Basic256Sha256", "Aes128_Sha256_RsaOaep", "Aes256_Sha256_RsaPss"] as const;

const Code = Type.String({ minLength: 1, maxLength: 64, pattern: "^[A-Za-z0-9_.-]+$" });
const Name = Type.String({ minLength: 1, maxLength: 128 });
const Ms = (max: number) => Type.Integer({ minimum: 0, maximum: max });

const TagSchema = Type.Object(
  {
    /** OPC UA NodeId, e.g. `ns=2;s=Line1.C04.Torque` or `ns=3;i=1001`. */
    nodeId: Type.String({ minLength: 3, maxLength: 512, pattern: "^(ns=\\d+;)?[isgb]=.+$" }),
    /** A short name for logs, metrics and the API (default: the nodeId). */
    name: Type.Optional(Name),
    line: Type.Optional(Code),
    station: Code,
    meaning: Type.Enum(TAG_MEANINGS),
    /** operation_value: the measured characteristic (e.g. torque) and the operation (default: the characteristic). */
    characteristic: Type.Optional(Name),
    operation: Type.Optional(Name),
    uom: Type.Optional(Type.String({ maxLength: 32 })),
    min: Type.Optional(Type.Number()),
    max: Type.Optional(Type.Number()),
    /** part_serial, part_lot: the part number; part_serial: a fixed lot when there is no lot tag. */
    partNumber: Type.Optional(Name),
    lot: Type.Optional(Name),
    /** station_state: raw value → state ("ignore" for values that are no signal, e.g. executing). */
    states: Type.Optional(Type.Record(Type.String({ minLength: 1, maxLength: 64 }), Type.Enum(["idle", "blocked", "starved", "ignore"] as const))),
    /** andon: the reason when the value is a Boolean (default "andon"); fault: the code when it is a Boolean (default "FAULT"). */
    reason: Type.Optional(Type.String({ minLength: 1, maxLength: 500 })),
    code: Type.Optional(Name),
    /** Requested sampling interval, ms (default: defaults.samplingMs). */
    samplingMs: Type.Optional(Ms(3_600_000)),
    /** No good value for this long marks the tag stale, ms; 0: only a bad status or a lost connection does (default: defaults.staleAfterMs). */
    staleAfterMs: Type.Optional(Ms(86_400_000)),
  },
  { additionalProperties: false },
);

export const TagMapSchema = Type.Object(
  {
    /** Server endpoint, `opc.tcp://host:port[/path]`. */
    endpoint: Type.String({ pattern: "^opc\\.tcp://[^\\s]+$" }),
    securityMode: Type.Optional(Type.Enum(SECURITY_MODES)),
    securityPolicy: Type.Optional(Type.Enum(SECURITY_POLICIES)),
    /** User name and password; the password may come from an environment variable instead of the file. */
    user: Type.Optional(Type.Object({ name: Name, password: Type.Optional(Type.String({ maxLength: 256 })), passwordEnv: Type.Optional(Type.String({ pattern: "^[A-Z_][A-Z0-9_]*$" })) }, { additionalProperties: false })),
    /** Line of tags that name none. */
    line: Type.Optional(Code),
    defaults: Type.Optional(Type.Object({ samplingMs: Type.Optional(Ms(3_600_000)), staleAfterMs: Type.Optional(Ms(86_400_000)), publishingMs: Type.Optional(Type.Integer({ minimum: 10, maximum: 60_000 })) }, { additionalProperties: false })),
    tags: Type.Array(TagSchema, { minItems: 1, maxItems: 10_000 }),
  },
  { additionalProperties: false },
);
export type TagMapFile = Static<typeof TagMapSchema>;
export type TagSpec = Static<typeof TagSchema>;

/** A tag of a loaded map, every default applied. */
export interface Tag extends Omit<TagSpec, "line" | "samplingMs" | "staleAfterMs" | "name"> {
  readonly name: string;
  readonly line: string;
  readonly samplingMs: number;
  readonly staleAfterMs: number;
}

export interface TagMap {
  readonly endpoint: string;
  readonly securityMode: (typeof SECURITY_MODES)[number];
  readonly securityPolicy: (typeof SECURITY_POLICIES)[number];
  readonly user: { readonly name: string; readonly password: string } | null;
  readonly publishingMs: number;
  readonly tags: readonly Tag[];
}

/** The plant as the tag map is checked against it. */
export interface TagMapPlant {
  hasLine(line: string): boolean;
  hasStation(line: string, station: string): boolean;
}

/** Schema errors as field issues, readable: unknown fields named as such, enumerations listed. */
function schemaIssues(errors: readonly { instancePath: string; message: string }[]): FieldIssue[] {
  const unknown = errors.filter((e) => e.message === "schema is false").map((e) => e.instancePath);
  const allowed: Record<string, readonly string[]> = { meaning: TAG_MEANINGS, securityMode: SECURITY_MODES, securityPolicy: SECURITY_POLICIES };
  return errors
    .filter((e) => !(/additional properties/.test(e.message) && unknown.some((u) => u.startsWith(`${e.instancePath}/`))))
    .map((e) => {
      const field = e.instancePath.split("/").pop() ?? "";
      if (e.message === "schema is false") return { path: e.instancePath, message: "unknown field" };
      if (/one of the allowed values/.test(e.message) && allowed[field]) return { path: e.instancePath, message: `must be one of ${allowed[field].join(", ")}` };
      return { path: e.instancePath || "/", message: e.message };
    });
}

const fail = (where: string, issues: FieldIssue[]): never => {
  throw new ValidationError(`${where}: invalid OPC UA tag map: ${issues.map((i) => `${i.path}: ${i.message}`).join("; ")}`, issues);
};

/**
 * Checks a parsed tag map and applies the defaults (sampling 250 ms, stale after 0 = only on a
 * bad status or a lost connection, publishing 100 ms). Beyond the schema: security mode and
 * policy agree, what each meaning needs is there, node ids are unique, and with `plant` every
 * line and station exists.
 * @throws ValidationError whose issues name each offending field (`/tags/2/characteristic`).
 */
export function parseTagMap(raw: unknown, opts: { plant?: TagMapPlant; env?: NodeJS.ProcessEnv; where?: string } = {}): TagMap {
  const where = opts.where ?? "tag map";
  const errors = [...Value.Errors(TagMapSchema, raw)].slice(0, 10);
  if (errors.length > 0) fail(where, schemaIssues(errors));
  const m = raw as TagMapFile;
  const issues: FieldIssue[] = [];
  const mode = m.securityMode ?? "None";
  const policy = m.securityPolicy ?? (mode === "None" ? "None" : "Basic256Sha256");
  if ((mode === "None") !== (policy === "None")) issues.push({ path: "/securityPolicy", message: `security mode ${mode} needs ${mode === "None" ? "policy None" : "a policy other than None"}` });
  let user: TagMap["user"] = null;
  if (m.user) {
    const password = m.user.passwordEnv ? (opts.env ?? process.env)[m.user.passwordEnv] : m.user.password;
    if (password === undefined) issues.push({ path: m.user.passwordEnv ? "/user/passwordEnv" : "/user/password", message: m.user.passwordEnv ? `environment variable ${m.user.passwordEnv} is not set` : "a password (or passwordEnv) is required with a user" });
    else user = { name: m.user.name, password };
  }
  const seen = new Set<string>();
  const tags: Tag[] = m.tags.map((t, i) => {
    const at = (f: string) => `/tags/${i}/${f}`;
    const need = (f: keyof TagSpec, why: string) => {
      if (t[f] === undefined) issues.push({ path: at(f), message: `required for meaning ${t.meaning}${why ? ` (${why})` : ""}` });
    };
    const line = t.line ?? m.line;
    if (!line) issues.push({ path: at("line"), message: "required when the map names no line" });
    else if (opts.plant && !opts.plant.hasLine(line)) issues.push({ path: t.line ? at("line") : "/line", message: `unknown line ${line}` });
    else if (opts.plant && !opts.plant.hasStation(line, t.station)) issues.push({ path: at("station"), message: `unknown station ${t.station} on line ${line}` });
    if (seen.has(t.nodeId)) issues.push({ path: at("nodeId"), message: `node ${t.nodeId} is mapped twice` });
    seen.add(t.nodeId);
    if (t.meaning === "operation_value") need("characteristic", "the measured value's name, e.g. torque");
    if (t.meaning === "part_serial" || t.meaning === "part_lot") need("partNumber", "");
    if (t.meaning === "telemetry") need("name", "the telemetry tag name");
    if (t.min !== undefined && t.max !== undefined && t.min > t.max) issues.push({ path: at("min"), message: "must not exceed max" });
    return {
      ...t,
      name: t.name ?? t.nodeId,
      line: line ?? "",
      samplingMs: t.samplingMs ?? m.defaults?.samplingMs ?? 250,
      staleAfterMs: t.staleAfterMs ?? m.defaults?.staleAfterMs ?? 0,
    };
  });
  if (issues.length > 0) fail(where, issues);
  return { endpoint: m.endpoint, securityMode: mode, securityPolicy: policy, user, publishingMs: m.defaults?.publishingMs ?? 100, tags };
}

/**
 * Reads and checks a tag map file (see parseTagMap).
 * @throws ValidationError naming the file and the field, also for unreadable files and bad JSON.
 */
export async function loadTagMap(path: string, opts: { plant?: TagMapPlant; env?: NodeJS.ProcessEnv } = {}): Promise<TagMap> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (e) {
    throw new ValidationError(`TAKT_OPCUA_TAGMAP: cannot read ${path}: ${(e as Error).message}`, [{ path: "TAKT_OPCUA_TAGMAP", message: (e as Error).message }]);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new ValidationError(`${path}: tag map is not JSON: ${(e as Error).message}`, [{ path: "/", message: `not JSON: ${(e as Error).message}` }]);
  }
  return parseTagMap(raw, { ...opts, where: path });
}
