import { Type, type Static } from "typebox";
import { Value } from "typebox/value";
import { ValidationError } from "../kernel/index.js";
import { redactUrl } from "../adapters/mqtt/durable-subscriber.js";

/**
 * Every setting Takt reads, from environment variables prefixed TAKT_, parsed and
 * validated once at start. `takt serve --help` prints this table.
 */
export const CONFIG_VARS = {
  TAKT_HOST: { def: "127.0.0.1", help: "address to listen on" },
  TAKT_PORT: { def: "8080", help: "HTTP port (0 picks a free one)" },
  TAKT_DATA_DIR: { def: "./.takt", help: "folder of the embedded SQLite store and local files" },
  TAKT_DATABASE_URL: { def: "", help: "PostgreSQL URL; when set, the store is PostgreSQL instead of SQLite" },
  TAKT_DATABASE_SCHEMA: { def: "", help: "PostgreSQL schema to use (default: the connection's search_path)" },
  TAKT_NATS_URL: { def: "", help: "NATS URL; when set, events fan out over NATS JetStream instead of in-process" },
  TAKT_NATS_STREAM: { def: "TAKT_EVENTS", help: "JetStream stream that carries the events (subjects <stream in lower case>.>)" },
  TAKT_SQLITE_SYNC: { def: "full", help: "SQLite synchronous mode: full (fsync every commit) or normal" },
  TAKT_BODY_LIMIT: { def: "1048576", help: "largest accepted request body in bytes (413 above)" },
  TAKT_LOG_LEVEL: { def: "info", help: "fatal, error, warn, info, debug, trace or silent" },
  TAKT_DEMO: { def: "true", help: "seed the demo plant, product and tokens into an empty store" },
  TAKT_WEB_DIR: { def: "", help: "folder of the built web app (default: web/dist of the package)" },
  TAKT_MQTT_PORT: { def: "1884", help: "port of the embedded MQTT broker for devices (aedes, MQTT 3.1.1); 0 picks a free one, off disables it" },
  TAKT_MQTT_HOST: { def: "127.0.0.1", help: "address the embedded MQTT broker listens on (0.0.0.0 for devices on the network)" },
  TAKT_MQTT_AUTH: {
    def: "auto",
    help: "who may connect to the embedded broker: token (MQTT password = an API token of role device or admin), none, or auto (token unless TAKT_MQTT_HOST is a loopback address)",
  },
  TAKT_MQTT_BROKER_CERT: { def: "", help: "PEM certificate of the embedded broker: devices then connect over TLS (mqtts) on TAKT_MQTT_PORT (with TAKT_MQTT_BROKER_KEY)" },
  TAKT_MQTT_BROKER_KEY: { def: "", help: "PEM private key of TAKT_MQTT_BROKER_CERT" },
  TAKT_MQTT_URL: {
    def: "",
    help: "external MQTT broker URL (mqtt://host:1883, or mqtts://host:8883 for TLS; credentials may be given as mqtts://user:password@host); when set, Takt ingests from it as a client and runs no broker",
  },
  TAKT_MQTT_CLIENT_ID: { def: "takt-ingest", help: "client id of Takt's persistent (QoS 1, clean=false) session on the external broker" },
  TAKT_MQTT_USERNAME: { def: "", help: "user name on the external broker (instead of the URL's)" },
  TAKT_MQTT_PASSWORD: { def: "", help: "password on the external broker (instead of the URL's)" },
  TAKT_MQTT_CA: { def: "", help: "PEM file of the CA(s) that signed the external broker's certificate (mqtts://; default: the system's CAs)" },
  TAKT_MQTT_CERT: { def: "", help: "PEM file of Takt's client certificate, for a broker that authenticates clients by certificate (with TAKT_MQTT_KEY)" },
  TAKT_MQTT_KEY: { def: "", help: "PEM file of the private key of TAKT_MQTT_CERT" },
  TAKT_OPCUA_PORT: { def: "off", help: "port of Takt's OPC UA server exposing lines, stations, states and current units (e.g. 4840); off disables it" },
  TAKT_OPCUA_TAGMAP: { def: "", help: "tag map file (JSON, see docs/devices.md): an external OPC UA server whose tags Takt subscribes to as station events" },
} as const;

