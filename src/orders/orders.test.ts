import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { ConflictError, money } from "../kernel/index.js";
import { decide, evolve, replay, trackOrder, type ConfiguredProduct, type Order, type OrderCommand, type OrderEvent, ORDER_STATUSES } from "./index.js";

const config = (colour = "red"): ConfiguredProduct => ({
  productId: "prd_velo",
  modelVersion: "2026.1",
  selections: { colour, engine: "EV2" },
  price: { total: money(3_500_000), lines: [{ label: "base", amount: money(3_500_000) }] },
  bom: [{ partNumber: "P-1", description: "body", quantity: 1 }],
  workContent: [{ station: "T04", seconds: 60, label: "sunroof" }],
});
const T = "2026-03-02T06:00:00.000Z";
const place = (): Order => evolve(null, { type: "order.placed", data: { orderId: "ord_1", customerId: "cus_1", configuration: config() }, time: T });
const apply = (o: Order, cmd: OrderCommand): Order => decide(o, cmd, T).reduce((s, e) => evolve(s, e), o);
const slot = { planId: "plan_1", position: 12, frozen: false, plannedStart: "2026-03-03T06:18:00.000Z" };

describe("order state machine", () => {
  it("walks the happy path placed → delivered, one event per transition", () => {
    let o = place();
    const path: OrderCommand[] = [
      { kind: "schedule", slot },
      { kind: "freeze", slot },
      { kind: "start_production", unitId: "unit_1", station: "T01" },
      { kind: "reach_station", station: "C03" },
      { kind: "enter_quality", station: "Q01" },
      { kind: "complete" },
      { kind: "ship" },
      { kind: "deliver" },
    ];
    const statuses = path.map((c) => (o = apply(o, c)).status);
    expect(statuses).toEqual(["scheduled", "scheduled", "in_production", "in_production", "in_quality", "completed", "shipped", "delivered"]);
    expect(o.version).toBe(9);
  });

  it("allows change and cancellation until the frozen horizon, then 409 with the reason", () => {
    let o = apply(place(), { kind: "schedule", slot });
    o = apply(o, { kind: "change", configuration: config("blue") });
    expect(o.configuration.selections["colour"]).toBe("blue");
    o = apply(o, { kind: "freeze", slot });
    expect(() => decide(o, { kind: "change", configuration: config("green") }, T)).toThrow(ConflictError);
    expect(() => decide(o, { kind: "cancel", reason: "x" }, T)).toThrow(/frozen horizon of plan plan_1 \(position 12/);
    expect(() => decide(o, { kind: "unschedule", planId: "plan_1" }, T)).toThrow(ConflictError);
  });

  it("cannot change an order in production, even on hold", () => {
    let o = apply(apply(place(), { kind: "schedule", slot }), { kind: "start_production", unitId: "unit_1", station: "T01" });
    o = apply(o, { kind: "hold", reason: "parts" });
    expect(o.status).toBe("on_hold");
    expect(() => decide(o, { kind: "cancel", reason: "x" }, T)).toThrow(/in production/);
    o = apply(o, { kind: "release" });
    expect(o.status).toBe("in_production");
  });

  it("rework sends a unit in quality back into production", () => {
    let o = apply(apply(place(), { kind: "schedule", slot }), { kind: "start_production", unitId: "unit_1", station: "T01" });
    o = apply(o, { kind: "enter_quality", station: "Q06" });
    o = apply(o, { kind: "rework", station: "F08", reason: "door gap" });
    expect(o.status).toBe("in_production");
    expect(o.currentStation).toBe("F08");
  });

  it("property: any command sequence keeps a valid state, and replaying the events rebuilds it", () => {
    const cmd = fc.oneof(
      fc.constant<OrderCommand>({ kind: "schedule", slot }),
      fc.constant<OrderCommand>({ kind: "unschedule", planId: "plan_1" }),
      fc.constant<OrderCommand>({ kind: "freeze", slot }),
      fc.constant<OrderCommand>({ kind: "start_production", unitId: "unit_1", station: "T01" }),
      fc.constant<OrderCommand>({ kind: "reach_station", station: "F01" }),
      fc.constant<OrderCommand>({ kind: "enter_quality", station: "Q01" }),
      fc.constant<OrderCommand>({ kind: "rework", station: "F01", reason: "r" }),
      fc.constant<OrderCommand>({ kind: "complete" }),
      fc.constant<OrderCommand>({ kind: "ship" }),
      fc.constant<OrderCommand>({ kind: "deliver" }),
      fc.constant<OrderCommand>({ kind: "hold", reason: "h" }),
      fc.constant<OrderCommand>({ kind: "release" }),
      fc.constant<OrderCommand>({ kind: "cancel", reason: "c" }),
      fc.constant<OrderCommand>({ kind: "change", configuration: config("blue") }),
    );
    fc.assert(
      fc.property(fc.array(cmd, { maxLength: 40 }), (cmds) => {
        const placed: OrderEvent = { type: "order.placed", data: { orderId: "ord_1", customerId: "cus_1", configuration: config() }, time: T };
        const log: OrderEvent[] = [placed];
        let o = evolve(null, placed);
        for (const c of cmds) {
          let evs: OrderEvent[] = [];
          try {
            evs = decide(o, c, T);
          } catch (e) {
            expect(e).toBeInstanceOf(ConflictError);
            continue;
          }
          for (const e of evs) o = evolve(o, e);
          log.push(...evs);
          expect(ORDER_STATUSES).toContain(o.status);
          if (o.status === "on_hold") expect(o.heldFrom).not.toBeNull();
          if (o.status === "cancelled" || o.status === "delivered") expect(() => decide(o, { kind: "hold", reason: "x" }, T)).toThrow();
          if (o.slot?.frozen) expect(() => decide(o, { kind: "change", configuration: config("x") }, T)).toThrow();
        }
        expect(replay(log)).toEqual(o);
      }),
      { numRuns: 300 },
    );
  });
});

describe("customer tracking", () => {
  const line = { takt: 90, stations: Array.from({ length: 40 }, (_, i) => `S${i + 1}`) };
  it("estimates from the plan while scheduled, from the station while on the line", () => {
    const s = apply(place(), { kind: "schedule", slot });
    const t1 = trackOrder(s, line, T);
    expect(t1.stageIndex).toBe(1);
    expect(t1.eta).toBe(new Date(Date.parse(slot.plannedStart) + 40 * 90_000).toISOString());
    const p = apply(apply(s, { kind: "start_production", unitId: "unit_1", station: "S1" }), { kind: "reach_station", station: "S31" });
    const t2 = trackOrder(p, line, T);
    expect(t2.currentStation).toBe("S31");
    expect(t2.eta).toBe(new Date(Date.parse(T) + 10 * 90_000).toISOString());
    expect(trackOrder(place(), line, T).eta).toBeNull();
  });
});
