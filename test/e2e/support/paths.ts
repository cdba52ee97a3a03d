import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root (test/e2e/support → ../../..). */
export const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
export const SCREENSHOTS = join(ROOT, "test", "e2e", "screenshots");
