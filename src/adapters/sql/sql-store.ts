import { CompiledQuery, sql, type Kysely, type Transaction } from "kysely";
import { Migrator } from "kysely/migration";
import {
  ConflictError,
  makeEvent,
  systemClock,
  type Clock,
  type NewEvent,
  type Role,
} from "../../kernel/index.js";
import type {
  ApiTokenRecord,
  DocumentQuery,
  DocumentRecord,
  ExpectedVersion,
  OutboxEntry,
  Store,
  StoredEvent,
  StoreTx,
  TokenRepository,
} from "../../workflows/ports.js";
import { migrationProvider, type Dialect } from "./migrations.js";
import type { Database, EventsTable } from "./schema.js";

type Db = Kysely<Database> | Transaction<Database>;

/** Rows per INSERT statement, well below SQLite's bound-parameter limit. */
const INSERT_CHUNK = 400;

/** True when `e` is a unique-constraint violation in either dialect. */
function isUniqueViolation(e: unknown): boolean {
  const err = e as { code?: string } | null;
  return !!err && (err.code === "23505" || err.code === "SQLITE_CONSTRAINT_UNIQUE" || err.code === "SQLITE_CONSTRAINT_PRIMARYKEY");
}

type EventRow = Omit<EventsTable, "position"> & { position: number | string | bigint };

function rowToEvent(r: EventRow): StoredEvent {
  return {
    specversion: "1.0",
    datacontenttype: "application/json",
    id: r.id,
    type: r.type,
    source: r.source,
    subject: r.subject,
    time: r.time,
    stream: r.stream,
    version: Number(r.version),
    position: Number(r.position),
    data: JSON.parse(r.data) as unknown,
  };
}

function rowToDoc<T>(r: Database["documents"]): DocumentRecord<T> {
  return {
    collection: r.collection,
    id: r.id,
    version: Number(r.version),
    ownerId: r.owner_id,
    body: JSON.parse(r.body) as T,
    updatedAt: r.updated_at,
  };
}

async function streamVersionIn(db: Db, stream: string): Promise<number> {
  const r = await db
    .selectFrom("events")
    .select((eb) => eb.fn.max("version").as("v"))
    .where("stream", "=", stream)
    .executeTakeFirst();
  return r?.v == null ? 0 : Number(r.v);
}

async function readStreamIn(db: Db, stream: string, fromVersion = 1): Promise<StoredEvent[]> {
  const rows = await db
    .selectFrom("events")
    .selectAll()
    .where("stream", "=", stream)
    .where("version", ">=", fromVersion)
    .orderBy("version")
    .execute();
  return rows.map(rowToEvent);
}

async function getDocumentIn<T>(db: Db, collection: string, id: string): Promise<DocumentRecord<T> | undefined> {
  const r = await db.selectFrom("documents").selectAll().where("collection", "=", collection).where("id", "=", id).executeTakeFirst();
  return r ? rowToDoc<T>(r) : undefined;
}

const insertSqlCache = new Map<string, string>();
/** `insert into events … values (…),(…) returning position` for `rows` rows, in the dialect's placeholder style. */
function insertEventsSql(dialect: Dialect, rows: number): string {
  const key = `${dialect}:${rows}`;
  let text = insertSqlCache.get(key);
  if (!text) {
    const tuples: string[] = [];
    for (let r = 0; r < rows; r++) {
      const ph = Array.from({ length: 8 }, (_, c) => (dialect === "postgres" ? `$${r * 8 + c + 1}` : "?"));
      tuples.push(`(${ph.join(",")})`);
    }
    text = `insert into events (id, stream, version, type, source, subject, time, data) values ${tuples.join(",")} returning position`;
    insertSqlCache.set(key, text);
  }
  return text;
}

/** One statement puts every event just appended to a stream into the outbox. */
function outboxFromStreamSql(dialect: Dialect): string {
  const [a, b, c] = dialect === "postgres" ? ["$1", "$2", "$3"] : ["?", "?", "?"];
  return `insert into outbox (event_position, created_at, attempts, lease_until) select position, ${a}, 0, 0 from events where stream = ${b} and version > ${c} order by version`;
}

class SqlTx implements StoreTx {
  constructor(
    private readonly dialect: Dialect,
    private readonly trx: Transaction<Database>,
    private readonly clock: Clock,
  ) {}

