import type { EventBus, Store } from "./ports.js";

export interface RelayStats {
  published: number;
  failures: number;
  lastError: string | null;
}

export interface OutboxRelayOptions {
  readonly batchSize?: number;
  /** How long a claimed batch is reserved for this relay before another may take it. */
  readonly leaseMs?: number;
  /** Poll interval when the outbox was empty. */
  readonly idleMs?: number;
  readonly onError?: (e: unknown) => void;
}

/**
 * Moves committed events from the store's outbox to the bus. An event reaches the bus
 * if and only if the transaction that wrote it committed (it is in the outbox only then),
 * and at least once (it leaves the outbox only after the bus acknowledged it; a crash
 * between publish and mark republishes it, which consumers absorb by event id).
 */
export class OutboxRelay {
  readonly stats: RelayStats = { published: 0, failures: 0, lastError: null };
  private timer: ReturnType<typeof setTimeout> | null = null;
  private running = false;
  private stopped = true;
  private again = false;

  constructor(
    private readonly store: Store,
    private readonly bus: EventBus,
    private readonly opts: OutboxRelayOptions = {},
  ) {}

  start(): void {
    this.stopped = false;
    this.kick();
  }

  /** Runs a pass now (called after a commit so events flow without waiting for the poll). */
  kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    void this.loop();
  }

  private async loop(): Promise<void> {
    this.running = true;
    let delay = this.opts.idleMs ?? 200;
    try {
      const moved = await this.drainOnce();
      if (moved > 0 || this.again) delay = 0;
    } catch (e) {
      this.stats.failures++;
      this.stats.lastError = e instanceof Error ? e.message : String(e);
      this.opts.onError?.(e);
      delay = 1000;
    } finally {
      this.running = false;
      this.again = false;
    }
    if (!this.stopped) this.timer = setTimeout(() => void this.loop(), delay);
  }

  /** Publishes one batch; returns how many events it moved. */
  async drainOnce(): Promise<number> {
    const batch = await this.store.claimOutbox(this.opts.batchSize ?? 500, this.opts.leaseMs ?? 30_000);
    if (batch.length === 0) return 0;
    const ids = batch.map((b) => b.outboxId);
    try {
      await this.bus.publish(batch.map((b) => b.event));
    } catch (e) {
      await this.store.releaseOutbox(ids, e instanceof Error ? e.message : String(e));
      throw e;
    }
    await this.store.markPublished(ids);
    this.stats.published += batch.length;
    return batch.length;
  }

  /** Publishes until the outbox is empty (tests, shutdown). */
  async drain(): Promise<number> {
    let total = 0;
    for (;;) {
      const n = await this.drainOnce();
      if (n === 0) return total;
      total += n;
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    while (this.running) await new Promise((r) => setTimeout(r, 5));
  }
}
