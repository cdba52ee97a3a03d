import type { FastifyInstance, FastifyRequest } from "fastify";
import { ForbiddenError, NotFoundError, type Role } from "../kernel/index.js";
import { authenticate, type Principal } from "../workflows/tokens.js";
import type { Store } from "../workflows/ports.js";
import type { Metrics } from "./metrics.js";

declare module "fastify" {
  interface FastifyContextConfig {
    /** Roles admitted to the route, or "public". Every /api route must declare it. */
    roles?: readonly Role[] | "public";
  }
  interface FastifyRequest {
    principal: Principal | null;
  }
}

/** The roles of a route; admin is always admitted. */
export function roles(...rs: Role[]): readonly Role[] {
  return rs.includes("admin") ? rs : [...rs, "admin"];
}

export const ALL_ROLES: readonly Role[] = ["admin", "planner", "engineer", "operator", "quality", "service", "customer", "device"];

/**
 * Bearer-token auth: refuses to register an /api route that declares no roles,
 * answers 401 for a missing or bad token and 403 for a role the route does not admit.
 */
export function registerAuth(app: FastifyInstance, store: Store, metrics: Metrics): void {
  app.decorateRequest("principal", null);
  app.addHook("onRoute", (route) => {
    if (route.url.startsWith("/api/") && !route.config?.roles)
      throw new Error(`route ${route.method} ${route.url} declares no roles (config.roles)`);
  });
  app.addHook("onRequest", async (req) => {
    const rs = req.routeOptions.config?.roles;
    if (!rs || rs === "public") return;
    const header = req.headers.authorization;
    const bearer = header?.startsWith("Bearer ") ? header.slice(7) : undefined;
    try {
      req.principal = await authenticate(store, bearer);
    } catch (e) {
      metrics.authFailures.inc({ status: "401" });
      throw e;
    }
    if (!rs.includes(req.principal.role)) {
      metrics.authFailures.inc({ status: "403" });
      throw new ForbiddenError(`role ${req.principal.role} may not ${req.method} ${req.routeOptions.url}`);
    }
  });
}

/** The caller, on a route that requires auth. */
export function principalOf(req: FastifyRequest): Principal {
  if (!req.principal) throw new ForbiddenError();
  return req.principal;
}

/**
 * Enforces customer scoping: a customer token sees only data owned by its customer.
 * Others' data answers 404, so a customer cannot even learn that it exists.
 */
export function assertCanSee(req: FastifyRequest, ownerId: string | null, what: string, id: string): void {
  const p = principalOf(req);
  if (p.role === "customer" && ownerId !== p.customerId) throw new NotFoundError(what, id);
}
