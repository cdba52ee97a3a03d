import { readFileSync, writeFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { explodeBom, priceOf, workContent } from "../product.js";
import { demoProduct, veloModel } from "./loader.js";
import { buildVelo } from "./velo-source.js";

const STATION = /^(T(0[1-9]|10)|C(0[1-9]|10)|F(0[1-9]|1[0-4])|Q0[1-6])$/; // the demo line A1's 40 stations

describe("Takt Velo demo product", () => {
  it("ships velo.json as generated from its source tables", () => {
    const url = new URL("./velo.json", import.meta.url);
    const fresh = JSON.stringify(buildVelo(), null, 1) + "\n";
    if (process.env["UPDATE_VELO"]) writeFileSync(url, fresh);
    expect(readFileSync(url, "utf8")).toBe(fresh);
  });

  it("has a realistic size and compiles without dead values", () => {
    const m = veloModel();
    const p = demoProduct();
    expect(m.families.length).toBeGreaterThanOrEqual(30);
    expect(m.rules.length).toBeGreaterThanOrEqual(200);
    expect(m.bom.length).toBeGreaterThanOrEqual(300);
    expect(p.deadValues).toEqual([]);
    expect(p.configurator.count()).toBeGreaterThan(10n ** 9n);
    for (const s of [...m.work.map((w) => w.station), ...m.bom.flatMap((b) => (b.station ? [b.station] : []))]) expect(s).toMatch(STATION);
  });

  it("every default completion of a random session is valid, priced, exploded and loads stations", () => {
    const p = demoProduct();
    const c = p.configurator;
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(), fc.nat()), { maxLength: 8 }), (picks) => {
        const sel: Record<string, string> = {};
        for (const [fi, vi] of picks) {
          // A customer only picks among the values still offered.
          const f = c.families[fi % c.families.length]!;
          const offered = c.validValues(sel)[f.id]!;
          sel[f.id] = offered[vi % offered.length]!;
        }
        const full = c.complete(sel);
        expect(c.validate(full)).toEqual({ valid: true, missing: [], violated: [] });
        expect(priceOf(p, full).total.amount).toBeGreaterThan(0);
        expect(explodeBom(p, full).length).toBeGreaterThan(60);
        expect(Object.keys(workContent(p, full)).length).toBe(40);
      }),
      { numRuns: 40, seed: 7 },
    );
  });

  it("explains a blocked option in one sentence naming the rule", () => {
    const c = demoProduct().configurator;
    const ex = c.explain({ market: "US", trim: "PREMIUM" }, "lighting", "MATRIX");
    expect(ex?.choices).toEqual({ market: "US" });
    expect(ex?.sentence).toContain("us-lighting");
  });
});
