import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { initialAssets } from "./support/bundle.js";
import { ROOT } from "./support/paths.js";
import { ensureWebBuilt } from "./support/web-build.js";

// Issue 7's budget: initial JavaScript at most 300 kB gzipped.
const BUDGET_JS_GZIP = 300_000;

describe("web bundle", () => {
  it(`keeps the initial JavaScript within ${BUDGET_JS_GZIP / 1000} kB gzipped`, () => {
    ensureWebBuilt();
    const assets = initialAssets(join(ROOT, "web", "dist"));
    console.info(
      `initial assets: ${assets.files.map((f) => `${f.path} ${(f.bytes / 1000).toFixed(1)} kB (gzip ${(f.gzip / 1000).toFixed(1)} kB)`).join(", ")}`,
    );
    expect(assets.files.some((f) => f.path.endsWith(".js"))).toBe(true);
    expect(assets.jsGzip).toBeLessThanOrEqual(BUDGET_JS_GZIP);
  }, 180_000);
});