  async append(stream: string, expected: ExpectedVersion, events: readonly NewEvent[]): Promise<StoredEvent[]> {
    if (events.length === 0) return [];
    const current = await streamVersionIn(this.trx, stream);
    if (expected === "none" && current !== 0) throw new ConflictError(`stream ${stream} already exists`, { stream, current });
    if (typeof expected === "number" && expected !== current)
      throw new ConflictError(`stream ${stream} is at version ${current}, expected ${expected}`, { stream, current, expected });
    const made = events.map((e, i) => makeEvent({ ...e, stream }, current + i + 1, this.clock));
    const stored: StoredEvent[] = [];
    const now = this.clock.now().toISOString();
    try {
      for (let i = 0; i < made.length; i += INSERT_CHUNK) {
        const chunk = made.slice(i, i + INSERT_CHUNK);
        const params: unknown[] = [];
        for (const e of chunk) params.push(e.id, e.stream, e.version, e.type, e.source, e.subject, e.time, JSON.stringify(e.data ?? null));
        // Hot path: pre-built SQL text per (dialect, row count) skips kysely's AST build for hundreds of values;
        // the SQLite adapter's statement cache then reuses the prepared statement.
        const res = await this.trx.executeQuery<{ position: number | string }>(CompiledQuery.raw(insertEventsSql(this.dialect, chunk.length), params));
        chunk.forEach((e, k) => stored.push({ ...e, position: Number(res.rows[k]!.position) }));
      }
      await this.trx.executeQuery(CompiledQuery.raw(outboxFromStreamSql(this.dialect), [now, stream, current]));
    } catch (e) {
      if (isUniqueViolation(e)) throw new ConflictError(`concurrent append to stream ${stream}`, { stream, expected });
      throw e;
    }
    return stored;
  }

  readStream(stream: string, fromVersion?: number): Promise<StoredEvent[]> {
    return readStreamIn(this.trx, stream, fromVersion);
  }

  async putDocument<T>(collection: string, id: string, expectedVersion: number | "any", body: T, ownerId: string | null = null): Promise<number> {
    const now = this.clock.now().toISOString();
    const json = JSON.stringify(body);
    if (expectedVersion === "any") {
      const cur = await getDocumentIn(this.trx, collection, id);
      const next = (cur?.version ?? 0) + 1;
      await this.trx
        .insertInto("documents")
        .values({ collection, id, version: next, owner_id: ownerId, body: json, updated_at: now })
        .onConflict((oc) => oc.columns(["collection", "id"]).doUpdateSet({ version: next, owner_id: ownerId, body: json, updated_at: now }))
        .execute();
      return next;
    }
    if (expectedVersion === 0) {
      try {
        await this.trx.insertInto("documents").values({ collection, id, version: 1, owner_id: ownerId, body: json, updated_at: now }).execute();
      } catch (e) {
        if (isUniqueViolation(e)) throw new ConflictError(`${collection} ${id} already exists`, { collection, id });
        throw e;
      }
      return 1;
    }
    const r = await this.trx
      .updateTable("documents")
      .set({ version: expectedVersion + 1, owner_id: ownerId, body: json, updated_at: now })
      .where("collection", "=", collection)
      .where("id", "=", id)
      .where("version", "=", expectedVersion)
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) throw new ConflictError(`${collection} ${id} changed since version ${expectedVersion}`, { collection, id, expectedVersion });
    return expectedVersion + 1;
  }

  getDocument<T>(collection: string, id: string): Promise<DocumentRecord<T> | undefined> {
    return getDocumentIn<T>(this.trx, collection, id);
  }

  async deleteDocument(collection: string, id: string): Promise<boolean> {
    const r = await this.trx.deleteFrom("documents").where("collection", "=", collection).where("id", "=", id).executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  }

  async markProcessed(consumer: string, eventId: string): Promise<boolean> {
    const r = await this.trx
      .insertInto("processed_events")
      .values({ consumer, event_id: eventId, processed_at: this.clock.now().toISOString() })
      .onConflict((oc) => oc.columns(["consumer", "event_id"]).doNothing())
      .executeTakeFirst();
    return Number(r.numInsertedOrUpdatedRows ?? 0) > 0;
  }
}

class SqlTokens implements TokenRepository {
  constructor(private readonly db: Kysely<Database>) {}
  async insert(t: ApiTokenRecord): Promise<void> {
    await this.db
      .insertInto("api_tokens")
      .values({ id: t.id, secret_hash: t.secretHash, role: t.role, customer_id: t.customerId, name: t.name, created_at: t.createdAt, revoked_at: t.revokedAt })
      .execute();
  }
  async get(id: string): Promise<ApiTokenRecord | undefined> {
    const r = await this.db.selectFrom("api_tokens").selectAll().where("id", "=", id).executeTakeFirst();
    return r ? toToken(r) : undefined;
  }
  async list(): Promise<ApiTokenRecord[]> {
    return (await this.db.selectFrom("api_tokens").selectAll().orderBy("created_at").execute()).map(toToken);
  }
  async revoke(id: string, at: string): Promise<boolean> {
    const r = await this.db.updateTable("api_tokens").set({ revoked_at: at }).where("id", "=", id).where("revoked_at", "is", null).executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }
  async count(): Promise<number> {
    const r = await this.db.selectFrom("api_tokens").select((eb) => eb.fn.countAll().as("n")).executeTakeFirst();
    return Number(r?.n ?? 0);
  }
}

function toToken(r: Database["api_tokens"]): ApiTokenRecord {
  return { id: r.id, secretHash: r.secret_hash, role: r.role as Role, customerId: r.customer_id, name: r.name, createdAt: r.created_at, revokedAt: r.revoked_at };
}

