import { readFileSync } from "node:fs";
import type { FastifyBaseLogger } from "fastify";
import { pino } from "pino";
import { UnauthorizedError, type Clock } from "../kernel/index.js";
import { demoPlant, linesOf, type Site } from "../plant/index.js";
import { EmbeddedBroker, type DeviceAuthenticator } from "../adapters/mqtt/broker.js";
import { MqttIngest } from "../adapters/mqtt/ingest.js";
import { redactUrl } from "../adapters/mqtt/durable-subscriber.js";
import type { LineOpcuaServer } from "../adapters/opcua/line-server.js";
import type { NodeOpcuaLogger } from "../adapters/opcua/node-opcua-log.js";
import type { OpcuaIngest, OpcuaIngestOptions } from "../adapters/opcua/opcua-ingest.js";
import { registerOpcuaMetrics } from "../adapters/opcua/metrics.js";
import { registerIngestMetrics } from "../adapters/mqtt/metrics.js";
import { registerLineMetrics } from "./line-metrics.js";
import { SqlExecutionRepository } from "../adapters/sql/execution-repository.js";
import { SqlStore } from "../adapters/sql/sql-store.js";
import { ExecutionIngest, lineStateView, type ExecutionRepository, type LineLayout } from "../workflows/execution/index.js";
import type { Store } from "../workflows/ports.js";
import { authenticate } from "../workflows/tokens.js";
import { PLANT_COLLECTION, SITE_DOC_ID } from "../workflows/seed-demo.js";
import { embeddedBrokerNeedsToken, type Config } from "./config.js";
import type { Metrics } from "./metrics.js";

/** Line execution as wired by the composition root: the ingest workflow, its read models, the device edge. */
export interface ExecutionRuntime {
  readonly ingest: ExecutionIngest;
  readonly repo: ExecutionRepository;
  readonly layouts: readonly LineLayout[];
  /** The device edge; null when MQTT is off (TAKT_MQTT_PORT=off and no TAKT_MQTT_URL). */
  readonly mqtt: MqttIngest | null;
  /** The embedded broker, when Takt runs one. */
  readonly broker: EmbeddedBroker | null;
  /** Where devices connect: the embedded broker's URL or TAKT_MQTT_URL. */
  readonly mqttUrl: string | null;
  /** Takt's OPC UA server, when TAKT_OPCUA_PORT is set. */
  readonly opcua: LineOpcuaServer | null;
  /** Takt's subscription to an external OPC UA server, when TAKT_OPCUA_TAGMAP is set. */
  readonly opcuaClient: OpcuaIngest | null;
  close(): Promise<void>;
}

/** Lines of the stored plant model; the demo plant when none is stored yet and the demo is on (it is about to be seeded). */
async function layoutsOf(store: Store, demo: boolean): Promise<LineLayout[]> {
  const site = (await store.getDocument<Site>(PLANT_COLLECTION, SITE_DOC_ID))?.body ?? (demo ? demoPlant() : undefined);
  return site ? linesOf(site).map((l) => ({ code: l.code, stations: l.stations.map((s) => s.code), taktMs: l.takt * 1000 })) : [];
}

/**
 * Starts execution: read models, the ingest workflow, and MQTT (the embedded aedes broker on
 * TAKT_MQTT_PORT, or a persistent session on TAKT_MQTT_URL). Registers the device-edge metrics.
 * @throws Error naming TAKT_MQTT_PORT when the port is taken, or TAKT_MQTT_URL when the broker cannot be reached.
 */
