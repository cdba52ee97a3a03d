import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FastifyInstance } from "fastify";
import { Type } from "typebox";
import { ManualClock } from "../kernel/index.js";
import { loadConfig } from "./config.js";
import { startRuntime, type Runtime } from "./runtime.js";
import { roles } from "./auth.js";

let rt: Runtime;
let app: FastifyInstance;
const tok: Record<string, string> = {};
const auth = (role: string) => ({ authorization: `Bearer ${tok[role]}` });

beforeAll(async () => {
  const config = loadConfig({ TAKT_DATA_DIR: ":memory:", TAKT_LOG_LEVEL: "silent", TAKT_BODY_LIMIT: "4096", TAKT_WEB_DIR: "/nonexistent", TAKT_MQTT_PORT: "0" });
  rt = await startRuntime(config, {
    clock: new ManualClock(),
    extraRoutes: [
      (a) =>
        a.get("/api/v1/test/boom", { config: { roles: roles("planner") } }, async () => {
          throw new Error("secret database password is hunter2");
        }),
      (a) =>
        a.get(
          "/api/v1/test/lie",
          { config: { roles: roles("planner") }, schema: { response: { 200: Type.Object({ n: Type.Integer() }) } } },
          async () => ({ n: "not a number" }),
        ),
    ],
  });
  app = rt.app;
  for (const t of rt.seed.tokens) tok[t.role] = t.token;
});
afterAll(async () => rt.close());

