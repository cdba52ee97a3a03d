import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import {
  newId,
  UnauthorizedError,
  ValidationError,
  type Clock,
  type Role,
} from "../kernel/index.js";
import type { ApiTokenRecord, Store } from "./ports.js";

/** Who is calling: resolved from an API token on every request. */
export interface Principal {
  readonly tokenId: string;
  readonly role: Role;
  /** Set for customer tokens: the only customer whose data the caller may see. */
  readonly customerId: string | null;
  readonly name: string;
}

const hashSecret = (secret: string): string => createHash("sha256").update(secret).digest("hex");

/**
 * Issues a new API token: `tok_<id>.<secret>`. Only the sha256 of the 256-bit secret is
 * stored, so a leaked database reveals no usable token; the plaintext is returned once.
 */
export async function createToken(
  store: Store,
  input: { role: Role; customerId?: string | null; name?: string },
  clock: Clock,
): Promise<{ token: string; record: ApiTokenRecord }> {
  if (input.role === "customer" && !input.customerId)
    throw new ValidationError("customerId: a customer token must name its customer", [{ path: "/customerId", message: "required for role customer" }]);
  if (input.role !== "customer" && input.customerId)
    throw new ValidationError("customerId: only customer tokens are bound to a customer", [{ path: "/customerId", message: "only for role customer" }]);
  const id = newId("token", clock.nowMs());
  const secret = randomBytes(32).toString("base64url");
  const record: ApiTokenRecord = {
    id,
    secretHash: hashSecret(secret),
    role: input.role,
    customerId: input.customerId ?? null,
    name: input.name ?? `${input.role} token`,
    createdAt: clock.now().toISOString(),
    revokedAt: null,
  };
  await store.tokens.insert(record);
  return { token: `${id}.${secret}`, record };
}

const TOKEN_RE = /^(tok_[0-9a-z_-]{1,64})\.([A-Za-z0-9_-]{20,100})$/;

/**
 * Resolves a bearer token to its principal.
 * @throws UnauthorizedError for a missing, malformed, unknown or revoked token (one message for all, to reveal nothing).
 */
export async function authenticate(store: Store, bearer: string | undefined): Promise<Principal> {
  const m = bearer ? TOKEN_RE.exec(bearer.trim()) : null;
  if (!m) throw new UnauthorizedError();
  const rec = await store.tokens.get(m[1]!);
  if (!rec || rec.revokedAt) throw new UnauthorizedError();
  const a = Buffer.from(rec.secretHash, "hex");
  const b = Buffer.from(hashSecret(m[2]!), "hex");
  if (a.length !== b.length || !timingSafeEqual(a, b)) throw new UnauthorizedError();
  return { tokenId: rec.id, role: rec.role, customerId: rec.customerId, name: rec.name };
}