const ConfigSchema = Type.Object({
  host: Type.String({ minLength: 1 }),
  port: Type.Integer({ minimum: 0, maximum: 65535 }),
  dataDir: Type.String({ minLength: 1 }),
  databaseUrl: Type.Union([Type.String({ pattern: "^postgres(ql)?://" }), Type.Null()]),
  databaseSchema: Type.Union([Type.String({ pattern: "^[a-z_][a-z0-9_]{0,62}$" }), Type.Null()]),
  natsUrl: Type.Union([Type.String({ pattern: "^(nats://)?[^\\s]+$" }), Type.Null()]),
  natsStream: Type.String({ pattern: "^[A-Za-z0-9_-]{1,64}$" }),
  sqliteSync: Type.Union([Type.Literal("full"), Type.Literal("normal")]),
  bodyLimit: Type.Integer({ minimum: 1024, maximum: 1024 * 1024 * 1024 }),
  logLevel: Type.Union(["fatal", "error", "warn", "info", "debug", "trace", "silent"].map((l) => Type.Literal(l))),
  demo: Type.Boolean(),
  webDir: Type.Union([Type.String(), Type.Null()]),
  mqttPort: Type.Union([Type.Integer({ minimum: 0, maximum: 65535 }), Type.Null()]),
  mqttHost: Type.String({ minLength: 1 }),
  mqttAuth: Type.Union([Type.Literal("auto"), Type.Literal("token"), Type.Literal("none")]),
  mqttBrokerCert: Type.Union([Type.String({ minLength: 1 }), Type.Null()]),
  mqttBrokerKey: Type.Union([Type.String({ minLength: 1 }), Type.Null()]),
  mqttUrl: Type.Union([Type.String({ pattern: "^(mqtts?|ssl|tls|tcp)://[^\\s]+$" }), Type.Null()]),
  mqttClientId: Type.String({ pattern: "^[A-Za-z0-9_.-]{1,64}$" }),
  mqttUsername: Type.Union([Type.String({ minLength: 1 }), Type.Null()]),
  mqttPassword: Type.Union([Type.String({ minLength: 1 }), Type.Null()]),
  mqttCa: Type.Union([Type.String({ minLength: 1 }), Type.Null()]),
  mqttCert: Type.Union([Type.String({ minLength: 1 }), Type.Null()]),
  mqttKey: Type.Union([Type.String({ minLength: 1 }), Type.Null()]),
  opcuaPort: Type.Union([Type.Integer({ minimum: 0, maximum: 65535 }), Type.Null()]),
  opcuaTagMap: Type.Union([Type.String({ minLength: 1 }), Type.Null()]),
});
export type Config = Static<typeof ConfigSchema>;

const envKey: Record<keyof Config, keyof typeof CONFIG_VARS> = {
  host: "TAKT_HOST",
  port: "TAKT_PORT",
  dataDir: "TAKT_DATA_DIR",
  databaseUrl: "TAKT_DATABASE_URL",
  databaseSchema: "TAKT_DATABASE_SCHEMA",
  natsUrl: "TAKT_NATS_URL",
  natsStream: "TAKT_NATS_STREAM",
  sqliteSync: "TAKT_SQLITE_SYNC",
  bodyLimit: "TAKT_BODY_LIMIT",
  logLevel: "TAKT_LOG_LEVEL",
  demo: "TAKT_DEMO",
  webDir: "TAKT_WEB_DIR",
  mqttPort: "TAKT_MQTT_PORT",
  mqttHost: "TAKT_MQTT_HOST",
  mqttAuth: "TAKT_MQTT_AUTH",
  mqttBrokerCert: "TAKT_MQTT_BROKER_CERT",
  mqttBrokerKey: "TAKT_MQTT_BROKER_KEY",
  mqttUrl: "TAKT_MQTT_URL",
  mqttClientId: "TAKT_MQTT_CLIENT_ID",
  mqttUsername: "TAKT_MQTT_USERNAME",
  mqttPassword: "TAKT_MQTT_PASSWORD",
  mqttCa: "TAKT_MQTT_CA",
  mqttCert: "TAKT_MQTT_CERT",
  mqttKey: "TAKT_MQTT_KEY",
  opcuaPort: "TAKT_OPCUA_PORT",
  opcuaTagMap: "TAKT_OPCUA_TAGMAP",
};

function toInt(s: string): number | string {
  return /^\d+$/.test(s) ? Number(s) : s;
}

function toBool(s: string): boolean | string {
  if (/^(1|true|yes|on)$/i.test(s)) return true;
  if (/^(0|false|no|off)$/i.test(s)) return false;
  return s;
}

