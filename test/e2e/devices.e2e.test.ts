import mqtt from "mqtt";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { e2eSkipReason, launchChromium, openPage, screenshot, signIn as signInAs } from "./support/browser.js";
import { startTaktServer, type TaktServer } from "./support/takt-server.js";
import { ensureWebBuilt } from "./support/web-build.js";

const skip = e2eSkipReason();
if (skip) console.warn(skip);

interface Ingest {
  mode: string;
  url: string | null;
  stats: { received: number; stored: number; pending: number; deadLetters: Record<string, number> } | null;
}

/**
 * The Devices screen in Chromium against a real server and its embedded MQTT broker: a device
 * publishes one good and one malformed message; the engineer sees the counters move and the dead
 * letter, its payload shown as text; an operator sees the edge but not the dead letters (as the API).
 */
describe.skipIf(skip !== null)("Devices area in Chromium", () => {
  let server: TaktServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let pageErrors: string[];
  let engineer = "";

  beforeAll(async () => {
    ensureWebBuilt();
    server = await startTaktServer();
    engineer = await server.mintToken("engineer");
    browser = await launchChromium();
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

  const signIn = (token: string, route: string): Promise<void> => signInAs(page, server.url, token, route);

  const counter = (name: string): Promise<string> => page.getByTestId("mqtt-counters").locator(`tr[data-counter="${name}"] td`).innerText();

  it("an engineer sees a good and a malformed MQTT message counted, and the dead letter with its payload as text", async () => {
    const edge = await server.api<Ingest>(engineer, "GET", "/api/v1/devices/ingest");
    expect(edge.mode).toBe("embedded");
    expect(edge.url).toMatch(/^mqtt:\/\/127\.0\.0\.1:\d+$/);
    const plant = await server.api<{ site: { areas: { lines: { code: string; stations: { code: string }[] }[] }[] } }>(engineer, "GET", "/api/v1/plant");
    const line = plant.site.areas[0]!.lines[0]!;
    const station = line.stations[0]!.code;

    await signIn(engineer, "devices");
    await expect.poll(() => page.getByRole("heading", { level: 1 }).innerText()).toBe("Devices");
    await page.getByTestId("mqtt-counters").waitFor();
    expect(await page.getByTestId("mqtt-mode").innerText()).toBe("Embedded broker");
    expect(await page.getByTestId("mqtt-edge").locator(".badge.state-ok").first().textContent()).toBe("● connected");
    expect(await counter("received")).toBe("0");
    expect(await page.getByTestId("dead-letters").innerText()).toMatch(/No dead letters/);
    expect(await page.getByTestId("opcua-edge").innerText()).toMatch(/no tag map/);

    const device = await mqtt.connectAsync(edge.url!, { clientId: "e2e-devices", clean: true, protocolVersion: 4, reconnectPeriod: 0 });
    try {
      await device.publishAsync(`takt/v1/${line.code}/${station}/telemetry`, JSON.stringify({ id: "e2e-good-1", tags: { temperature: 21.5 } }), { qos: 1 });
      await device.publishAsync(`takt/v1/${line.code}/${station}/unit-entered`, '{"id":"e2e-bad-1", <b>oops</b>', { qos: 1 });
    } finally {
      await device.endAsync();
    }
    // QoS 1 on the embedded broker: acknowledged means stored, so the API has both now; the screen within a poll or two.
    const after = await server.api<Ingest>(engineer, "GET", "/api/v1/devices/ingest");
    expect(after.stats).toMatchObject({ received: 2, stored: 2, pending: 0 });
    expect(after.stats!.deadLetters["malformed"]).toBe(1);

    await expect.poll(() => counter("received"), { timeout: 10_000 }).toBe("2");
    expect(await counter("stored")).toBe("2");
    expect(await counter("dead")).toBe("1");
    expect(await page.getByTestId("dead-letter-kinds").locator('tr[data-kind="malformed"] td').innerText()).toBe("1");
    expect(await page.getByTestId("mqtt-edge").innerText()).toMatch(/1 messages? dead-lettered since the start/);

    const item = page.getByTestId("dead-letters").locator("li.dead-letter");
    await expect.poll(() => item.count(), { timeout: 10_000 }).toBe(1);
    expect(await item.getAttribute("data-kind")).toBe("malformed");
    expect(await item.innerText()).toContain(`takt/v1/${line.code}/${station}/unit-entered`);
    const payload = item.locator("pre.payload");
    expect(await payload.innerText()).toBe('{"id":"e2e-bad-1", <b>oops</b>');
    // Shown as text: the markup in the payload made no element.
    expect(await payload.locator("b").count()).toBe(0);
    await screenshot(page, "devices-01-engineer");

    // A burst of 30 more (long) malformed messages: more than a page (25), so the list jumps to the newest
    // page, newest first; the rest are one "older" click away; a long payload is cut and expands.
    // The screen's dead-letter requests are held until the burst is stored, so one poll sees all of it (deterministic).
    let burstStored = (): void => {};
    const stored = new Promise<void>((resolve) => (burstStored = resolve));
    await page.route("**/api/v1/devices/dead-letters*", async (route) => {
      await stored;
      await route.continue();
    });
    const burst = await mqtt.connectAsync(edge.url!, { clientId: "e2e-devices-2", clean: true, protocolVersion: 4, reconnectPeriod: 0 });
    try {
      for (let i = 2; i <= 31; i++) await burst.publishAsync(`takt/v1/${line.code}/${station}/unit-entered`, `{"id":"e2e-bad-${i}", ${"x".repeat(300)}`, { qos: 1 });
    } finally {
      await burst.endAsync();
      burstStored();
    }
    await expect.poll(() => counter("dead"), { timeout: 10_000 }).toBe("31");
    await expect.poll(() => item.first().getAttribute("data-seq"), { timeout: 10_000 }).toBe("31");
    expect(await item.count()).toBe(25);
    expect(await page.getByTestId("dead-letters").innerText()).toMatch(/jumped to the newest/);
    await page.getByRole("button", { name: "Show older dead letters" }).click();
    await expect.poll(() => item.count(), { timeout: 10_000 }).toBe(31);
    expect(await page.getByTestId("dead-letters").innerText()).not.toMatch(/jumped to the newest/);
    expect(await item.evaluateAll((els) => els.map((e) => Number(e.getAttribute("data-seq"))))).toEqual(Array.from({ length: 31 }, (_, i) => 31 - i));
    expect(await page.getByRole("button", { name: "Show older dead letters" }).count()).toBe(0);
    const newest = item.first();
    expect((await newest.locator("pre.payload").innerText()).length).toBe(161);
    await newest.getByRole("button", { name: /^Show all \d+ characters$/ }).click();
    expect(await newest.locator("pre.payload").innerText()).toBe(`{"id":"e2e-bad-31", ${"x".repeat(300)}`);
    expect(await newest.getByRole("button", { name: "Show less" }).getAttribute("aria-expanded")).toBe("true");
    await screenshot(page, "devices-02-engineer-burst");
    expect(pageErrors).toEqual([]);
  });

  it("an operator sees the device edge, and is told the dead letters are not for the role", async () => {
    await signIn(await server.mintToken("operator"), "devices");
    await page.getByTestId("mqtt-counters").waitFor();
    const dead = page.getByTestId("dead-letters");
    await expect.poll(() => dead.innerText()).toMatch(/Your role may not read the dead letters/);
    await screenshot(page, "devices-03-operator");
    // The 403 of the dead letters is the one console error of a failed request.
    expect(pageErrors.filter((e) => !/403/.test(e))).toEqual([]);
  });
});
