import { ROLES, idFromSlug, type Clock, type Role } from "../kernel/index.js";
import { demoPlant, type Site } from "../plant/index.js";
import type { Store } from "./ports.js";
import { createToken } from "./tokens.js";

export const PLANT_COLLECTION = "plant";
export const SITE_DOC_ID = "site";
export const DEMO_CUSTOMER_ID = idFromSlug("customer", "demo");

export interface SeedResult {
  /** True when this call seeded a fresh store (first start). */
  readonly seeded: boolean;
  /** One new token per role, only on first start (tokens are stored hashed and cannot be shown again). */
  readonly tokens: { role: Role; token: string; customerId: string | null }[];
}

/**
 * Seeds the demo plant, a demo customer and one token per role into an empty store.
 * Idempotent: a store that already has a site is left alone.
 */
export async function seedDemo(store: Store, clock: Clock): Promise<SeedResult> {
  if (await store.getDocument(PLANT_COLLECTION, SITE_DOC_ID)) return { seeded: false, tokens: [] };
  const site = demoPlant();
  await store.transaction(async (tx) => {
    await tx.putDocument<Site>(PLANT_COLLECTION, SITE_DOC_ID, 0, site);
    await tx.append(site.id, "none", [{ type: "site.configured", source: "/plant", subject: site.id, stream: site.id, data: { lines: site.areas.flatMap((a) => a.lines.map((l) => l.id)) } }]);
    await tx.putDocument("customers", DEMO_CUSTOMER_ID, 0, { id: DEMO_CUSTOMER_ID, name: "Demo Customer", email: "demo@example.com" }, DEMO_CUSTOMER_ID);
  });
  const tokens: SeedResult["tokens"] = [];
  for (const role of ROLES) {
    const customerId = role === "customer" ? DEMO_CUSTOMER_ID : null;
    const { token } = await createToken(store, { role, customerId, name: `demo ${role}` }, clock);
    tokens.push({ role, token, customerId });
  }
  return { seeded: true, tokens };
}
