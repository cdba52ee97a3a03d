import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { ConflictError, ManualClock, isEventType, isId, makeEvent, money, addMoney, newId, idFromSlug, ValidationError, require_ } from "./index.js";

describe("kernel", () => {
  it("makes prefixed, time-ordered, unique ids", () => {
    const a = newId("order", 1_000);
    const b = newId("order", 2_000);
    expect(a).toMatch(/^ord_[0-9a-z]{26}$/);
    expect(isId("order", a)).toBe(true);
    expect(isId("unit", a)).toBe(false);
    expect(a < b).toBe(true);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 47 }), fc.integer({ min: 0, max: 2 ** 47 }), (t1, t2) => {
        const x = newId("unit", t1);
        const y = newId("unit", t2);
        if (t1 < t2) return x < y;
        if (t1 > t2) return x > y;
        return x !== y;
      }),
    );
    expect(idFromSlug("station", "A1 T07")).toBe("stn_a1-t07");
  });

  it("keeps money in integer minor units and refuses to mix currencies", () => {
    expect(addMoney(money(100), money(250))).toEqual({ amount: 350, currency: "EUR" });
    expect(() => money(1.5)).toThrow();
    expect(() => addMoney(money(1), money(1, "USD"))).toThrow();
  });

  it("a manual clock moves only forward and when told", () => {
    const c = new ManualClock("2026-01-01T00:00:00Z");
    c.advance(90_000);
    expect(c.now().toISOString()).toBe("2026-01-01T00:01:30.000Z");
    expect(() => c.advance(-1)).toThrow();
  });

  it("builds CloudEvents envelopes with <entity>.<past_tense> types", () => {
    const c = new ManualClock("2026-01-01T00:00:00Z");
    const e = makeEvent({ type: "unit.entered_station", source: "/lines/a1", subject: "unit_1", stream: "unit_1", data: { station: "T01" } }, 3, c);
    expect(e).toMatchObject({ specversion: "1.0", type: "unit.entered_station", time: "2026-01-01T00:00:00.000Z", version: 3, datacontenttype: "application/json" });
    expect(isEventType("order.placed")).toBe(true);
    expect(isEventType("OrderPlaced")).toBe(false);
    expect(() => makeEvent({ type: "bad", source: "/", subject: "x", stream: "x", data: null }, 1, c)).toThrow();
  });

  it("has one error taxonomy with field issues", () => {
    expect(() => require_(false, "/qty", "must be positive")).toThrow(ValidationError);
    try {
      require_(false, "/qty", "must be positive");
    } catch (e) {
      expect((e as ValidationError).issues).toEqual([{ path: "/qty", message: "must be positive" }]);
      expect((e as ValidationError).kind).toBe("validation");
    }
    expect(new ConflictError("x").kind).toBe("conflict");
  });
});
