import type { FastifyInstance } from "fastify";
import { Type } from "typebox";
import { NotFoundError, type Role } from "../../kernel/index.js";
import { createToken } from "../../workflows/tokens.js";
import { ALL_ROLES, roles } from "../auth.js";
import type { AppContext } from "../context.js";
import { errorResponses, Id } from "../schemas.js";

const RoleSchema = Type.Union(ALL_ROLES.map((r) => Type.Literal(r)));
const TokenInfo = Type.Object({
  id: Type.String(),
  role: RoleSchema,
  customerId: Type.Union([Type.String(), Type.Null()]),
  name: Type.String(),
  createdAt: Type.String(),
  revokedAt: Type.Union([Type.String(), Type.Null()]),
});

/** API tokens: issue, list, revoke (admin). */
export function tokenRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.post(
    "/api/v1/tokens",
    {
      config: { roles: roles("admin") },
      schema: {
        tags: ["auth"],
        summary: "Issue a token; its secret is shown only in this response",
        security: [{ bearer: [] }],
        body: Type.Object(
          { role: RoleSchema, customerId: Type.Optional(Id("cus")), name: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })) },
          { additionalProperties: false },
        ),
        response: { 201: Type.Object({ token: Type.String(), info: TokenInfo }), ...errorResponses },
      },
    },
    async (req, reply) => {
      const b = req.body as { role: Role; customerId?: string; name?: string };
      if (b.customerId && !(await ctx.store.getDocument("customers", b.customerId))) throw new NotFoundError("customer", b.customerId);
      const { token, record } = await createToken(ctx.store, { role: b.role, customerId: b.customerId ?? null, ...(b.name ? { name: b.name } : {}) }, ctx.clock);
      const { secretHash: _h, ...info } = record;
      return reply.status(201).send({ token, info });
    },
  );
  app.get(
    "/api/v1/tokens",
    {
      config: { roles: roles("admin") },
      schema: { tags: ["auth"], summary: "List tokens (never their secrets)", security: [{ bearer: [] }], response: { 200: Type.Object({ tokens: Type.Array(TokenInfo) }), ...errorResponses } },
    },
    async () => ({ tokens: (await ctx.store.tokens.list()).map(({ secretHash: _h, ...info }) => info) }),
  );
  app.delete(
    "/api/v1/tokens/:id",
    {
      config: { roles: roles("admin") },
      schema: {
        tags: ["auth"],
        summary: "Revoke a token",
        security: [{ bearer: [] }],
        params: Type.Object({ id: Id("tok") }),
        response: { 204: Type.Null(), ...errorResponses },
      },
    },
    async (req, reply) => {
      const { id } = req.params as { id: string };
      if (!(await ctx.store.tokens.revoke(id, ctx.clock.now().toISOString()))) throw new NotFoundError("token", id);
      return reply.status(204).send();
    },
  );
}
