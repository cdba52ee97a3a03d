import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * The whole story through real processes: `takt serve` on its embedded defaults, a customer
 * configures and orders over HTTP, the planner sequences and releases, `takt simulate --plan`
 * drives the line over real MQTT, and the order ends completed on the customer's tracking.
 */
const dir = mkdtempSync(join(tmpdir(), "takt-story-"));
const env: NodeJS.ProcessEnv = { ...process.env, TAKT_DATA_DIR: dir, TAKT_LOG_LEVEL: "warn", TAKT_MQTT_PORT: "0", TAKT_DATABASE_URL: "", TAKT_NATS_URL: "", TAKT_MQTT_URL: "" };
let server: ChildProcess;
let url = "";
let mqttUrl = "";
const tokens: Record<string, string> = {};

beforeAll(async () => {
  server = spawn(process.execPath, ["bin/takt.mjs", "serve", "--port", "0"], { env });
  let out = "";
  server.stdout!.on("data", (d: Buffer) => (out += d.toString()));
  const t0 = Date.now();
  while (!/device\s+tok_/.test(out) && Date.now() - t0 < 60_000) await new Promise((r) => setTimeout(r, 50));
  url = /Takt listening on (http:\/\/\S+)/.exec(out)![1]!;
  mqttUrl = /MQTT (mqtt:\/\/\S+)/.exec(out)![1]!;
  for (const m of out.matchAll(/^\s+(\w+)\s+(tok_\S+)/gm)) tokens[m[1]!] = m[2]!;
}, 90_000);

afterAll(async () => {
  server.kill("SIGTERM");
  await new Promise((r) => server.once("exit", r));
  rmSync(dir, { recursive: true, force: true });
});

async function api(role: string, method: string, path: string, body?: unknown) {
  const r = await fetch(`${url}${path}`, { method, headers: { authorization: `Bearer ${tokens[role]}`, ...(body ? { "content-type": "application/json" } : {}) }, ...(body ? { body: JSON.stringify(body) } : {}) });
  return { status: r.status, body: (await r.json()) as Record<string, unknown> & { [k: string]: never } };
}

describe("build to order, end to end through real processes", { timeout: 180_000 }, () => {
  it("configure → order → plan → release → simulated line over MQTT → completed on the customer's tracking", async () => {
    const products = (await api("customer", "GET", "/api/v1/products")).body as unknown as { products: { id: string }[] };
    const productId = products.products[0]!.id;
    const done = (await api("customer", "POST", `/api/v1/products/${productId}/complete`, { selections: {} })).body as unknown as { selections: Record<string, string> };
    const placed = await api("customer", "POST", "/api/v1/orders", { productId, selections: done.selections });
    expect(placed.status).toBe(201);
    const orderId = (placed.body as unknown as { id: string }).id;

    const plan = (await api("planner", "POST", "/api/v1/plans", { seconds: 0.3, frozenCount: 1 })).body as unknown as { id: string };
    let status = "optimizing";
    for (let i = 0; i < 200 && status === "optimizing"; i++) {
      await new Promise((r) => setTimeout(r, 50));
      status = ((await api("planner", "GET", `/api/v1/plans/${plan.id}`)).body as unknown as { status: string }).status;
    }
    expect((await api("planner", "POST", `/api/v1/plans/${plan.id}/release`, {})).status).toBe(200);
    const cancel = await api("customer", "POST", `/api/v1/orders/${orderId}/cancel`, { reason: "too late?" });
    expect(cancel.status).toBe(409);

    const sim = spawnSync(process.execPath, ["bin/takt.mjs", "simulate", "--plan", "--api", url, "--token", tokens["planner"]!, "--broker", mqttUrl, "--speed", "0", "--seed", "3", "-q"], {
      env,
      encoding: "utf8",
      timeout: 120_000,
    });
    expect(sim.status, sim.stderr).toBe(0);
    const summary = JSON.parse(sim.stdout.trim().split("\n").at(-1)!) as { completed: number };
    expect(summary.completed).toBe(1);

    let tracking: { status: string; stageIndex: number } = { status: "", stageIndex: -1 };
    for (let i = 0; i < 200 && tracking.status !== "completed"; i++) {
      await new Promise((r) => setTimeout(r, 50));
      tracking = (await api("customer", "GET", `/api/v1/orders/${orderId}/tracking`)).body as unknown as typeof tracking;
    }
    expect(tracking).toMatchObject({ status: "completed", stageIndex: 4 });
    const order = (await api("customer", "GET", `/api/v1/orders/${orderId}`)).body as unknown as { unitId: string };
    const asBuilt = await api("quality", "GET", `/api/v1/units/${order.unitId}`);
    expect(asBuilt.status).toBe(200);
    const stream = (await api("admin", "GET", `/api/v1/streams/${order.unitId}`)).body as unknown as { events: { type: string }[] };
    const types = stream.events.map((e) => e.type);
    expect(types.filter((t) => t === "unit.entered_station")).toHaveLength(40);
    expect(types).toContain("unit.passed_gate");
  });
});
