import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { e2eSkipReason, launchChromium, openPage, screenshot } from "./support/browser.js";
import { startTaktServer, type TaktServer } from "./support/takt-server.js";
import { ensureWebBuilt } from "./support/web-build.js";

const skip = e2eSkipReason();
if (skip) console.warn(skip);

describe.skipIf(skip !== null)("web shell in Chromium", () => {
  let server: TaktServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let pageErrors: string[];
  const tokens: Record<"planner" | "customer", string> = { planner: "", customer: "" };
  // Without a product catalog the server runs no orders and plans API: the plan page's requests answer 404
  // (the page says so). Only then is that 404 in the console expected.
  let planningMissing = false;
  const unexpected = (errors: string[]): string[] => errors.filter((e) => !(planningMissing && /404/.test(e)));

  beforeAll(async () => {
    ensureWebBuilt();
    server = await startTaktServer();
    const admin = await server.mintToken("admin");
    const customer = await server.api<{ id: string }>(admin, "POST", "/api/v1/customers", { name: "E2E Customer", email: "e2e@example.com" });
    tokens.planner = await server.mintToken("planner");
    tokens.customer = await server.mintToken("customer", customer.id);
    planningMissing = (await fetch(`${server.url}/api/v1/plans`, { headers: { authorization: `Bearer ${tokens.planner}` } })).status === 404;
    browser = await launchChromium();
    // Explicit, so the suite keeps its time budget under the root vitest config too.
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  }, 30_000);

  beforeEach(async () => {
    ({ context, page, errors: pageErrors } = await openPage(browser));
  });

  afterEach(async () => {
    await context?.close();
  });

  const navLinks = (): Promise<string[]> => page.getByRole("navigation", { name: "Areas" }).getByRole("link").allInnerTexts();

  // A string expression: the root tsconfig has no DOM types.
  const storedToken = (): Promise<string | null> => page.evaluate<string | null>("sessionStorage.getItem('takt.token')");

  async function signIn(token: string, route = ""): Promise<void> {
    await page.goto(`${server.url}/${route ? `#/${route}` : ""}`);
    await page.getByLabel("API token").fill(token);
    await page.getByRole("button", { name: "Sign in" }).click();
  }

  it("a planner signs in, sees the navigation, opens the line map with 40 stations and signs out", async () => {
    const started = Date.now();
    await page.goto(`${server.url}/`);
    await page.getByLabel("API token").waitFor();
    // Issue 7 budget: first screen interactive within 1 s. Reported, not asserted: the CI machine is shared.
    console.info(`first screen (login form ready): ${Date.now() - started} ms`);
    await screenshot(page, "01-login");
    await signIn(tokens.planner);

    const nav = page.getByRole("navigation", { name: "Areas" });
    await nav.waitFor();
    expect(await navLinks()).toEqual(["Plan & sequence", "Line"]);
    await expect.poll(() => page.getByRole("heading", { level: 1 }).innerText()).toBe("Plan & sequence");
    await screenshot(page, "02-planner-plan");

    await nav.getByRole("link", { name: "Line" }).click();
    const map = page.getByRole("listbox", { name: /Stations of line A1/ });
    await map.waitFor();
    await expect.poll(() => map.locator("[data-station]").count()).toBe(40);
    expect(await page.getByTestId("station-count").innerText()).toBe("40");
    expect(await map.locator("[data-buffer-after]").count()).toBeGreaterThan(0);
    expect(await nav.getByRole("link", { name: "Line" }).getAttribute("aria-current")).toBe("page");

    // Keyboard: the map is one tab stop; the arrows move the selection and the details follow.
    await map.focus();
    await page.keyboard.press("ArrowRight");
    await page.keyboard.press("ArrowRight");
    expect(await map.getAttribute("aria-activedescendant")).toMatch(/^station-/);
    await expect.poll(() => page.locator(".station-details").innerText()).toContain("T02");
    await screenshot(page, "03-planner-line");

    // The token is kept for the tab: a reload stays signed in, on the same page.
    expect(await storedToken()).toBe(tokens.planner);
    await page.reload();
    await map.waitFor();
    await expect.poll(() => map.locator("[data-station]").count()).toBe(40);

    await page.getByRole("button", { name: "Sign out" }).click();
    await page.getByLabel("API token").waitFor();
    expect(await page.getByRole("alert").innerText()).toContain("signed out");
    expect(await storedToken()).toBeNull();
    await screenshot(page, "04-signed-out");
    expect(unexpected(pageErrors)).toEqual([]);
  });

  it("works by keyboard alone: sign in, skip link, navigation, line map", async () => {
    await page.goto(`${server.url}/`);
    // The token field has focus on arrival; Enter submits.
    await page.getByLabel("API token").waitFor();
    await page.keyboard.type(tokens.planner);
    await page.keyboard.press("Enter");
    await page.getByRole("navigation", { name: "Areas" }).waitFor();

    const focused = (): Promise<string> => page.evaluate<string>("(document.activeElement?.textContent ?? '').trim()");
    // The page heading takes focus when a page opens.
    await expect.poll(focused).toBe("Plan & sequence");

    // From the top of the page, Tab reaches the skip link first, then the banner and the areas.
    // (Focus the body itself: a mere blur leaves the starting point of Tab at the heading, and the plan page has fields after it.)
    await page.evaluate("document.body.tabIndex = -1; document.body.focus(); document.body.removeAttribute('tabindex')");
    await page.keyboard.press("Tab");
    expect(await focused()).toBe("Skip to content");
    let reached = false;
    for (let i = 0; i < 8 && !reached; i++) {
      await page.keyboard.press("Tab");
      reached = (await focused()) === "Line";
    }
    expect(reached, "Tab reaches the Line link").toBe(true);
    await page.keyboard.press("Enter");

    const map = page.getByRole("listbox", { name: /Stations of line A1/ });
    await map.waitFor();
    // After the heading, the next tab stop is the map; arrows select, End jumps to the last station.
    await page.keyboard.press("Tab");
    expect(await page.evaluate<string>("document.activeElement?.getAttribute('role') ?? ''")).toBe("listbox");
    await page.keyboard.press("End");
    await expect.poll(() => page.locator(".station-details").innerText()).toContain("Q06");
    await page.keyboard.press("ArrowLeft");
    await expect.poll(() => page.locator(".station-details").innerText()).toContain("Q05");
    await screenshot(page, "03b-line-keyboard");
    expect(unexpected(pageErrors)).toEqual([]);
  });

  it("a bad token is refused with a message and nothing is kept", async () => {
    await signIn("not-a-real-token");
    const alert = page.getByRole("alert");
    await alert.waitFor();
    expect(await alert.innerText()).toMatch(/not accepted/);
    expect(await page.getByRole("navigation", { name: "Areas" }).count()).toBe(0);
    expect(await storedToken()).toBeNull();
    await screenshot(page, "05-bad-token");
    // The 401 of /me shows up as a console error of the failed request; nothing else may.
    expect(pageErrors.filter((e) => !/401/.test(e))).toEqual([]);
  });

  it("an admin sees every area, the live line, and the admin area, which links the API reference", async () => {
    await signIn(await server.mintToken("admin"));
    await page.getByRole("navigation", { name: "Areas" }).waitFor();
    expect(await navLinks()).toEqual(["Admin", "Configure", "My orders", "Plan & sequence", "Line", "Station", "Quality", "Devices", "Service"]);
    await page.getByRole("link", { name: "Line" }).click();
    await page.getByTestId("line-live").waitFor();
    expect(await page.getByText("not available").count()).toBe(0);
    await page.getByRole("link", { name: "Admin" }).click();
    const docs = page.getByRole("link", { name: "API reference" });
    await docs.waitFor();
    const href = await docs.getAttribute("href");
    expect(href).toBe("/docs");
    const res = await fetch(`${server.url}${href}`);
    expect(res.status).toBe(200);
    await screenshot(page, "08-admin");
    expect(pageErrors).toEqual([]);
  });

  it("a token revoked during the session ends it at the next call, with a notice", async () => {
    const token = await server.mintToken("engineer");
    const me = await server.api<{ tokenId: string }>(token, "GET", "/api/v1/me");
    // Start on Quality, so the plant has not been loaded yet.
    await signIn(token, "quality");
    await page.getByRole("navigation", { name: "Areas" }).waitFor();
    expect(await navLinks()).toEqual(["Line", "Quality", "Devices"]);
    await server.revokeToken(me.tokenId);
    // Opening the line map loads the plant: that 401 ends the session.
    await page.getByRole("link", { name: "Line" }).click();
    const alert = page.getByRole("alert");
    await alert.waitFor();
    expect(await alert.innerText()).toMatch(/session has ended/);
    expect(await storedToken()).toBeNull();
    await screenshot(page, "09-session-ended");
    expect(pageErrors.filter((e) => !/401/.test(e))).toEqual([]);
  });

  it("a reload with a token revoked meanwhile lands on the login with a notice", async () => {
    const token = await server.mintToken("operator");
    const me = await server.api<{ tokenId: string }>(token, "GET", "/api/v1/me");
    await signIn(token);
    await page.getByRole("navigation", { name: "Areas" }).waitFor();
    await server.revokeToken(me.tokenId);
    await page.reload();
    const alert = page.getByRole("alert");
    await alert.waitFor();
    expect(await alert.innerText()).toMatch(/session has ended/);
    expect(await page.getByLabel("API token").isVisible()).toBe(true);
    expect(await storedToken()).toBeNull();
  });

  it("a customer sees only the customer areas and cannot open the line", async () => {
    await signIn(tokens.customer);
    await page.getByRole("navigation", { name: "Areas" }).waitFor();
    expect(await navLinks()).toEqual(["Configure", "My orders"]);
    await screenshot(page, "06-customer-configure");

    await page.goto(`${server.url}/#/line`);
    await expect.poll(() => page.locator("main").innerText()).toContain("not open to the customer role");
    expect(await page.locator("[data-station]").count()).toBe(0);
    await screenshot(page, "07-customer-no-line");
    expect(pageErrors).toEqual([]);
  });
});