/**
 * Parses the TAKT_ variables (with `overrides` from CLI flags taking precedence).
 * @throws ValidationError naming the variable, e.g. `TAKT_PORT: must be an integer 0..65535`.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Config {
  const get = (k: keyof typeof CONFIG_VARS): string => env[k] ?? CONFIG_VARS[k].def;
  const opt = (k: keyof typeof CONFIG_VARS): string | null => (get(k) === "" ? null : get(k));
  const raw: Record<keyof Config, unknown> = {
    host: get("TAKT_HOST"),
    port: toInt(get("TAKT_PORT")),
    dataDir: get("TAKT_DATA_DIR"),
    databaseUrl: opt("TAKT_DATABASE_URL"),
    databaseSchema: opt("TAKT_DATABASE_SCHEMA"),
    natsUrl: opt("TAKT_NATS_URL"),
    natsStream: get("TAKT_NATS_STREAM"),
    sqliteSync: get("TAKT_SQLITE_SYNC"),
    bodyLimit: toInt(get("TAKT_BODY_LIMIT")),
    logLevel: get("TAKT_LOG_LEVEL"),
    demo: toBool(get("TAKT_DEMO")),
    webDir: opt("TAKT_WEB_DIR"),
    mqttPort: /^off$/i.test(get("TAKT_MQTT_PORT")) ? null : toInt(get("TAKT_MQTT_PORT")),
    mqttHost: get("TAKT_MQTT_HOST"),
    mqttAuth: get("TAKT_MQTT_AUTH"),
    mqttBrokerCert: opt("TAKT_MQTT_BROKER_CERT"),
    mqttBrokerKey: opt("TAKT_MQTT_BROKER_KEY"),
    mqttUrl: opt("TAKT_MQTT_URL"),
    mqttClientId: get("TAKT_MQTT_CLIENT_ID"),
    mqttUsername: opt("TAKT_MQTT_USERNAME"),
    mqttPassword: opt("TAKT_MQTT_PASSWORD"),
    mqttCa: opt("TAKT_MQTT_CA"),
    mqttCert: opt("TAKT_MQTT_CERT"),
    mqttKey: opt("TAKT_MQTT_KEY"),
    opcuaPort: /^off$/i.test(get("TAKT_OPCUA_PORT")) ? null : toInt(get("TAKT_OPCUA_PORT")),
    opcuaTagMap: opt("TAKT_OPCUA_TAGMAP"),
    ...overrides,
  };
  const errors = [...Value.Errors(ConfigSchema, raw)];
  if (errors.length > 0) {
    const issues = errors.map((e) => {
      const field = e.instancePath.replace(/^\//, "").split("/")[0] as keyof Config;
      // Secrets are never echoed back: the password not at all, URLs without their password.
      const got = field === "mqttPassword" ? '"***"' : typeof raw[field] === "string" && /Url$/.test(field) ? JSON.stringify(redactUrl(raw[field])) : JSON.stringify(raw[field]);
      return { path: envKey[field] ?? e.instancePath, message: `${e.message} (got ${got})` };
    });
    throw new ValidationError(`invalid configuration: ${issues.map((i) => `${i.path}: ${i.message}`).join("; ")}`, issues);
  }
  const c = raw as Config;
  const tlsIssues: { path: string; message: string }[] = [];
  const secure = c.mqttUrl !== null && /^(mqtts|ssl|tls):/.test(c.mqttUrl);
  for (const k of ["mqttCa", "mqttCert", "mqttKey"] as const)
    if (c[k] !== null && !secure) tlsIssues.push({ path: envKey[k], message: "needs a TLS broker URL in TAKT_MQTT_URL (mqtts://host:8883)" });
  if ((c.mqttCert === null) !== (c.mqttKey === null))
    tlsIssues.push({ path: c.mqttCert === null ? "TAKT_MQTT_CERT" : "TAKT_MQTT_KEY", message: "a client certificate needs both TAKT_MQTT_CERT and TAKT_MQTT_KEY" });
  if ((c.mqttBrokerCert === null) !== (c.mqttBrokerKey === null))
    tlsIssues.push({ path: c.mqttBrokerCert === null ? "TAKT_MQTT_BROKER_CERT" : "TAKT_MQTT_BROKER_KEY", message: "TLS on the embedded broker needs both TAKT_MQTT_BROKER_CERT and TAKT_MQTT_BROKER_KEY" });
  for (const k of ["mqttUsername", "mqttPassword"] as const) if (c[k] !== null && c.mqttUrl === null) tlsIssues.push({ path: envKey[k], message: "is for an external broker: set TAKT_MQTT_URL" });
  if (tlsIssues.length > 0) throw new ValidationError(`invalid configuration: ${tlsIssues.map((i) => `${i.path}: ${i.message}`).join("; ")}`, tlsIssues);
  return c;
}

/** The help text listing every variable and its default. */
export function configHelp(): string {
  const rows = Object.entries(CONFIG_VARS).map(([k, v]) => `  ${k.padEnd(22)} ${v.help}${v.def ? ` (default: ${v.def})` : ""}`);
  return `Environment variables:\n${rows.join("\n")}`;
}

/** Whether the embedded broker asks devices for a token: `auto` does when it listens beyond this machine. */
export function embeddedBrokerNeedsToken(c: Pick<Config, "mqttAuth" | "mqttHost">): boolean {
  if (c.mqttAuth !== "auto") return c.mqttAuth === "token";
  const h = c.mqttHost.replace(/^\[(.*)\]$/, "$1").toLowerCase();
  return !(h === "localhost" || h === "::1" || /^127\.\d+\.\d+\.\d+$/.test(h));
}
