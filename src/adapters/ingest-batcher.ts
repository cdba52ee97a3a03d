import type { Clock } from "../kernel/index.js";
import type { StationSignal } from "../execution/index.js";
import type { DeadLetter, DeadLetterKind, IngestBatch, TelemetrySample } from "../workflows/execution/index.js";

/** What the ingest reports back from the store for a batch (see ExecutionIngest.apply). */
export interface SinkResult {
  readonly duplicates: number;
  readonly rejected: number;
  readonly telemetryDuplicates: number;
}

/** The counters every device edge keeps about storing (each edge's stats extend these). */
export interface BatcherStats {
  signals: number;
  telemetrySamples: number;
  stored: number;
  duplicates: number;
  rejected: number;
  deadLetters: Record<DeadLetterKind, number>;
  storeErrors: number;
  /** Messages received and not yet stored. */
  pending: number;
  /** Receipt → stored, ms, of the last batch. */
  lastLagMs: number;
}

/** Zeroed counters. */
export const newBatcherStats = (): BatcherStats => ({
  signals: 0,
  telemetrySamples: 0,
  stored: 0,
  duplicates: 0,
  rejected: 0,
  deadLetters: { malformed: 0, unknown_device: 0, unknown_alias: 0, duplicate: 0, out_of_order: 0, rejected: 0, not_born: 0 },
  storeErrors: 0,
  pending: 0,
  lastLagMs: 0,
});

/** The batch being filled: what the received messages decoded to, and their acknowledgements. */
export interface PendingBatch {
  readonly signals: StationSignal[];
  readonly telemetry: TelemetrySample[];
  readonly deadLetters: DeadLetter[];
  readonly acks: (() => void)[];
  firstAt: number;
  count: number;
}

const newBatch = (): PendingBatch => ({ signals: [], telemetry: [], deadLetters: [], acks: [], firstAt: 0, count: 0 });

export interface IngestBatcherOptions {
  /** Stores a batch; resolves when it is committed. Acknowledgements are released only then. */
  readonly sink: (batch: IngestBatch) => Promise<SinkResult>;
  readonly clock: Clock;
  readonly stats: BatcherStats;
  readonly log?: { error(obj: object, msg: string): void };
  /** What a message is, in the log ("device messages", "OPC UA values"). */
  readonly what: string;
  /** Messages per batch at most (default 4000). */
  readonly maxBatch?: number;
  /** Longest a message waits for its batch to fill, ms. */
  readonly maxDelayMs: number;
  /**
   * Checks that the store is reachable (e.g. store.ping). With it, a batch that keeps failing
   * while the store is up is applied message by message and the messages that still fail are
   * dead-lettered, so one poisonous message cannot stall the stream.
   */
  readonly probe?: () => Promise<void>;
  /** After a batch is stored and acknowledged, with its lag (for an edge's own counters). */
  readonly onStored?: (lagMs: number) => void;
}

/**
 * The batching every device edge shares: messages are collected into one batch, stored when it
 * is full or its first message has waited `maxDelayMs`, one store at a time; a failed store is
 * retried with the same batch (back-off up to 5 s) and nothing is acknowledged before it commits.
 */
export class IngestBatcher {
  private batch = newBatch();
  private timer: ReturnType<typeof setTimeout> | null = null;
  private flushing: Promise<void> | null = null;
  private stopped = false;

  constructor(private readonly o: IngestBatcherOptions) {}

  /** Counts one received message into the current batch and returns the batch to fill with what it decoded to. */
  take(now: number, ack?: () => void): PendingBatch {
    const b = this.batch;
    if (b.count === 0) b.firstAt = now;
    b.count++;
    this.o.stats.pending++;
    if (ack) b.acks.push(ack);
    return b;
  }

  /** After filling: stores the batch when it is full, or makes sure it is stored within maxDelayMs. */
  schedule(): void {
    if (this.batch.count >= (this.o.maxBatch ?? 4000)) void this.flush();
    else if (!this.timer) this.timer = setTimeout(() => void this.flush(), this.o.maxDelayMs);
  }

  /** Stores what has been received so far; resolves when it is committed (and acknowledged). */
  flush(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    if (this.flushing) return this.flushing.then(() => (this.batch.count > 0 ? this.flush() : undefined));
    if (this.batch.count === 0) return Promise.resolve();
    const b = this.batch;
    this.batch = newBatch();
    this.flushing = this.store(b).finally(() => {
      this.flushing = null;
      if (this.batch.count > 0 && !this.timer) this.timer = setTimeout(() => void this.flush(), 0);
    });
    return this.flushing;
  }

  /** Stops retrying and scheduling (what is pending is neither stored nor acknowledged). */
  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /** Applies a failing batch one signal at a time; signals that fail alone (while the store is up) become dead letters. */
  private async isolate(b: PendingBatch, probe: () => Promise<void>): Promise<SinkResult> {
    await probe();
    const poison: DeadLetter[] = [];
    let duplicates = 0;
    let rejected = 0;
    for (const sig of b.signals) {
      try {
        const r = await this.o.sink({ signals: [sig], telemetry: [], deadLetters: [] });
        duplicates += r.duplicates;
        rejected += r.rejected;
      } catch (e) {
        await probe(); // the store went away: retry the whole batch later
        poison.push({ msgKey: null, at: this.o.clock.nowMs(), source: `/lines/${sig.line}/stations/${sig.station}`, kind: "rejected", reason: `could not be applied: ${(e as Error).message}`, payload: JSON.stringify(sig) });
        this.o.stats.deadLetters.rejected++;
      }
    }
    const r = await this.o.sink({ signals: [], telemetry: b.telemetry, deadLetters: [...b.deadLetters, ...poison] });
    return { duplicates, rejected, telemetryDuplicates: r.telemetryDuplicates };
  }

  private async store(b: PendingBatch): Promise<void> {
    const s = this.o.stats;
    for (let attempt = 1; ; attempt++) {
      try {
        const r = attempt > 3 && this.o.probe ? await this.isolate(b, this.o.probe) : await this.o.sink({ signals: b.signals, telemetry: b.telemetry, deadLetters: b.deadLetters });
        s.duplicates += r.duplicates + r.telemetryDuplicates;
        s.rejected += r.rejected;
        s.deadLetters.rejected += r.rejected;
        s.signals += b.signals.length;
        s.telemetrySamples += b.telemetry.length;
        s.stored += b.count;
        s.pending -= b.count;
        const lag = this.o.clock.nowMs() - b.firstAt;
        s.lastLagMs = lag;
        this.o.onStored?.(lag);
        for (const ack of b.acks) ack();
        return;
      } catch (e) {
        s.storeErrors++;
        this.o.log?.error({ err: (e as Error).message, attempt, messages: b.count }, `storing ${this.o.what} failed; retrying, nothing acknowledged`);
        if (this.stopped) return;
        await new Promise((r) => setTimeout(r, Math.min(5000, 100 * 2 ** Math.min(attempt, 6))));
      }
    }
  }
}
