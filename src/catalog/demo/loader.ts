/** Loads the demo product "Takt Velo": the model as shipped (JSON) and compiled once. */
import velo from "./velo.json" with { type: "json" };
import { compileProduct, type CompiledProduct } from "../product.js";
import type { ProductModel } from "../schema.js";

let cached: CompiledProduct | undefined;

/** The Takt Velo product model (schema-checked when compiled). */
export function veloModel(): ProductModel {
  return velo as unknown as ProductModel;
}

/** The Takt Velo compiled once per process. */
export function demoProduct(): CompiledProduct {
  cached ??= compileProduct(veloModel());
  return cached;
}
