import type { TaktEvent } from "../../kernel/index.js";
import { typeMatches, type Delivery, type EventBus, type SubscribeOptions, type Subscription } from "../../workflows/ports.js";

export interface DeadLetter {
  readonly consumer: string;
  readonly event: TaktEvent;
  readonly attempts: number;
  readonly error: string;
}

interface Pending {
  readonly event: TaktEvent;
  attempt: number;
  notBefore: number;
}

interface Consumer {
  readonly name: string;
  readonly types: readonly string[] | undefined;
  readonly maxAttempts: number;
  readonly handlers: ((d: Delivery) => Promise<void>)[];
  readonly queue: Pending[];
  running: boolean;
  next: number;
}

/**
 * The embedded default event bus: in-process fan-out with the same semantics as the
 * JetStream adapter: each durable consumer gets every matching event at least once,
 * a handler that throws gets it again with backoff, and after `maxAttempts` the event
 * is dead-lettered (kept in `deadLetters`, reported through `onDeadLetter`).
 * Several subscriptions with one consumer name share its events (a work queue).
 */
export class MemoryBus implements EventBus {
  readonly kind = "memory" as const;
  readonly deadLetters: DeadLetter[] = [];
  private readonly consumers = new Map<string, Consumer>();
  private closed = false;
  private liveSeq = 0;

  constructor(private readonly opts: { retryDelayMs?: number; onDeadLetter?: (d: DeadLetter) => void } = {}) {}

  async publish(events: readonly TaktEvent[]): Promise<void> {
    if (this.closed) throw new Error("bus closed");
    for (const c of this.consumers.values()) {
      for (const event of events) if (typeMatches(event.type, c.types)) c.queue.push({ event, attempt: 0, notBefore: 0 });
      this.pump(c);
    }
  }

  async subscribe(opts: SubscribeOptions, handler: (d: Delivery) => Promise<void>): Promise<Subscription> {
    if (opts.live) {
      // Live taps get their own unshared queue, no retries.
      const name = `${opts.consumer}#live${this.liveSeq++}`;
      const sub = await this.subscribe({ consumer: name, ...(opts.types ? { types: opts.types } : {}), maxAttempts: 1 }, handler);
      return {
        close: async () => {
          await sub.close();
          this.consumers.delete(name);
        },
      };
    }
    let c = this.consumers.get(opts.consumer);
    if (!c) {
      c = { name: opts.consumer, types: opts.types, maxAttempts: opts.maxAttempts ?? 5, handlers: [], queue: [], running: false, next: 0 };
      this.consumers.set(opts.consumer, c);
    }
    c.handlers.push(handler);
    this.pump(c);
    const consumer = c;
    return {
      close: async () => {
        const i = consumer.handlers.indexOf(handler);
        if (i >= 0) consumer.handlers.splice(i, 1);
      },
    };
  }

  /** Delivers a consumer's queue in order, one at a time, until empty or only delayed retries remain. */
  private pump(c: Consumer): void {
    if (c.running || c.handlers.length === 0 || this.closed) return;
    c.running = true;
    void (async () => {
      try {
        while (c.queue.length > 0 && c.handlers.length > 0 && !this.closed) {
          const now = Date.now();
          const idx = c.queue.findIndex((p) => p.notBefore <= now);
          if (idx < 0) {
            const wait = Math.max(1, Math.min(...c.queue.map((p) => p.notBefore)) - now);
            setTimeout(() => this.pump(c), wait);
            return;
          }
          const p = c.queue[idx]!;
          c.queue.splice(idx, 1);
          p.attempt++;
          const handler = c.handlers[c.next++ % c.handlers.length]!;
          try {
            await handler({ event: p.event, attempt: p.attempt });
          } catch (e) {
            if (p.attempt >= c.maxAttempts) {
              const dl = { consumer: c.name, event: p.event, attempts: p.attempt, error: e instanceof Error ? e.message : String(e) };
              this.deadLetters.push(dl);
              this.opts.onDeadLetter?.(dl);
            } else {
              p.notBefore = Date.now() + (this.opts.retryDelayMs ?? 20) * p.attempt;
              c.queue.push(p);
            }
          }
        }
      } finally {
        c.running = false;
      }
    })();
  }

  async ping(): Promise<void> {
    if (this.closed) throw new Error("bus closed");
  }

  async close(): Promise<void> {
    this.closed = true;
  }
}
