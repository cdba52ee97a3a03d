import { describe, expect, it } from "vitest";
import { ValidationError } from "../kernel/index.js";
import { compileProduct, explodeBom, priceOf, workContent } from "./product.js";
import { SCHEMA_VERSION, type ProductModel } from "./schema.js";

const base = (): ProductModel => ({
  schemaVersion: SCHEMA_VERSION,
  id: "mini",
  name: "Mini",
  version: "1.0",
  currency: "EUR",
  basePrice: 1000000,
  families: [
    { id: "engine", label: "Engine", values: [{ id: "P", label: "petrol", price: 0 }, { id: "EV", label: "electric", price: 500000 }], default: "P" },
    { id: "roof", label: "Roof", values: [{ id: "STD", label: "steel", price: 0 }, { id: "PANO", label: "glass", price: 90000 }], default: "STD" },
    { id: "tow", label: "Tow bar", values: [{ id: "no", label: "no", price: 0 }, { id: "yes", label: "yes", price: 40000 }] },
  ],
  rules: [{ id: "ev-no-tow", kind: "excludes", if: "engine=EV", then: "tow", message: "EVs have no tow bar" }],
  surcharges: [{ id: "ev-pano", label: "EV with glass roof", when: "engine=EV and roof=PANO", amount: 12345 }],
  bom: [
    { id: "b1", part: "BODY", label: "body", qty: 1 },
    { id: "b2", part: "BATT", label: "battery", qty: 1, station: "C02", when: "engine=EV" },
    { id: "b3", part: "GLASS", label: "glass roof", qty: 1, when: "roof=PANO" },
  ],
  work: [
    { id: "w1", station: "T04", label: "roof", seconds: 60, when: "roof=PANO" },
    { id: "w2", station: "C02", label: "battery", seconds: 50, when: "engine=EV" },
    { id: "w3", station: "C02", label: "base", seconds: 30 },
  ],
});

function issueOf(f: () => unknown): { path: string; message: string } {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(ValidationError);
    return (e as ValidationError).issues[0]!;
  }
  throw new Error("expected a ValidationError");
}

describe("product model", () => {
  it("prices, explodes the BOM and sums station work of a configuration", () => {
    const p = compileProduct(base());
    const sel = { engine: "EV", roof: "PANO", tow: "no" };
    const price = priceOf(p, sel);
    expect(price.total).toEqual({ amount: 1000000 + 500000 + 90000 + 12345, currency: "EUR" });
    expect(price.modelVersion).toBe("1.0");
    expect(explodeBom(p, sel).map((l) => l.part)).toEqual(["BODY", "BATT", "GLASS"]);
    expect(workContent(p, sel)).toEqual({ T04: 60, C02: 80 });
    expect(() => priceOf(p, { engine: "EV", roof: "STD", tow: "yes" })).toThrow(/ev-no-tow/);
    expect(p.configurator.count()).toBe(6n);
    expect(p.configurator.explain({ engine: "EV" }, "tow", "yes")?.sentence).toBe("tow=yes is not available with engine=EV (rule ev-no-tow: EVs have no tow bar).");
  });

  it("names the offending field by JSON pointer", () => {
    const m1 = base() as unknown as { families: { values: { price: number }[] }[] };
    m1.families[1]!.values[0]!.price = 1.5;
    expect(issueOf(() => compileProduct(m1)).path).toBe("/families/1/values/0/price");
    const m2 = base();
    (m2.rules[0] as { then: string }).then = "towbar";
    expect(issueOf(() => compileProduct(m2))).toEqual({ path: "/rules/0/then", message: "unknown family towbar" });
    const m3 = base();
    m3.bom[2]!.when = "roof=GLASS";
    expect(issueOf(() => compileProduct(m3))).toEqual({ path: "/bom/2/when", message: "unknown value GLASS of family roof" });
    const m4 = base();
    m4.families[0]!.default = "D";
    expect(issueOf(() => compileProduct(m4)).path).toBe("/families/0/default");
    expect(issueOf(() => compileProduct({ ...base(), schemaVersion: 2 })).path).toBe("/schemaVersion");
    expect(issueOf(() => p0().configurator.validValues({ colour: "red" })).path).toBe("/selection/colour");
  });

  it("rejects a contradictory model with a minimal conflicting rule set and reports dead values", () => {
    const m = base();
    m.rules.push({ id: "need-ev", kind: "constraint", expr: "engine=EV" }, { id: "pano", kind: "requires", if: "roof=STD", then: "roof=PANO" }, { id: "petrol", kind: "requires", if: "roof=PANO", then: "engine=P" });
    const e = (() => {
      try {
        compileProduct(m);
      } catch (x) {
        return x as ValidationError;
      }
      throw new Error("accepted");
    })();
    expect(e.issues.map((i) => i.path)).toEqual(["/rules/need-ev", "/rules/pano", "/rules/petrol"]);
    const d = base();
    d.rules.push({ id: "no-pano", kind: "excludes", if: "engine in {P, EV}", then: "roof=PANO" });
    expect(compileProduct(d).deadValues).toEqual(["roof=PANO"]);
  });
});

const p0 = () => compileProduct(base());