export async function startExecution(
  config: Config,
  store: Store,
  clock: Clock,
  metrics: Metrics,
  opts: { log?: FastifyBaseLogger; onApplied?: () => void } = {},
): Promise<ExecutionRuntime> {
  if (!(store instanceof SqlStore)) throw new Error("execution needs the SQL store");
  const repo = new SqlExecutionRepository(store);
  const layouts = await layoutsOf(store, config.demo);
  const ingest = new ExecutionIngest(store, repo, layouts, clock);
  await ingest.start();
  const codes = new Set(layouts.map((l) => l.code));
  const plant = { hasLine: (l: string) => codes.has(l), hasStation: (l: string, s: string) => ingest.hasStation(l, s) };
  const sink = async (b: Parameters<ExecutionIngest["apply"]>[0]) => {
    const r = await ingest.apply(b);
    if (r.applied > 0) opts.onApplied?.();
    return r;
  };
  const probe = () => store.ping();
  let broker: EmbeddedBroker | null = null;
  let mqtt: MqttIngest | null = null;
  let mqttUrl: string | null = null;
  const log = opts.log ? { warn: (o: object, m: string) => opts.log!.warn(o, m), error: (o: object, m: string) => opts.log!.error(o, m) } : undefined;
  if (config.mqttUrl) {
    try {
      const source = {
        kind: "external" as const,
        url: config.mqttUrl,
        clientId: config.mqttClientId,
        ...(config.mqttUsername !== null ? { username: config.mqttUsername } : {}),
        ...(config.mqttPassword !== null ? { password: config.mqttPassword } : {}),
        tls: { ...pemFile("TAKT_MQTT_CA", "ca", config.mqttCa), ...pemFile("TAKT_MQTT_CERT", "cert", config.mqttCert), ...pemFile("TAKT_MQTT_KEY", "key", config.mqttKey) },
      };
      mqtt = await MqttIngest.start({ source, plant, sink, clock, probe, ...(log ? { log } : {}) });
    } catch (e) {
      const m = (e as Error).message;
      throw new Error(m.startsWith("TAKT_") ? m : `TAKT_MQTT_URL: ${m}`);
    }
    mqttUrl = redactUrl(config.mqttUrl);
  } else if (config.mqttPort !== null) {
    const tls = config.mqttBrokerCert !== null ? { ...pemFile("TAKT_MQTT_BROKER_CERT", "cert", config.mqttBrokerCert), ...pemFile("TAKT_MQTT_BROKER_KEY", "key", config.mqttBrokerKey) } : null;
    broker = await EmbeddedBroker.start({
      host: config.mqttHost,
      port: config.mqttPort,
      setting: "TAKT_MQTT_PORT",
      ...(embeddedBrokerNeedsToken(config) ? { authenticate: deviceAuthenticator(store, opts.log) } : {}),
      ...(tls ? { tls: tls as { cert: Buffer; key: Buffer } } : {}),
    });
    mqtt = await MqttIngest.start({ source: { kind: "embedded", broker }, plant, sink, clock, probe, ...(log ? { log } : {}) });
    mqttUrl = `${config.mqttBrokerCert !== null ? "mqtts" : "mqtt"}://${config.mqttHost.includes(":") ? `[${config.mqttHost}]` : config.mqttHost}:${broker.port}`;
  }
  registerIngestMetrics(metrics.registry, () => mqtt?.stats);
  registerLineMetrics(metrics.registry, { layouts, ingest, repo, clock });
  let opcua: LineOpcuaServer | null = null;
  let opcuaClient: OpcuaIngest | null = null;
  registerOpcuaMetrics(metrics.registry, () => opcuaClient);
  try {
    if (config.opcuaPort !== null) opcua = await startOpcua(config.opcuaPort, ingest, layouts, opts.log ?? pino({ level: config.logLevel, name: "opcua-server" }));
    if (config.opcuaTagMap !== null) opcuaClient = await startOpcuaClient(config.opcuaTagMap, ingest, sink, clock, opts.log ?? pino({ level: config.logLevel, name: "opcua-client" }));
  } catch (e) {
    await opcua?.close();
    await mqtt?.stop();
    await broker?.close();
    throw e;
  }
  return {
    ingest,
    repo,
    layouts,
    mqtt,
    broker,
    mqttUrl,
    opcua,
    opcuaClient,
    async close() {
      await opcuaClient?.stop();
      await opcua?.close();
      await mqtt?.stop();
      await broker?.close();
    },
  };
}

