import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { FastifyInstance } from "fastify";
import { systemClock, type Clock } from "../kernel/index.js";
import { MemoryBus } from "../adapters/bus/memory-bus.js";
import { JetStreamBus } from "../adapters/nats/jetstream-bus.js";
import { openPostgresStore } from "../adapters/sql/postgres.js";
import { openSqliteStore } from "../adapters/sql/sqlite.js";
import { OutboxRelay } from "../workflows/outbox-relay.js";
import type { EventBus, Store } from "../workflows/ports.js";
import { seedDemo, type SeedResult } from "../workflows/seed-demo.js";
import { CatalogService } from "../workflows/catalog/catalog-service.js";
import { SqlMeasurementSource } from "../adapters/sql/measurement-source.js";
import type { Kysely } from "kysely";
import { veloModel } from "../catalog/index.js";
import { buildApp, type RouteRegistrar } from "./app.js";
import { LiveFeed } from "./live-feed.js";
import { OrderService } from "../workflows/orders/order-service.js";
import { PlanService } from "../workflows/planning/plan-service.js";
import { startProductionTracking } from "../workflows/orders/production-tracking.js";
import { DefectService } from "../workflows/quality/defect-service.js";
import { InspectionService } from "../workflows/quality/inspection-service.js";
import { startReworkLoop } from "../workflows/quality/rework-loop.js";
import { builtinRuntimeFactory, type InspectionRuntimeFactory } from "../quality/index.js";
import { loadLine } from "../workflows/plant-store.js";
import type { Subscription } from "../workflows/ports.js";
import type { ProductCatalog } from "../workflows/orders/ports.js";
import type { Config } from "./config.js";
import { Metrics } from "./metrics.js";
import { startExecution } from "./execution-runtime.js";

/** The package root: the nearest folder above this module with a package.json (works from src/ and from the dist/ bundle). */
function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, "package.json")) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
}
const PACKAGE_ROOT = packageRoot();

/** Opens the store the config names: PostgreSQL when TAKT_DATABASE_URL is set, else SQLite under the data dir. */
export async function openStore(config: Config, clock: Clock = systemClock): Promise<Store> {
  if (config.databaseUrl) return openPostgresStore({ url: config.databaseUrl, ...(config.databaseSchema ? { schema: config.databaseSchema } : {}), clock });
  return openSqliteStore({ dataDir: config.dataDir, synchronous: config.sqliteSync, clock });
}

/** Opens the bus the config names: NATS JetStream when TAKT_NATS_URL is set, else in-process. */
export async function openBus(config: Config, metrics?: Metrics): Promise<EventBus> {
  const onDead = (consumer: string) => metrics?.deadLetters.inc({ consumer });
  if (config.natsUrl) return JetStreamBus.connect({ url: config.natsUrl, stream: config.natsStream, subjectPrefix: `${config.natsStream.toLowerCase()}.events`, onDeadLetter: (c) => onDead(c) });
  return new MemoryBus({ onDeadLetter: (d) => onDead(d.consumer) });
}

export interface Runtime {
  readonly app: FastifyInstance;
  readonly store: Store;
  readonly bus: EventBus;
  readonly relay: OutboxRelay;
  /** Result of seeding at start; empty when seeding was deferred (see seedDemo). */
  readonly seed: SeedResult;
  /** Where devices connect over MQTT (the embedded broker or TAKT_MQTT_URL), or null when off. */
  readonly mqttUrl: string | null;
  /** Seeds the demo into an empty store now (for callers that deferred it until they could listen). */
  seedDemo(): Promise<SeedResult>;
  /** Starts listening; resolves to the base URL. */
  listen(): Promise<string>;
  close(): Promise<void>;
}

/**
 * The composition root: config → adapters → workflows → HTTP app.
 * Applies migrations, seeds the demo into an empty store (when enabled), starts the outbox relay.
 */
