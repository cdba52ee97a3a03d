import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { SCREENSHOTS } from "./paths.js";

/** Debian's chromium (apt-get install chromium); playwright's own browser downloads are not used. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

const ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

export const chromiumAvailable = (): boolean => existsSync(CHROMIUM_PATH);

/**
 * Why the e2e suite must be skipped, or null when it can run. Without chromium it is skipped
 * locally; in CI (CI set) it runs and fails, since a missing browser there is a broken setup.
 */
export function e2eSkipReason(): string | null {
  if (chromiumAvailable() || process.env.CI) return null;
  return `e2e skipped: no chromium at ${CHROMIUM_PATH} (install it with: apt-get install -y chromium)`;
}

export async function launchChromium(): Promise<Browser> {
  if (!chromiumAvailable()) throw new Error(`chromium not found at ${CHROMIUM_PATH}; the e2e tests need it (apt-get install -y chromium)`);
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: ARGS, headless: true, timeout: 60_000 });
}

/** Saves a full-page screenshot as test/e2e/screenshots/<name>.png (git-ignored) and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const path = join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/** A page in a fresh context (its own sessionStorage, so no test inherits another's session), with the page's errors and console errors collected in `errors`. */
export async function openPage(browser: Browser): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(m.text());
  });
  return { context, page, errors };
}

/** Signs in on the login screen at `baseUrl/#/route` with a token and waits for the area navigation. */
export async function signIn(page: Page, baseUrl: string, token: string, route: string): Promise<void> {
  await page.goto(`${baseUrl}/#/${route}`);
  await page.getByLabel("API token").fill(token);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("navigation", { name: "Areas" }).waitFor();
}
