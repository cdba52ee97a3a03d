import { money, ValidationError } from "../../src/kernel/index.js";
import type { ProductCatalog } from "../../src/workflows/orders/ports.js";

/** A two-family test catalog: colour ∈ {red, blue}, roof ∈ {steel, glass}; glass needs blue. */
export const testCatalog: ProductCatalog = {
  async configure(productId, selections) {
    const issues = [];
    if (productId !== "prd_test") throw new ValidationError(`productId: unknown product ${productId}`, [{ path: "/productId", message: "unknown" }]);
    for (const [f, v] of Object.entries(selections)) {
      if (!["colour", "roof"].includes(f)) issues.push({ path: `/selections/${f}`, message: "unknown family" });
      else if (!(f === "colour" ? ["red", "blue"] : ["steel", "glass"]).includes(v)) issues.push({ path: `/selections/${f}`, message: `unknown value ${v}` });
    }
    if (selections["roof"] === "glass" && selections["colour"] !== "blue") issues.push({ path: "/selections/roof", message: "rule R1: glass roof requires colour blue" });
    if (issues.length) throw new ValidationError(issues.map((i) => `${i.path}: ${i.message}`).join("; "), issues);
    const glass = selections["roof"] === "glass";
    return {
      productId,
      modelVersion: "1",
      selections: { ...selections },
      price: { total: money(glass ? 2_150_000 : 2_000_000), lines: [{ label: "base", amount: money(2_000_000) }, ...(glass ? [{ label: "glass roof", amount: money(150_000) }] : [])] },
      bom: [{ partNumber: "BODY-1", description: "body", quantity: 1 }, ...(glass ? [{ partNumber: "ROOF-G", description: "glass roof", quantity: 1, station: "T04" }] : [])],
      workContent: glass ? [{ station: "T04", seconds: 70, label: "glass roof" }] : [],
    };
  },
};

