import { describe, expect, it, beforeAll, afterAll } from "vitest";
import { makeEvent, ManualClock, type TaktEvent } from "../../src/kernel/index.js";
import type { EventBus } from "../../src/workflows/ports.js";

export type BusFactory = () => Promise<{ bus: EventBus; cleanup: () => Promise<void> }>;

const clock = new ManualClock();
let seq = 0;
export function testEvent(type: string, data: unknown = {}): TaktEvent {
  seq++;
  return makeEvent({ type, source: "/test", subject: `s${seq}`, stream: `s${seq}`, data }, 1, clock);
}

/** Waits until `cond` holds (polling), or fails after `ms`. */
export async function until(cond: () => boolean, ms = 10_000): Promise<void> {
  const t0 = Date.now();
  while (!cond()) {
    if (Date.now() - t0 > ms) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** The one contract every EventBus adapter passes. */
export function describeBusContract(name: string, factory: BusFactory): void {
  describe(`EventBus contract: ${name}`, () => {
    let bus: EventBus;
    let cleanup: () => Promise<void>;
    beforeAll(async () => {
      ({ bus, cleanup } = await factory());
    });
    afterAll(async () => cleanup());

    it("delivers every event to every durable consumer, in publish order", async () => {
      const a: string[] = [];
      const b: string[] = [];
      const sa = await bus.subscribe({ consumer: "c_fanout_a" }, async (d) => void a.push(d.event.id));
      const sb = await bus.subscribe({ consumer: "c_fanout_b" }, async (d) => void b.push(d.event.id));
      const events = Array.from({ length: 20 }, (_, i) => testEvent("order.placed", { i }));
      await bus.publish(events);
      await until(() => a.length >= 20 && b.length >= 20);
      expect(a).toEqual(events.map((e) => e.id));
      expect(b).toEqual(events.map((e) => e.id));
      await sa.close();
      await sb.close();
    });

    it("filters by exact type and by entity prefix", async () => {
      const got: string[] = [];
      const gotUnits: string[] = [];
      const s1 = await bus.subscribe({ consumer: "c_exact", types: ["order.shipped"] }, async (d) => void got.push(d.event.type));
      const s2 = await bus.subscribe({ consumer: "c_prefix", types: ["unit.*"] }, async (d) => void gotUnits.push(d.event.type));
      await bus.publish([testEvent("order.placed"), testEvent("order.shipped"), testEvent("unit.entered_station"), testEvent("unit.left_station")]);
      await until(() => got.length >= 1 && gotUnits.length >= 2);
      await new Promise((r) => setTimeout(r, 100));
      expect(got).toEqual(["order.shipped"]);
      expect(gotUnits).toEqual(["unit.entered_station", "unit.left_station"]);
      await s1.close();
      await s2.close();
    });

    it("redelivers an event whose handler failed (at least once)", async () => {
      const attempts: number[] = [];
      const s = await bus.subscribe({ consumer: "c_retry", types: ["andon.raised"] }, async (d) => {
        attempts.push(d.attempt);
        if (d.attempt < 3) throw new Error("transient");
      });
      await bus.publish([testEvent("andon.raised")]);
      await until(() => attempts.length >= 3);
      expect(attempts.slice(0, 3)).toEqual([1, 2, 3]);
      await s.close();
    });

    it("gives up after maxAttempts without blocking the events behind it", async () => {
      const seen: string[] = [];
      const s = await bus.subscribe({ consumer: "c_poison", types: ["defect.*"], maxAttempts: 2 }, async (d) => {
        if ((d.event.data as { poison?: boolean }).poison) throw new Error("poison");
        seen.push(d.event.subject);
      });
      const poison = testEvent("defect.found", { poison: true });
      const good = testEvent("defect.found", { poison: false });
      await bus.publish([poison, good]);
      await until(() => seen.includes(good.subject));
      await s.close();
    });

    it("a live tap sees only events published after it subscribed", async () => {
      await bus.publish([testEvent("order.changed", { before: true })]);
      const got: unknown[] = [];
      const s = await bus.subscribe({ consumer: "c_live", types: ["order.changed"], live: true }, async (d) => void got.push(d.event.data));
      await bus.publish([testEvent("order.changed", { before: false })]);
      await until(() => got.length >= 1);
      await new Promise((r) => setTimeout(r, 100));
      expect(got).toEqual([{ before: false }]);
      await s.close();
    });

    it("answers ping", async () => {
      await expect(bus.ping()).resolves.toBeUndefined();
    });
  });
}
