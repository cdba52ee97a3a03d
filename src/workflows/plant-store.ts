import { findLine, linesOf, type Line, type Site } from "../plant/index.js";
import type { Store } from "./ports.js";
import { PLANT_COLLECTION, SITE_DOC_ID } from "./seed-demo.js";

/** The stored plant model (ISA-95 site), or undefined before it is seeded. */
export async function loadSite(store: Store): Promise<Site | undefined> {
  return (await store.getDocument<Site>(PLANT_COLLECTION, SITE_DOC_ID))?.body;
}

/** A line of the stored plant by id or code; without one, the plant's first line (the one orders are built on today). */
export async function loadLine(store: Store, idOrCode?: string): Promise<Line | undefined> {
  const site = await loadSite(store);
  if (!site) return undefined;
  return idOrCode === undefined ? linesOf(site)[0] : findLine(site, idOrCode);
}