export async function startRuntime(
  config: Config,
  opts: { clock?: Clock; extraRoutes?: readonly RouteRegistrar[]; deferSeed?: boolean; catalog?: ProductCatalog } = {},
): Promise<Runtime> {
  const clock = opts.clock ?? systemClock;
  const store = await openStore(config, clock);
  try {
    await store.migrate();
  } catch (e) {
    await store.close();
    throw e;
  }
  const metrics = new Metrics(() => store.outboxBacklog());
  const bus = await openBus(config, metrics);
  const relay = new OutboxRelay(store, bus, { onError: () => undefined });
  const noSeed: SeedResult = { seeded: false, tokens: [] };
  const catalogService = new CatalogService(store);
  // The demo: plant, tokens and the demo product (Takt Velo) go into an empty store together.
  const seedAll = async (): Promise<SeedResult> => {
    const r = await seedDemo(store, clock);
    if (r.seeded) await catalogService.seedDemo(veloModel());
    return r;
  };
  const seed = config.demo && !opts.deferSeed ? await seedAll() : noSeed;
  const webDir = config.webDir ?? join(PACKAGE_ROOT, "web", "dist");
  const execution = await startExecution(config, store, clock, metrics, { onApplied: () => relay.kick() }).catch(async (e: unknown) => {
    await bus.close();
    await store.close();
    throw e;
  });
  const live = new LiveFeed(bus);
  await live.start();
  const catalog: ProductCatalog = opts.catalog ?? catalogService;
  const orders = new OrderService(store, catalog, clock, () => relay.kick());
  // The quality gate at the end of each line: no unit with an open defect passes it.
  const defects = new DefectService(store, clock, { id: "gate_end_of_line", station: "end-of-line", requires: [] });
  // AI inspection: built-in models run in JS; ONNX models load onnxruntime-node on first use only.
  const inspection = new InspectionService(store, clock, defects, [builtinRuntimeFactory, lazyOnnx], () => relay.kick());
  const plans = new PlanService(
    store,
    orders,
    clock,
    () => relay.kick(),
    // The released sequence goes to the line: execution tracks each unit against it (out-of-sequence detection, the simulator).
    async (plan) => {
      const code = (await loadLine(store, plan.lineId))?.code;
      if (code && execution.ingest.line(code)) await execution.ingest.releaseSequence(code, plan.sequence.map((p) => p.unitId));
    },
  );
  const app = await buildApp(
    { store, bus, relay, clock, metrics, bodyLimit: config.bodyLimit, webDir: existsSync(webDir) ? webDir : null, live, execution, orders, plans, catalog: catalogService, defects, inspection, ...measurementsOf(store) },
    { logLevel: config.logLevel, ...(opts.extraRoutes ? { extraRoutes: opts.extraRoutes } : {}) },
  );
  relay.start();
  const subscriptions: Subscription[] = [];
  const startConsumers = async () => {
    const line = await loadLine(store);
    if (orders && line && subscriptions.length === 0) subscriptions.push(await startProductionTracking(bus, store, orders, line, defects));
  };
  await startConsumers();
  // Rework re-enters the plan: a pulled-out unit whose defects are all re-inspected is put back by re-sequencing.
  const rework = await startReworkLoop(bus, store, plans, () => relay.kick());
  return {
    app,
    store,
    bus,
    relay,
    seed,
    mqttUrl: execution.mqttUrl,
    seedDemo: async () => {
      const r = config.demo ? await seedAll() : noSeed;
      await startConsumers();
      return r;
    },
    async listen() {
      await app.listen({ host: config.host, port: config.port });
      const addr = app.server.address();
      const port = typeof addr === "object" && addr ? addr.port : config.port;
      return `http://${config.host.includes(":") ? `[${config.host}]` : config.host}:${port}`;
    },
    async close() {
      await app.close();
      await inspection.close();
      await execution.close();
      for (const s of subscriptions) await s.close();
      await rework.close();
      await live.stop();
      await relay.stop();
      await relay.drain().catch(() => 0);
      await bus.close();
      await store.close();
    },
  };
}

/** The ONNX adapter, imported when the first ONNX model is loaded (the native runtime stays out of a server that serves none). */
const lazyOnnx: InspectionRuntimeFactory = {
  supports: (format) => format === "onnx",
  load: async (spec) => (await import("../adapters/inference/onnx-runtime.js")).onnxRuntimeFactory.load(spec),
};

/** SPC reads measurements from the SQL read model when the store is one of the SQL adapters. */
function measurementsOf(store: Store): { measurements?: SqlMeasurementSource } {
  const db = (store as { db?: Kysely<unknown> }).db;
  return db ? { measurements: new SqlMeasurementSource(db) } : {};
}