/**
 * The store over SQL, one implementation for both dialects through kysely.
 * Dialect differences are confined to migrations and the outbox claim query.
 */
export class SqlStore implements Store {
  readonly tokens: TokenRepository;
  constructor(
    readonly kind: Dialect,
    /** The kysely handle, for the SQL repositories of other bounded contexts (their tables come with their migrations). */
    readonly db: Kysely<Database>,
    private readonly clock: Clock = systemClock,
    /** Runs after the connection closed (e.g. stopping the SQLite checkpointer). */
    private readonly onClose?: () => Promise<void>,
  ) {
    this.tokens = new SqlTokens(db);
  }

  private migrator(): Migrator {
    return new Migrator({ db: this.db, provider: migrationProvider(this.kind) });
  }

  async migrate(): Promise<string[]> {
    const { error, results } = await this.migrator().migrateToLatest();
    if (error) throw error instanceof Error ? error : new Error(String(error));
    return (results ?? []).filter((r) => r.status === "Success").map((r) => r.migrationName);
  }

  async migrations(): Promise<{ applied: string[]; pending: string[] }> {
    const all = await this.migrator().getMigrations();
    return { applied: all.filter((m) => m.executedAt).map((m) => m.name), pending: all.filter((m) => !m.executedAt).map((m) => m.name) };
  }

  transaction<T>(fn: (tx: StoreTx) => Promise<T>): Promise<T> {
    return this.db.transaction().execute((trx) => fn(new SqlTx(this.kind, trx, this.clock)));
  }

  readStream(stream: string, fromVersion?: number): Promise<StoredEvent[]> {
    return readStreamIn(this.db, stream, fromVersion);
  }

  async readAll(afterPosition: number, limit: number): Promise<StoredEvent[]> {
    const rows = await this.db.selectFrom("events").selectAll().where("position", ">", afterPosition).orderBy("position").limit(limit).execute();
    return rows.map(rowToEvent);
  }

  streamVersion(stream: string): Promise<number> {
    return streamVersionIn(this.db, stream);
  }

  getDocument<T>(collection: string, id: string): Promise<DocumentRecord<T> | undefined> {
    return getDocumentIn<T>(this.db, collection, id);
  }

  async listDocuments<T>(collection: string, q: DocumentQuery = {}): Promise<DocumentRecord<T>[]> {
    let query = this.db.selectFrom("documents").selectAll().where("collection", "=", collection);
    if (q.ownerId !== undefined) query = query.where("owner_id", "=", q.ownerId);
    if (q.afterId !== undefined) query = query.where("id", ">", q.afterId);
    const rows = await query.orderBy("id").limit(Math.min(q.limit ?? 100, 1000)).execute();
    return rows.map((r) => rowToDoc<T>(r));
  }

  async claimOutbox(limit: number, leaseMs: number): Promise<OutboxEntry[]> {
    const now = this.clock.nowMs();
    // PostgreSQL: SKIP LOCKED lets several relays (API replicas) share the outbox without double-claiming.
    const lock = this.kind === "postgres" ? sql` for update skip locked` : sql``;
    const claimed = await sql<{ outbox_id: number | string; event_position: number | string; attempts: number }>`
      update outbox set lease_until = ${now + leaseMs}, attempts = attempts + 1
      where outbox_id in (
        select outbox_id from outbox
        where published_at is null and lease_until < ${now}
        order by outbox_id limit ${limit}${lock}
      )
      returning outbox_id, event_position, attempts`.execute(this.db);
    if (claimed.rows.length === 0) return [];
    const positions = claimed.rows.map((r) => Number(r.event_position));
    const events = await this.db.selectFrom("events").selectAll().where("position", "in", positions).execute();
    const byPos = new Map(events.map((e) => [Number(e.position), rowToEvent(e)]));
    return claimed.rows
      .map((r) => ({ outboxId: Number(r.outbox_id), attempts: Number(r.attempts), event: byPos.get(Number(r.event_position))! }))
      .sort((a, b) => a.outboxId - b.outboxId);
  }

  async markPublished(outboxIds: readonly number[]): Promise<void> {
    if (outboxIds.length === 0) return;
    await this.db.updateTable("outbox").set({ published_at: this.clock.now().toISOString() }).where("outbox_id", "in", [...outboxIds]).execute();
  }

  async releaseOutbox(outboxIds: readonly number[], error: string): Promise<void> {
    if (outboxIds.length === 0) return;
    await this.db.updateTable("outbox").set({ lease_until: 0, last_error: error.slice(0, 500) }).where("outbox_id", "in", [...outboxIds]).execute();
  }

  async outboxBacklog(): Promise<number> {
    const r = await this.db.selectFrom("outbox").select((eb) => eb.fn.countAll().as("n")).where("published_at", "is", null).executeTakeFirst();
    return Number(r?.n ?? 0);
  }

  async ping(): Promise<void> {
    await sql`select 1`.execute(this.db);
  }

  async close(): Promise<void> {
    await this.db.destroy();
    await this.onClose?.();
  }
}
