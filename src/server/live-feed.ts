import type { TaktEvent } from "../kernel/index.js";
import type { EventBus, Subscription } from "../workflows/ports.js";

type Listener = (e: TaktEvent) => void;

/**
 * Fans the bus out to this process's open browser streams (SSE), keyed by event stream and by
 * type prefix. One live tap per process; a stream that misses an event (a reconnect) catches up
 * from the event log, so the feed may be best-effort.
 */
export class LiveFeed {
  private readonly byStream = new Map<string, Set<Listener>>();
  private readonly all = new Set<{ types: readonly string[]; fn: Listener }>();
  private sub: Subscription | null = null;

  constructor(private readonly bus: EventBus) {}

  async start(): Promise<void> {
    this.sub = await this.bus.subscribe({ consumer: "live", live: true }, async ({ event }) => {
      for (const fn of this.byStream.get(event.stream) ?? []) fn(event);
      for (const l of this.all) if (l.types.some((t) => event.type === t || (t.endsWith(".*") && event.type.startsWith(t.slice(0, -1))))) l.fn(event);
    });
  }

  /** Calls `fn` for every event of `stream`; returns the unsubscribe function. */
  onStream(stream: string, fn: Listener): () => void {
    let set = this.byStream.get(stream);
    if (!set) this.byStream.set(stream, (set = new Set()));
    set.add(fn);
    return () => {
      set.delete(fn);
      if (set.size === 0) this.byStream.delete(stream);
    };
  }

  /** Calls `fn` for every event whose type matches one of `types` (`order.*` style). */
  onTypes(types: readonly string[], fn: Listener): () => void {
    const l = { types, fn };
    this.all.add(l);
    return () => void this.all.delete(l);
  }

  async stop(): Promise<void> {
    await this.sub?.close();
    this.sub = null;
  }
}
