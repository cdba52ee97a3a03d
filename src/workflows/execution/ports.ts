import type { AsBuilt, InstalledPart, ProductionHistory, Window } from "../../execution/index.js";
import type { StoredEvent } from "../ports.js";

/**
 * Ports of the execution workflows. The SQL adapter (src/adapters/sql/execution-repository.ts)
 * implements ExecutionRepository over the store's database; the MQTT adapter feeds IngestBatch.
 */

/** One telemetry value from a device (Sparkplug metric or JSON tag). Stored as a time series, not as an event. */
export interface TelemetrySample {
  /** Unique key of the message it came in; with `tag` it makes re-delivered samples idempotent. */
  readonly msgKey: string;
  readonly line: string;
  readonly station: string;
  readonly device: string;
  readonly tag: string;
  readonly value: number | string | boolean;
  readonly at: number;
}

export type DeadLetterKind = "malformed" | "unknown_device" | "unknown_alias" | "duplicate" | "out_of_order" | "rejected" | "not_born";

/** A device message the platform could not use, kept with the reason so nothing is dropped silently. */
export interface DeadLetter {
  /** Stable key when the message has one (dead-lettering the same message twice keeps one row). */
  readonly msgKey: string | null;
  readonly at: number;
  /** Where it came from, e.g. the MQTT topic. */
  readonly source: string;
  readonly kind: DeadLetterKind;
  readonly reason: string;
  /** The payload as text (UTF-8, or base64 for binary payloads, prefixed `base64:`). */
  readonly payload: string;
}

export interface DeadLetterRow extends DeadLetter {
  readonly seq: number;
}

/** Where a unit is, or was when it completed. */
export interface UnitRecord {
  readonly unit: string;
  readonly line: string;
  readonly station: string | null;
  readonly lastStation: string | null;
  readonly firstSeenAt: number;
  readonly completedAt: number | null;
}

export interface AndonRow {
  readonly line: string;
  readonly station: string;
  readonly kind: "andon" | "fault";
  readonly reason: string;
  readonly unit: string | null;
  readonly from: number;
  readonly to: number | null;
}

export interface TagValue {
  readonly device: string;
  readonly tag: string;
  readonly value: number | string | boolean;
  readonly at: number;
}

/** Device data stored beside a projection (see ExecutionRepository.project). */
export interface DeviceData {
  readonly telemetry: readonly TelemetrySample[];
  readonly deadLetters: readonly DeadLetter[];
}

/** Read models of execution, built from the event log (and the telemetry series). */
export interface ExecutionRepository {
  /** Position in the event log up to which events have been projected. */
  checkpoint(): Promise<number>;
  /**
   * Projects execution events (in log order) into the read models and moves the checkpoint to `upTo`, atomically;
   * with `device`, stores its telemetry and dead letters in the same transaction (one commit for an ingest batch).
   * Returns how many telemetry samples were new.
   */
  project(events: readonly StoredEvent[], upTo: number, device?: DeviceData): Promise<number>;
  /** Inserts samples, ignoring ones already stored (same msgKey and tag); returns how many were new. */
  insertTelemetry(samples: readonly TelemetrySample[]): Promise<number>;
  insertDeadLetters(letters: readonly DeadLetter[]): Promise<void>;
  deadLetters(limit: number, afterSeq?: number): Promise<DeadLetterRow[]>;
  /** The newest dead letters first (those with seq < beforeSeq, when given): the page below what is shown. */
  latestDeadLetters(limit: number, beforeSeq?: number): Promise<DeadLetterRow[]>;
  countTelemetry(): Promise<number>;
  latestTags(line: string, station: string): Promise<TagValue[]>;
  unit(unit: string): Promise<UnitRecord | undefined>;
  asBuilt(unit: string): Promise<AsBuilt | undefined>;
  unitsOfLot(lot: string): Promise<{ unit: string; parts: InstalledPart[] }[]>;
  andons(line: string, openOnly: boolean, limit: number): Promise<AndonRow[]>;
  /** Cycles ending in the window (and, for the line, every cycle of the units that completed in it) and stops overlapping it. */
  history(line: string, w: Window): Promise<ProductionHistory>;
}
