import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { deriveRatioRules } from "./ratio-rules.js";

describe("ratio rules from work content", () => {
  it("derives N/P from option work against the light units' slack", () => {
    const rules = deriveRatioRules([[{ station: "T04", seconds: 60 }], [{ station: "C05", seconds: 18 }], []], { takt: 90 });
    // T04: g = 18 s, w = 60 → bound 18/78 = 0.23 → best N/P with P <= 10 is 2/9 (0.222)
    expect(rules.find((r) => r.station === "T04")).toMatchObject({ max: 2, window: 9, priority: "low" });
    // C05: w = 18 → bound 0.5 → 1/2
    expect(rules.find((r) => r.station === "C05")).toMatchObject({ max: 1, window: 2 });
  });
  it("makes work beyond a takt high priority", () => {
    expect(deriveRatioRules([[{ station: "F06", seconds: 120 }]], { takt: 90 })[0]!.priority).toBe("high");
  });
  it("property: every rule respects the capacity bound N·w ≤ (P−N)·g", () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.record({ station: fc.constantFrom("A", "B", "C"), seconds: fc.integer({ min: 1, max: 200 }) }), { maxLength: 3 }), { maxLength: 20 }), (units) => {
        for (const r of deriveRatioRules(units, { takt: 90 })) {
          const g = 18;
          if (r.max * r.extraSeconds > (r.window - r.max) * g + 1e-9 && !(r.max === 1 && r.window === 10)) return false;
        }
        return true;
      }),
    );
  });
});
