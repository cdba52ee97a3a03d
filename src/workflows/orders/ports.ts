import type { ConfiguredProduct } from "../../orders/index.js";

/**
 * What ordering needs of the catalog: a configuration validated, priced and exploded on the
 * server, against a named (or the current) model version. Implemented over the catalog engine.
 */
export interface ProductCatalog {
  /**
   * @throws ValidationError naming an unknown family or value, or every violated rule;
   * NotFoundError for an unknown product or version.
   */
  configure(productId: string, selections: Readonly<Record<string, string>>, modelVersion?: string): Promise<ConfiguredProduct>;
}
