import { connect, type NatsConnection } from "@nats-io/transport-node";
import {
  AckPolicy,
  DeliverPolicy,
  jetstream,
  jetstreamManager,
  type ConsumerMessages,
  type JetStreamClient,
  type JetStreamManager,
} from "@nats-io/jetstream";
import type { TaktEvent } from "../../kernel/index.js";
import { typeMatches, type Delivery, type EventBus, type SubscribeOptions, type Subscription } from "../../workflows/ports.js";

export interface JetStreamBusOptions {
  readonly url: string;
  /** Stream name; one stream carries every Takt event. */
  readonly stream?: string;
  /** Subject prefix; events go to `<prefix>.<type>`, e.g. `takt.events.order.placed`. */
  readonly subjectPrefix?: string;
  /** Window in which JetStream drops a re-published event with the same id (Nats-Msg-Id). */
  readonly duplicateWindowMs?: number;
  readonly onDeadLetter?: (consumer: string, event: TaktEvent, error: string) => void;
}

const NAME_RE = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * Event bus over NATS JetStream: events persist in a stream, each Takt consumer is a
 * durable pull consumer with explicit acks, so deliveries survive restarts and scale out
 * across API and worker processes. Publishing sets `Nats-Msg-Id` to the event id, so an
 * outbox relay that republishes after a crash does not duplicate within the window.
 */
export class JetStreamBus implements EventBus {
  readonly kind = "nats" as const;
  private readonly stream: string;
  private readonly prefix: string;
  private readonly active = new Set<ConsumerMessages>();

  private constructor(
    private readonly nc: NatsConnection,
    private readonly js: JetStreamClient,
    private readonly jsm: JetStreamManager,
    private readonly opts: JetStreamBusOptions,
  ) {
    this.stream = opts.stream ?? "TAKT_EVENTS";
    this.prefix = opts.subjectPrefix ?? "takt.events";
  }

  static async connect(opts: JetStreamBusOptions): Promise<JetStreamBus> {
    const stream = opts.stream ?? "TAKT_EVENTS";
    if (!NAME_RE.test(stream)) throw new RangeError(`invalid stream name ${stream}`);
    const nc = await connect({ servers: opts.url.replace(/^nats:\/\//, ""), name: "takt", maxReconnectAttempts: -1, timeout: 5000 });
    const jsm = await jetstreamManager(nc);
    const bus = new JetStreamBus(nc, jetstream(nc), jsm, opts);
    await bus.ensureStream();
    return bus;
  }

  private async ensureStream(): Promise<void> {
    const config = {
      name: this.stream,
      subjects: [`${this.prefix}.>`],
      duplicate_window: (this.opts.duplicateWindowMs ?? 120_000) * 1_000_000,
    };
    try {
      await this.jsm.streams.info(this.stream);
      await this.jsm.streams.update(this.stream, { subjects: config.subjects, duplicate_window: config.duplicate_window });
    } catch (_e) {
      await this.jsm.streams.add(config);
    }
  }

  private subjectFor(type: string): string {
    return `${this.prefix}.${type}`;
  }

  async publish(events: readonly TaktEvent[]): Promise<void> {
    const enc = new TextEncoder();
    // Published concurrently; the returned promise settles only when JetStream acked every one.
    await Promise.all(events.map((e) => this.js.publish(this.subjectFor(e.type), enc.encode(JSON.stringify(e)), { msgID: e.id })));
  }

  async subscribe(opts: SubscribeOptions, handler: (d: Delivery) => Promise<void>): Promise<Subscription> {
    if (!NAME_RE.test(opts.consumer)) throw new RangeError(`invalid consumer name ${opts.consumer}`);
    const maxAttempts = opts.maxAttempts ?? 5;
    // nats-server 2.9 takes a single filter subject: one exact/prefix filter maps to it, several filter client-side.
    const types = opts.types ?? [];
    let filter = `${this.prefix}.>`;
    if (types.length === 1 && types[0] !== "*") filter = types[0]!.endsWith(".*") ? `${this.prefix}.${types[0]!.slice(0, -2)}.>` : this.subjectFor(types[0]!);
    const config = {
      durable_name: opts.consumer,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      filter_subject: filter,
      ack_wait: 30_000_000_000,
    };
    let consumer;
    if (opts.live) {
      // An ordered (ephemeral) consumer from now on: nothing left behind on the server when this process goes.
      consumer = await this.js.consumers.get(this.stream, { filter_subjects: filter, deliver_policy: DeliverPolicy.New, inactive_threshold: 30_000_000_000 });
    } else {
      try {
        await this.jsm.consumers.info(this.stream, opts.consumer);
      } catch (_e) {
        await this.jsm.consumers.add(this.stream, config);
      }
      consumer = await this.js.consumers.get(this.stream, opts.consumer);
    }
    const messages = await consumer.consume({ max_messages: 256 });
    this.active.add(messages);
    const dec = new TextDecoder();
    const done = (async () => {
      for await (const m of messages) {
        let event: TaktEvent;
        try {
          event = JSON.parse(dec.decode(m.data)) as TaktEvent;
        } catch (e) {
          m.term("unparseable event");
          this.opts.onDeadLetter?.(opts.consumer, { id: `seq-${m.seq}` } as TaktEvent, String(e));
          continue;
        }
        if (!typeMatches(event.type, types)) {
          m.ack();
          continue;
        }
        const attempt = m.info.deliveryCount;
        if (opts.live) {
          await handler({ event, attempt }).catch(() => undefined);
          continue;
        }
        try {
          await handler({ event, attempt });
          m.ack();
        } catch (e) {
          if (attempt >= maxAttempts) {
            m.term("max attempts");
            this.opts.onDeadLetter?.(opts.consumer, event, e instanceof Error ? e.message : String(e));
          } else m.nak(Math.min(5000, 20 * attempt));
        }
      }
    })();
    return {
      close: async () => {
        this.active.delete(messages);
        messages.stop();
        await done.catch(() => undefined);
      },
    };
  }

  /** Removes the stream (tests). */
  async deleteStream(): Promise<void> {
    await this.jsm.streams.delete(this.stream);
  }

  async ping(): Promise<void> {
    await this.nc.flush();
  }

  async close(): Promise<void> {
    for (const m of this.active) m.stop();
    this.active.clear();
    await this.nc.drain();
  }
}
