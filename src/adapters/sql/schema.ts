import type { Generated } from "kysely";

/** Table types of the Takt store, shared by the SQLite and PostgreSQL dialects. */
export interface EventsTable {
  position: Generated<number>;
  id: string;
  stream: string;
  version: number;
  type: string;
  source: string;
  subject: string;
  time: string;
  data: string;
}

export interface OutboxTable {
  outbox_id: Generated<number>;
  event_position: number;
  created_at: string;
  published_at: string | null;
  attempts: number;
  lease_until: number;
  last_error: string | null;
}

export interface DocumentsTable {
  collection: string;
  id: string;
  version: number;
  owner_id: string | null;
  body: string;
  updated_at: string;
}

export interface ProcessedTable {
  consumer: string;
  event_id: string;
  processed_at: string;
}

export interface ApiTokensTable {
  id: string;
  secret_hash: string;
  role: string;
  customer_id: string | null;
  name: string;
  created_at: string;
  revoked_at: string | null;
}

export interface Database {
  events: EventsTable;
  outbox: OutboxTable;
  documents: DocumentsTable;
  processed_events: ProcessedTable;
  api_tokens: ApiTokensTable;
}
