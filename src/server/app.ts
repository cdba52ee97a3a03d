import { existsSync } from "node:fs";
import { join } from "node:path";
import Fastify, { type FastifyInstance } from "fastify";
import fastifyStatic from "@fastify/static";
import fastifySwagger from "@fastify/swagger";
import fastifySwaggerUi from "@fastify/swagger-ui";
import type { ValidateFunction } from "ajv";
import { newId } from "../kernel/index.js";
import { registerAuth } from "./auth.js";
import type { AppContext } from "./context.js";
import { errorHandler } from "./error-mapper.js";
import { customerRoutes } from "./routes/customers.js";
import { eventRoutes } from "./routes/events.js";
import { executionRoutes } from "./routes/execution.js";
import { meAndPlantRoutes } from "./routes/me-and-plant.js";
import { orderRoutes } from "./routes/orders.js";
import { planRoutes } from "./routes/plans.js";
import { catalogRoutes } from "./routes/catalog.js";
import { qualityRoutes } from "./routes/quality.js";
import { instructionRoutes } from "./routes/instructions.js";
import { defectRoutes } from "./routes/defects.js";
import { inspectionRoutes } from "./routes/inspection.js";
import { systemRoutes } from "./routes/system.js";
import { tokenRoutes } from "./routes/tokens.js";
import { ErrorBody } from "./schemas.js";
import { compileResponseCheck, validatorCompiler } from "./validation.js";

/** Route registrars of the capabilities; the next issues add theirs here. */
export type RouteRegistrar = (app: FastifyInstance, ctx: AppContext) => void;

export interface AppOptions {
  readonly logLevel?: string;
  readonly extraRoutes?: readonly RouteRegistrar[];
}

/**
 * Builds the HTTP API: fastify with TypeBox schemas on every route (requests validated,
 * 2xx responses checked against their schema), OpenAPI 3.1 at /openapi.json, the API
 * reference at /docs, the web app at /, one error mapper, bearer-token auth by role.
 */
export async function buildApp(ctx: AppContext, opts: AppOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: { level: opts.logLevel ?? "info" },
    bodyLimit: ctx.bodyLimit,
    requestIdHeader: "x-request-id",
    genReqId: () => newId("event").replace(/^evt_/, "req_"),
    forceCloseConnections: true,
    ajv: { customOptions: { removeAdditional: false } },
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setErrorHandler(errorHandler);
  app.addSchema(ErrorBody);

  await app.register(fastifySwagger, {
    openapi: {
      openapi: "3.1.0",
      info: { title: "Takt API", version: "1", description: "Build-to-order manufacturing: configure, order, plan, execute, quality, service." },
      components: { securitySchemes: { bearer: { type: "http", scheme: "bearer", description: "API token: tok_….secret" } } },
    },
  });
  await app.register(fastifySwaggerUi, { routePrefix: "/docs", uiConfig: { docExpansion: "list", deepLinking: true } });

  // Response check: a 2xx body that does not match its declared schema is a bug; it becomes a 500, never a silent lie.
  const checks = new Map<string, Map<number, ValidateFunction>>();
  app.addHook("onRoute", (route) => {
    const response = (route.schema as { response?: Record<string, object> } | undefined)?.response;
    if (!response) return;
    const byStatus = new Map<number, ValidateFunction>();
    for (const [code, schema] of Object.entries(response)) {
      const status = Number(code);
      if (status >= 200 && status < 300 && status !== 204) byStatus.set(status, compileResponseCheck(schema));
    }
    for (const m of [route.method].flat()) checks.set(`${m} ${route.url}`, byStatus);
  });
  app.addHook("preSerialization", async (req, reply, payload) => {
    const check = checks.get(`${req.method} ${req.routeOptions.url}`)?.get(reply.statusCode);
    if (check && !check(payload)) {
      req.log.error({ errors: check.errors, route: req.routeOptions.url }, "response does not match its schema");
      throw new Error("response schema mismatch");
    }
    return payload;
  });

  app.addHook("onSend", async (req, reply, payload) => {
    void reply.header("x-request-id", req.id);
    return payload;
  });
  app.addHook("onResponse", async (req, reply) => {
    const route = req.routeOptions.url ?? "unmatched";
    ctx.metrics.httpRequests.inc({ method: req.method, route, status: String(reply.statusCode) });
    ctx.metrics.httpDuration.observe({ method: req.method, route }, reply.elapsedTime / 1000);
  });

  registerAuth(app, ctx.store, ctx.metrics);

  app.get("/openapi.json", { config: { roles: "public" }, schema: { hide: true } }, async () => app.swagger());
  systemRoutes(app, ctx);
  meAndPlantRoutes(app, ctx);
  tokenRoutes(app, ctx);
  customerRoutes(app, ctx);
  eventRoutes(app, ctx);
  orderRoutes(app, ctx);
  planRoutes(app, ctx);
  catalogRoutes(app, ctx);
  qualityRoutes(app, ctx);
  instructionRoutes(app, ctx);
  defectRoutes(app, ctx);
  inspectionRoutes(app, ctx);
  executionRoutes(app, ctx);
  for (const r of opts.extraRoutes ?? []) r(app, ctx);

  const webDir = ctx.webDir;
  const hasWeb = webDir !== null && existsSync(join(webDir, "index.html"));
  if (hasWeb) await app.register(fastifyStatic, { root: webDir, prefix: "/", wildcard: false, index: "index.html" });
  else
    app.get("/", { config: { roles: "public" }, schema: { hide: true } }, async (_req, reply) =>
      reply.type("text/html").send("<!doctype html><title>Takt</title><h1>Takt</h1><p>The web app is not built: run <code>npm run build:web</code>. The API reference is at <a href=\"/docs\">/docs</a>.</p>"),
    );
  app.setNotFoundHandler((req, reply) => {
    // The web app routes on the client: any other GET for a page gets its shell.
    if (hasWeb && req.method === "GET" && !req.url.startsWith("/api/") && (req.headers.accept ?? "").includes("text/html"))
      return reply.sendFile("index.html");
    return reply.status(404).send({ error: "not_found", message: `no route ${req.method} ${req.url.split("?")[0]}`, requestId: String(req.id) });
  });
  return app;
}
