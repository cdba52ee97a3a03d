import type { NewEvent, Role, TaktEvent } from "../kernel/index.js";

/**
 * Ports of the platform's infrastructure. Adapters in src/adapters implement them;
 * only server/ and cli/ choose which. Each port has one contract suite (test/contracts)
 * that every adapter passes.
 */

/** Expected stream version for an append: a number (exact), "none" (stream must not exist), or "any". */
export type ExpectedVersion = number | "none" | "any";

export interface StoredEvent<T = unknown> extends TaktEvent<T> {
  /** Global position in the log (monotonic within one store). */
  readonly position: number;
}

export interface ApiTokenRecord {
  readonly id: string;
  /** sha256 of the token's secret part, hex; the secret itself is never stored. */
  readonly secretHash: string;
  readonly role: Role;
  readonly customerId: string | null;
  readonly name: string;
  readonly createdAt: string;
  readonly revokedAt: string | null;
}

/** A versioned JSON document (aggregate state, read model, catalog version…), optionally owned by a customer. */
export interface DocumentRecord<T = unknown> {
  readonly collection: string;
  readonly id: string;
  readonly version: number;
  readonly ownerId: string | null;
  readonly body: T;
  readonly updatedAt: string;
}

export interface DocumentQuery {
  readonly ownerId?: string;
  readonly limit?: number;
  readonly afterId?: string;
}

/** Everything that can be done inside one store transaction. */
export interface StoreTx {
  /**
   * Appends events to a stream if its current version matches `expected`;
   * writes each event to the outbox in the same transaction.
   * @throws ConflictError when the stream moved on (another writer won).
   */
  append(stream: string, expected: ExpectedVersion, events: readonly NewEvent[]): Promise<StoredEvent[]>;
  /** Reads a stream inside the transaction (sees its own writes). */
  readStream(stream: string, fromVersion?: number): Promise<StoredEvent[]>;
  /** Inserts or replaces a document if its version matches `expectedVersion` (0 = must not exist). Returns the new version. */
  putDocument<T>(collection: string, id: string, expectedVersion: number | "any", body: T, ownerId?: string | null): Promise<number>;
  getDocument<T>(collection: string, id: string): Promise<DocumentRecord<T> | undefined>;
  deleteDocument(collection: string, id: string): Promise<boolean>;
  /** Records that `consumer` handled `eventId`; false when it already had (the caller then skips its effect). */
  markProcessed(consumer: string, eventId: string): Promise<boolean>;
}

export interface OutboxEntry {
  readonly outboxId: number;
  readonly event: StoredEvent;
  readonly attempts: number;
}

export interface Store {
  readonly kind: "sqlite" | "postgres";
  /** Applies pending migrations; returns the names applied now. */
  migrate(): Promise<string[]>;
  /** Names of applied and pending migrations. */
  migrations(): Promise<{ applied: string[]; pending: string[] }>;
  /**
   * Runs `fn` in one ACID transaction: all its writes commit together or none do.
   * Inside `fn`, read through `tx` only: on SQLite the store has one connection, and a read on
   * the store itself would wait for the transaction that is waiting for it.
   */
  transaction<T>(fn: (tx: StoreTx) => Promise<T>): Promise<T>;
  readStream(stream: string, fromVersion?: number): Promise<StoredEvent[]>;
  /** Reads the whole log from a global position (exclusive), in order. */
  readAll(afterPosition: number, limit: number): Promise<StoredEvent[]>;
  /** Events of one type prefix, newest last. */
  streamVersion(stream: string): Promise<number>;
  getDocument<T>(collection: string, id: string): Promise<DocumentRecord<T> | undefined>;
  listDocuments<T>(collection: string, q?: DocumentQuery): Promise<DocumentRecord<T>[]>;
  /** Claims up to `limit` unpublished outbox entries (skipping ones another relay holds). */
  claimOutbox(limit: number, leaseMs: number): Promise<OutboxEntry[]>;
  markPublished(outboxIds: readonly number[]): Promise<void>;
  releaseOutbox(outboxIds: readonly number[], error: string): Promise<void>;
  outboxBacklog(): Promise<number>;
  tokens: TokenRepository;
  ping(): Promise<void>;
  close(): Promise<void>;
}

export interface TokenRepository {
  insert(t: ApiTokenRecord): Promise<void>;
  get(id: string): Promise<ApiTokenRecord | undefined>;
  list(): Promise<ApiTokenRecord[]>;
  revoke(id: string, at: string): Promise<boolean>;
  count(): Promise<number>;
}

/** What an event handler gets; `attempt` is 1 on first delivery. */
export interface Delivery {
  readonly event: TaktEvent;
  readonly attempt: number;
}

export interface SubscribeOptions {
  /** Durable consumer name: deliveries resume where this consumer left off. */
  readonly consumer: string;
  /** Event type filters: exact (`order.placed`) or prefix wildcards (`order.*`, `*` for all). */
  readonly types?: readonly string[];
  /** Attempts before an event is given up on and dead-lettered. */
  readonly maxAttempts?: number;
  /**
   * A live tap instead of a durable consumer: only events published from now on, not kept
   * across restarts, no redelivery (for pushing to browsers; they catch up from the event log).
   */
  readonly live?: boolean;
}

export interface Subscription {
  close(): Promise<void>;
}

/**
 * Fan-out of events between processes. At-least-once: a handler may see an event
 * more than once and must be idempotent by event id (see idempotent-consumer.ts).
 * A handler that throws gets the event again later.
 */
export interface EventBus {
  readonly kind: "memory" | "nats";
  publish(events: readonly TaktEvent[]): Promise<void>;
  subscribe(opts: SubscribeOptions, handler: (d: Delivery) => Promise<void>): Promise<Subscription>;
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** Matches an event type against a filter list (exact, `entity.*` prefix, or `*`). */
export function typeMatches(type: string, filters: readonly string[] | undefined): boolean {
  if (!filters || filters.length === 0) return true;
  return filters.some((f) => f === "*" || f === type || (f.endsWith(".*") && type.startsWith(f.slice(0, -1))));
}