describe("HTTP API foundation", () => {
  it("seeds one token per role on first start", () => {
    expect(Object.keys(tok).sort()).toEqual(["admin", "customer", "device", "engineer", "operator", "planner", "quality", "service"]);
  });

  it("answers liveness, readiness, OpenAPI 3.1, the API reference and metrics", async () => {
    expect((await app.inject("/healthz")).json()).toEqual({ status: "ok" });
    const ready = await app.inject("/readyz");
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toMatchObject({ status: "ready", store: "sqlite: ok", bus: "memory: ok" });
    const spec = (await app.inject("/openapi.json")).json();
    expect(spec.openapi).toBe("3.1.0");
    expect(Object.keys(spec.paths)).toEqual(expect.arrayContaining(["/api/v1/me", "/api/v1/plant", "/api/v1/tokens", "/healthz"]));
    const docs = await app.inject("/docs/");
    expect(docs.statusCode).toBe(200);
    expect(docs.headers["content-type"]).toContain("text/html");
    await app.inject({ url: "/api/v1/me", headers: auth("planner") });
    const metrics = await app.inject("/metrics");
    expect(metrics.body).toContain('takt_http_requests_total{method="GET",route="/api/v1/me",status="200"}');
    expect(metrics.body).toContain("takt_outbox_backlog");
  });

  it("tells the caller who they are, with request ids on every response", async () => {
    const r = await app.inject({ url: "/api/v1/me", headers: { ...auth("customer"), "x-request-id": "req_abc" } });
    expect(r.json()).toMatchObject({ role: "customer", customerId: "cus_demo" });
    expect(r.headers["x-request-id"]).toBe("req_abc");
  });

  it("serves the demo plant: one 90 s line with 40 stations", async () => {
    const r = await app.inject({ url: "/api/v1/plant", headers: auth("operator") });
    const line = r.json().site.areas[0].lines[0];
    expect(line.takt).toBe(90);
    expect(line.stations).toHaveLength(40);
  });

  it("401 without or with a wrong token, 403 for a role the route does not admit", async () => {
    expect((await app.inject("/api/v1/me")).statusCode).toBe(401);
    expect((await app.inject({ url: "/api/v1/me", headers: { authorization: "Bearer tok_nope.xxxxxxxxxxxxxxxxxxxxxxxxxxxx" } })).statusCode).toBe(401);
    const forged = tok["planner"]!.replace(/.$/, (c) => (c === "A" ? "B" : "A"));
    expect((await app.inject({ url: "/api/v1/me", headers: { authorization: `Bearer ${forged}` } })).statusCode).toBe(401);
    const r = await app.inject({ url: "/api/v1/tokens", headers: auth("planner") });
    expect(r.statusCode).toBe(403);
    expect(r.json().error).toBe("forbidden");
  });

  it("rejects bad input with 400 naming the field, and writes nothing", async () => {
    const before = await rt.store.tokens.count();
    const post = (payload: string) =>
      app.inject({ method: "POST", url: "/api/v1/tokens", headers: { ...auth("admin"), "content-type": "application/json" }, payload });
    const malformed = await post('{"role": "planner"');
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().error).toBe("validation");
    const unknown = await post('{"role": "planner", "colour": "red"}');
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().issues).toEqual([{ path: "/colour", message: "is not a known field" }]);
    const wrongType = await post('{"role": 7}');
    expect(wrongType.statusCode).toBe(400);
    expect(wrongType.json().message).toContain("/role");
    const missing = await post("{}");
    expect(missing.json().issues[0]).toEqual({ path: "/role", message: "is required" });
    const customerless = await post('{"role": "customer"}');
    expect(customerless.statusCode).toBe(400);
    expect(customerless.json().issues[0].path).toBe("/customerId");
    expect(await rt.store.tokens.count()).toBe(before);
  });

  it("413 for a body over the limit", async () => {
    const r = await app.inject({
      method: "POST",
      url: "/api/v1/customers",
      headers: { ...auth("admin"), "content-type": "application/json" },
      payload: JSON.stringify({ name: "x".repeat(10_000), email: "a@b.co" }),
    });
    expect(r.statusCode).toBe(413);
    expect(r.json().error).toBe("too_large");
  });

  it("a customer token sees only its own customer", async () => {
    const created = await app.inject({ method: "POST", url: "/api/v1/customers", headers: auth("admin"), payload: { name: "Other", email: "o@example.com" } });
    expect(created.statusCode).toBe(201);
    const other = created.json().id;
    expect((await app.inject({ url: `/api/v1/customers/${other}`, headers: auth("customer") })).statusCode).toBe(404);
    expect((await app.inject({ url: "/api/v1/customers/cus_demo", headers: auth("customer") })).json().name).toBe("Demo Customer");
    const list = (await app.inject({ url: "/api/v1/customers", headers: auth("customer") })).json();
    expect(list.customers.map((c: { id: string }) => c.id)).toEqual(["cus_demo"]);
    expect((await app.inject({ url: `/api/v1/customers/${other}`, headers: auth("planner") })).statusCode).toBe(200);
    // the registration went through the outbox into the log
    const stream = (await app.inject({ url: `/api/v1/streams/${other}`, headers: auth("admin") })).json();
    expect(stream.events.map((e: { type: string }) => e.type)).toEqual(["customer.registered"]);
  });

  it("issues a token over the API that then works, and revokes it", async () => {
    const r = await app.inject({ method: "POST", url: "/api/v1/tokens", headers: auth("admin"), payload: { role: "quality", name: "qa bench" } });
    expect(r.statusCode).toBe(201);
    const { token, info } = r.json();
    expect(info).not.toHaveProperty("secretHash");
    expect((await app.inject({ url: "/api/v1/me", headers: { authorization: `Bearer ${token}` } })).json().role).toBe("quality");
    expect((await app.inject({ method: "DELETE", url: `/api/v1/tokens/${info.id}`, headers: auth("admin") })).statusCode).toBe(204);
    expect((await app.inject({ url: "/api/v1/me", headers: { authorization: `Bearer ${token}` } })).statusCode).toBe(401);
  });

  it("an unknown error is a 500 that reveals nothing", async () => {
    const r = await app.inject({ url: "/api/v1/test/boom", headers: auth("planner") });
    expect(r.statusCode).toBe(500);
    expect(r.body).not.toContain("hunter2");
    expect(r.json()).toMatchObject({ error: "internal", message: "internal error" });
  });

  it("a response that breaks its own schema is a 500, not a lie", async () => {
    const r = await app.inject({ url: "/api/v1/test/lie", headers: auth("planner") });
    expect(r.statusCode).toBe(500);
  });

  it("404 for unknown routes as JSON", async () => {
    const r = await app.inject({ url: "/api/v1/nothing", headers: auth("planner") });
    expect(r.statusCode).toBe(404);
    expect(r.json().error).toBe("not_found");
  });
});
