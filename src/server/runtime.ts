import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
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
import { buildApp, type RouteRegistrar } from "./app.js";
import type { Config } from "./config.js";
import { Metrics } from "./metrics.js";

const PACKAGE_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

/** Opens the store the config names: PostgreSQL when TAKT_DATABASE_URL is set, else SQLite under the data dir. */
export async function openStore(config: Config, clock: Clock = systemClock): Promise<Store> {
  if (config.databaseUrl) return openPostgresStore({ url: config.databaseUrl, ...(config.databaseSchema ? { schema: config.databaseSchema } : {}), clock });
  return openSqliteStore({ dataDir: config.dataDir, synchronous: config.sqliteSync, clock });
}

/** Opens the bus the config names: NATS JetStream when TAKT_NATS_URL is set, else in-process. */
export async function openBus(config: Config, metrics?: Metrics): Promise<EventBus> {
  const onDead = (consumer: string) => metrics?.deadLetters.inc({ consumer });
  if (config.natsUrl) return JetStreamBus.connect({ url: config.natsUrl, onDeadLetter: (c) => onDead(c) });
  return new MemoryBus({ onDeadLetter: (d) => onDead(d.consumer) });
}

export interface Runtime {
  readonly app: FastifyInstance;
  readonly store: Store;
  readonly bus: EventBus;
  readonly relay: OutboxRelay;
  readonly seed: SeedResult;
  /** Starts listening; resolves to the base URL. */
  listen(): Promise<string>;
  close(): Promise<void>;
}

/**
 * The composition root: config → adapters → workflows → HTTP app.
 * Applies migrations, seeds the demo into an empty store (when enabled), starts the outbox relay.
 */
export async function startRuntime(config: Config, opts: { clock?: Clock; extraRoutes?: readonly RouteRegistrar[] } = {}): Promise<Runtime> {
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
  const seed = config.demo ? await seedDemo(store, clock) : { seeded: false, tokens: [] };
  const webDir = config.webDir ?? join(PACKAGE_ROOT, "web", "dist");
  const app = await buildApp(
    { store, bus, relay, clock, metrics, bodyLimit: config.bodyLimit, webDir: existsSync(webDir) ? webDir : null },
    { logLevel: config.logLevel, ...(opts.extraRoutes ? { extraRoutes: opts.extraRoutes } : {}) },
  );
  relay.start();
  return {
    app,
    store,
    bus,
    relay,
    seed,
    async listen() {
      await app.listen({ host: config.host, port: config.port });
      const addr = app.server.address();
      const port = typeof addr === "object" && addr ? addr.port : config.port;
      return `http://${config.host.includes(":") ? `[${config.host}]` : config.host}:${port}`;
    },
    async close() {
      await app.close();
      await relay.stop();
      await relay.drain().catch(() => 0);
      await bus.close();
      await store.close();
    },
  };
}
