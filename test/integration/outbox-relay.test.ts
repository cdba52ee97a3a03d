import { describe, expect, it } from "vitest";
import { openSqliteStore } from "../../src/adapters/sql/sqlite.js";
import { dropPostgresSchema, openPostgresStore } from "../../src/adapters/sql/postgres.js";
import { MemoryBus } from "../../src/adapters/bus/memory-bus.js";
import { JetStreamBus } from "../../src/adapters/nats/jetstream-bus.js";
import { OutboxRelay } from "../../src/workflows/outbox-relay.js";
import { idempotent } from "../../src/workflows/idempotent-consumer.js";
import type { EventBus, Store } from "../../src/workflows/ports.js";
import { until } from "../contracts/bus.contract.js";
import { NATS_URL, PG_URL, uniqueName } from "./env.js";

async function flow(store: Store, bus: EventBus): Promise<void> {
  await store.migrate();
  const relay = new OutboxRelay(store, bus, { idleMs: 10 });
  const counted = new Map<string, number>();
  const sub = await bus.subscribe(
    { consumer: uniqueName("counter") },
    idempotent(store, "counter", async (e, tx) => {
      counted.set(e.id, (counted.get(e.id) ?? 0) + 1);
      await tx.putDocument("seen", e.id, "any", { type: e.type });
    }),
  );
  // committed: published; rolled back: never published
  const ok = await store.transaction((tx) => tx.append("ord_1", "none", [{ type: "order.placed", source: "/t", subject: "ord_1", stream: "ord_1", data: {} }]));
  await store
    .transaction(async (tx) => {
      await tx.append("ord_2", "none", [{ type: "order.placed", source: "/t", subject: "ord_2", stream: "ord_2", data: {} }]);
      throw new Error("rollback");
    })
    .catch(() => undefined);
  relay.start();
  await until(() => counted.size >= 1);
  // a relay crash after publish but before marking republishes: the consumer absorbs it by id
  await bus.publish(ok);
  await new Promise((r) => setTimeout(r, 300));
  await relay.stop();
  await sub.close();
  expect([...counted.keys()]).toEqual([ok[0]!.id]);
  expect(counted.get(ok[0]!.id)).toBe(1);
  expect(await store.outboxBacklog()).toBe(0);
  expect((await store.listDocuments("seen")).map((d) => d.id)).toEqual([ok[0]!.id]);
}

describe("outbox relay + idempotent consumer", () => {
  it("sqlite + in-process bus: an event is published iff its transaction committed, and handled once", async () => {
    const store = openSqliteStore({ dataDir: ":memory:" });
    const bus = new MemoryBus();
    await flow(store, bus);
    await store.close();
  });

  it("postgres + nats jetstream: the same", async () => {
    const schema = uniqueName("takt_relay");
    const store = await openPostgresStore({ url: PG_URL, schema });
    const name = uniqueName("TAKT_RELAY").toUpperCase();
    const bus = await JetStreamBus.connect({ url: NATS_URL, stream: name, subjectPrefix: `${name.toLowerCase()}.events` });
    try {
      await flow(store, bus);
    } finally {
      await bus.deleteStream();
      await bus.close();
      await store.close();
      await dropPostgresSchema(PG_URL, schema);
    }
  });
});
