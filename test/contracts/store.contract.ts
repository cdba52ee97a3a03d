import { describe, expect, it, beforeAll, afterAll } from "vitest";
import { ConflictError, type NewEvent } from "../../src/kernel/index.js";
import type { Store } from "../../src/workflows/ports.js";

/** Opens a fresh, empty store; `cleanup` removes it. */
export type StoreFactory = () => Promise<{ store: Store; cleanup: () => Promise<void> }>;

const ev = (type: string, data: unknown = {}): NewEvent => ({ type, source: "/test", subject: "s", stream: "", data });

/** The one contract every Store adapter passes. */
export function describeStoreContract(name: string, factory: StoreFactory): void {
  describe(`Store contract: ${name}`, () => {
    let store: Store;
    let cleanup: () => Promise<void>;
    beforeAll(async () => {
      ({ store, cleanup } = await factory());
      await store.migrate();
    });
    afterAll(async () => {
      await cleanup();
    });

    it("applies migrations once, in order", async () => {
      const { applied, pending } = await store.migrations();
      expect(applied.slice(0, 2)).toEqual(["0001_event_log", "0002_documents_and_tokens"]);
      expect([...applied].sort()).toEqual(applied);
      expect(pending).toEqual([]);
      expect(await store.migrate()).toEqual([]);
    });

    it("appends events with versions 1..n and reads them back in order", async () => {
      const out = await store.transaction((tx) => tx.append("ord_a", "none", [ev("order.placed", { n: 1 }), ev("order.scheduled", { n: 2 })]));
      expect(out.map((e) => e.version)).toEqual([1, 2]);
      expect(out[0]!.specversion).toBe("1.0");
      expect(out[0]!.id).toMatch(/^evt_/);
      const back = await store.readStream("ord_a");
      expect(back.map((e) => [e.type, e.version, e.data])).toEqual([
        ["order.placed", 1, { n: 1 }],
        ["order.scheduled", 2, { n: 2 }],
      ]);
      expect(back[0]!.position).toBeLessThan(back[1]!.position);
      expect(await store.streamVersion("ord_a")).toBe(2);
      expect(await store.streamVersion("ord_missing")).toBe(0);
    });

    it("rejects an append at the wrong expected version with a conflict", async () => {
      await expect(store.transaction((tx) => tx.append("ord_a", 1, [ev("order.changed")]))).rejects.toBeInstanceOf(ConflictError);
      await expect(store.transaction((tx) => tx.append("ord_a", "none", [ev("order.changed")]))).rejects.toBeInstanceOf(ConflictError);
      expect(await store.streamVersion("ord_a")).toBe(2);
      const ok = await store.transaction((tx) => tx.append("ord_a", "any", [ev("order.changed")]));
      expect(ok[0]!.version).toBe(3);
    });

    it("of two concurrent writers at the same expected version, exactly one wins", async () => {
      await store.transaction((tx) => tx.append("ord_race", "none", [ev("order.placed")]));
      for (let round = 0; round < 5; round++) {
        const v = await store.streamVersion("ord_race");
        const results = await Promise.allSettled(
          [0, 1, 2].map((w) => store.transaction((tx) => tx.append("ord_race", v, [ev("order.changed", { w, round })]))),
        );
        const won = results.filter((r) => r.status === "fulfilled");
        const lost = results.filter((r) => r.status === "rejected") as PromiseRejectedResult[];
        expect(won).toHaveLength(1);
        expect(lost).toHaveLength(2);
        for (const l of lost) expect(l.reason).toBeInstanceOf(ConflictError);
        expect(await store.streamVersion("ord_race")).toBe(v + 1);
      }
    });

    it("writes nothing, not even to the outbox, when the transaction fails", async () => {
      const before = await store.outboxBacklog();
      await expect(
        store.transaction(async (tx) => {
          await tx.append("ord_rollback", "none", [ev("order.placed")]);
          await tx.putDocument("orders", "ord_rollback", 0, { x: 1 });
          throw new Error("boom");
        }),
      ).rejects.toThrow("boom");
      expect(await store.readStream("ord_rollback")).toEqual([]);
      expect(await store.getDocument("orders", "ord_rollback")).toBeUndefined();
      expect(await store.outboxBacklog()).toBe(before);
    });

    it("puts every committed event in the outbox exactly once until published", async () => {
      // drain what earlier tests left
      for (;;) {
        const c = await store.claimOutbox(1000, 60_000);
        if (c.length === 0) break;
        await store.markPublished(c.map((x) => x.outboxId));
      }
      const appended = await store.transaction((tx) => tx.append("ord_box", "none", [ev("order.placed"), ev("order.scheduled")]));
      expect(await store.outboxBacklog()).toBe(2);
      const claimed = await store.claimOutbox(10, 60_000);
      expect(claimed.map((c) => c.event.id)).toEqual(appended.map((e) => e.id));
      expect(claimed[0]!.attempts).toBe(1);
      // leased: a second relay gets nothing
      expect(await store.claimOutbox(10, 60_000)).toEqual([]);
      // released after a failed publish: claimable again
      await store.releaseOutbox([claimed[0]!.outboxId], "bus down");
      const again = await store.claimOutbox(10, 60_000);
      expect(again.map((c) => c.event.id)).toEqual([appended[0]!.id]);
      expect(again[0]!.attempts).toBe(2);
      await store.markPublished(claimed.map((c) => c.outboxId));
      expect(await store.outboxBacklog()).toBe(0);
    });

    it("claims expired leases again (a relay that died does not lose events)", async () => {
      await store.transaction((tx) => tx.append("ord_lease", "none", [ev("order.placed")]));
      const first = await store.claimOutbox(10, -1); // lease already expired
      expect(first).toHaveLength(1);
      const second = await store.claimOutbox(10, 60_000);
      expect(second.map((c) => c.event.id)).toEqual(first.map((c) => c.event.id));
      await store.markPublished(second.map((c) => c.outboxId));
    });

    it("appends large batches in one transaction", async () => {
      const batch = Array.from({ length: 1500 }, (_, i) => ev("unit.left_station", { i }));
      const out = await store.transaction((tx) => tx.append("unit_big", "none", batch));
      expect(out).toHaveLength(1500);
      expect(out[1499]!.version).toBe(1500);
      const all = await store.readStream("unit_big", 1498);
      expect(all.map((e) => (e.data as { i: number }).i)).toEqual([1497, 1498, 1499]);
    });

    it("reads the whole log by position", async () => {
      const page = await store.readAll(0, 5);
      expect(page).toHaveLength(5);
      const next = await store.readAll(page[4]!.position, 5);
      expect(next[0]!.position).toBeGreaterThan(page[4]!.position);
    });

    it("keeps documents with optimistic versions and owners", async () => {
      expect(await store.transaction((tx) => tx.putDocument("customers", "cus_1", 0, { name: "Ada" }, "cus_1"))).toBe(1);
      await expect(store.transaction((tx) => tx.putDocument("customers", "cus_1", 0, { name: "Eve" }))).rejects.toBeInstanceOf(ConflictError);
      expect(await store.transaction((tx) => tx.putDocument("customers", "cus_1", 1, { name: "Ada L." }, "cus_1"))).toBe(2);
      await expect(store.transaction((tx) => tx.putDocument("customers", "cus_1", 1, { name: "stale" }))).rejects.toBeInstanceOf(ConflictError);
      expect(await store.transaction((tx) => tx.putDocument("customers", "cus_2", "any", { name: "Bo" }, "cus_2"))).toBe(1);
      expect(await store.transaction((tx) => tx.putDocument("customers", "cus_2", "any", { name: "Bo B." }, "cus_2"))).toBe(2);
      const doc = await store.getDocument<{ name: string }>("customers", "cus_1");
      expect(doc?.body.name).toBe("Ada L.");
      expect(doc?.version).toBe(2);
      expect((await store.listDocuments("customers", { ownerId: "cus_2" })).map((d) => d.id)).toEqual(["cus_2"]);
      expect((await store.listDocuments("customers")).map((d) => d.id)).toEqual(["cus_1", "cus_2"]);
      expect(await store.transaction((tx) => tx.deleteDocument("customers", "cus_2"))).toBe(true);
      expect(await store.getDocument("customers", "cus_2")).toBeUndefined();
    });

    it("marks an event processed once per consumer", async () => {
      expect(await store.transaction((tx) => tx.markProcessed("tracker", "evt_1"))).toBe(true);
      expect(await store.transaction((tx) => tx.markProcessed("tracker", "evt_1"))).toBe(false);
      expect(await store.transaction((tx) => tx.markProcessed("oee", "evt_1"))).toBe(true);
    });

    it("stores tokens and revokes them", async () => {
      await store.tokens.insert({ id: "tok_a", secretHash: "h", role: "planner", customerId: null, name: "p", createdAt: new Date().toISOString(), revokedAt: null });
      expect((await store.tokens.get("tok_a"))?.role).toBe("planner");
      expect(await store.tokens.revoke("tok_a", new Date().toISOString())).toBe(true);
      expect(await store.tokens.revoke("tok_a", new Date().toISOString())).toBe(false);
      expect((await store.tokens.get("tok_a"))?.revokedAt).not.toBeNull();
      expect(await store.tokens.count()).toBe(1);
    });
  });
}