/** Starts the OPC UA server over the live tracking state of every line (node-opcua is loaded only then: it takes seconds). */
export async function startOpcua(port: number, ingest: ExecutionIngest, layouts: readonly LineLayout[], log?: NodeOpcuaLogger): Promise<LineOpcuaServer> {
  const { LineOpcuaServer } = await import("../adapters/opcua/line-server.js");
  const stationOf = (line: string, station: string) => {
    const t = ingest.line(line);
    const v = t ? lineStateView(t).stations.find((s) => s.code === station) : undefined;
    return v ? { state: v.state, machineryItemState: v.machineryState, unit: v.unit, andon: v.andon?.reason ?? null, fault: v.fault ? `${v.fault.code}${v.fault.text ? `: ${v.fault.text}` : ""}` : null } : undefined;
  };
  return LineOpcuaServer.start({
    port,
    lines: layouts.map((l) => ({ code: l.code, name: `line ${l.code}`, stations: l.stations })),
    station: stationOf,
    completed: (line) => ingest.line(line)?.completed ?? 0,
    ...(log ? { log } : {}),
  });
}

/**
 * Subscribes to the external OPC UA server of a tag map file; its values go through the same
 * ingest as MQTT. Does not wait for the server (it is connected to whenever it is up).
 * @throws ValidationError naming the file and field of a bad tag map (unknown stations included).
 */
export async function startOpcuaClient(
  path: string,
  ingest: ExecutionIngest,
  sink: OpcuaIngestOptions["sink"],
  clock: Clock,
  log?: Pick<FastifyBaseLogger, "info" | "warn" | "error">,
  tuning: { reconnectInitialMs?: number; reconnectMaxMs?: number } = {},
): Promise<OpcuaIngest> {
  const { loadTagMap } = await import("../adapters/opcua/tag-map.js");
  const map = await loadTagMap(path, { plant: { hasLine: (l) => ingest.line(l) !== undefined, hasStation: (l, s) => ingest.hasStation(l, s) } });
  const { OpcuaIngest } = await import("../adapters/opcua/opcua-ingest.js");
  const station = (line: string, code: string) => {
    const st = ingest.line(line)?.stations[code];
    return st ? { unit: st.unit ?? null, andon: Boolean(st.andon), fault: Boolean(st.fault) } : undefined;
  };
  return OpcuaIngest.start({
    map,
    sink,
    station,
    clock,
    ...tuning,
    ...(log ? { log: { info: (o: object, m: string) => log.info(o, m), warn: (o: object, m: string) => log.warn(o, m), error: (o: object, m: string) => log.error(o, m) } } : {}),
  });
}

/** Reads a PEM file named by a setting; a file that cannot be read is an error naming the setting. */
function pemFile<K extends string>(setting: string, key: K, path: string | null): Partial<Record<K, Buffer>> {
  if (path === null) return {};
  let pem: Buffer;
  try {
    pem = readFileSync(path);
  } catch (e) {
    throw new Error(`${setting}: cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  if (!pem.includes("-----BEGIN ")) throw new Error(`${setting}: ${path} is not a PEM file (no -----BEGIN line)`);
  return { [key]: pem } as Partial<Record<K, Buffer>>;
}

/**
 * Devices on the embedded broker authenticate with an API token as their MQTT password (any user
 * name): a token of role device (or admin) may connect; a missing, unknown, revoked or other
 * role's token is refused (CONNACK "not authorized"). Checked at CONNECT.
 */
export function deviceAuthenticator(store: Store, log?: FastifyBaseLogger): DeviceAuthenticator {
  return async (_username, password, clientId) => {
    try {
      const p = await authenticate(store, password);
      if (p.role === "device" || p.role === "admin") return true;
      log?.warn({ clientId, token: p.tokenId, role: p.role }, "MQTT connect refused: the token's role may not publish device data");
      return false;
    } catch (e) {
      if (e instanceof UnauthorizedError) {
        log?.warn({ clientId }, "MQTT connect refused: missing or invalid token");
        return false;
      }
      throw e;
    }
  };
}
