import type { AuthorizePublishHandler } from "aedes";
import type { Clock } from "../../kernel/index.js";
import type { DeadLetter, IngestBatch } from "../../workflows/execution/index.js";
import { IngestBatcher, newBatcherStats, type BatcherStats, type PendingBatch, type SinkResult } from "../ingest-batcher.js";
import type { EmbeddedBroker } from "./broker.js";
import { DurableSubscriber, type DurableSubscriberOptions } from "./durable-subscriber.js";
import { decodeJsonMessage, JSON_TOPIC_FILTER, JSON_TOPIC_PREFIX } from "./json-topics.js";
import { SPARKPLUG_FILTER, SPARKPLUG_NAMESPACE, SparkplugHost, type PlantDirectory } from "./sparkplug-host.js";

export type { SinkResult } from "../ingest-batcher.js";

export type IngestSource =
  | { readonly kind: "embedded"; readonly broker: EmbeddedBroker }
  | {
      readonly kind: "external";
      readonly url: string;
      readonly clientId: string;
      readonly protocolVersion?: 4 | 5;
      /** Credentials, when not in the URL. */
      readonly username?: string;
      readonly password?: string;
      /** CA, client certificate and key (PEM) for mqtts:// (see DurableSubscriberOptions.tls). */
      readonly tls?: DurableSubscriberOptions["tls"];
    };

export interface Logger {
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface MqttIngestOptions {
  readonly source: IngestSource;
  readonly plant: PlantDirectory;
  /** Stores a batch; resolves when it is committed. Messages are acknowledged only then. */
  readonly sink: (batch: IngestBatch) => Promise<SinkResult>;
  readonly clock: Clock;
  readonly log?: Logger;
  /** Messages per batch at most (default 4000). */
  readonly maxBatch?: number;
  /** Longest a message waits for its batch to fill, ms (default 4). */
  readonly maxDelayMs?: number;
  /**
   * Checks that the store is reachable (e.g. store.ping). With it, a batch that keeps failing
   * while the store is up is applied message by message and the messages that still fail are
   * dead-lettered, so one poisonous message cannot stall the stream.
   */
  readonly probe?: () => Promise<void>;
}

/** Counters of the device edge, for /metrics and the API. */
export interface IngestStats extends BatcherStats {
  connected: boolean;
  received: number;
  seqGaps: number;
  rebirthRequests: number;
  /** Receipt → stored, ms, the worst batch so far. */
  maxLagMs: number;
  batches: number;
}

/**
 * Device ingest over MQTT: subscribes (QoS 1) to the JSON topic scheme and to Sparkplug B,
 * decodes and validates every message, and hands them to the store in batches. A message is
 * acknowledged to the broker only after its batch committed, so nothing acknowledged is lost;
 * a failed commit is retried with the same messages. Bad messages are dead-lettered, never fatal.
 */
export class MqttIngest {
  readonly stats: IngestStats = {
    ...newBatcherStats(),
    connected: false,
    received: 0,
    seqGaps: 0,
    rebirthRequests: 0,
    maxLagMs: 0,
    batches: 0,
  };
  readonly sparkplug: SparkplugHost;
  private readonly batcher: IngestBatcher;
  private subscriber: DurableSubscriber | null = null;
  private previousAuthorize: AuthorizePublishHandler | null = null;
  private logged = { at: 0, n: 0 };

  private constructor(private readonly o: MqttIngestOptions) {
    this.sparkplug = new SparkplugHost(o.plant);
    this.batcher = new IngestBatcher({
      sink: o.sink,
      clock: o.clock,
      stats: this.stats,
      what: "device messages",
      maxDelayMs: o.maxDelayMs ?? 4,
      ...(o.log ? { log: o.log } : {}),
      ...(o.maxBatch !== undefined ? { maxBatch: o.maxBatch } : {}),
      ...(o.probe ? { probe: o.probe } : {}),
      onStored: (lag) => {
        this.stats.batches++;
        if (lag > this.stats.maxLagMs) this.stats.maxLagMs = lag;
      },
    });
  }

  static async start(o: MqttIngestOptions): Promise<MqttIngest> {
    const ing = new MqttIngest(o);
    if (o.source.kind === "embedded") {
      // aedes sends a QoS 1 PUBACK before it hands the message to subscribers, but only after
      // authorizePublish called back (wills pass there too): ingesting here means a device's
      // message is acknowledged only once it is stored.
      const aedes = o.source.broker.aedes;
      const previous = aedes.authorizePublish;
      ing.previousAuthorize = previous;
      aedes.authorizePublish = (client, packet, cb) => {
        const t = packet.topic;
        if (t.startsWith(`${JSON_TOPIC_PREFIX}/`) || (t.startsWith(`${SPARKPLUG_NAMESPACE}/`) && !/^spBv1\.0\/[^/]+\/(NCMD|DCMD)\//.test(t)))
          ing.onMessage(t, packet.payload as Buffer, () => cb(null));
        else previous.call(aedes, client, packet, cb);
      };
      ing.stats.connected = true;
    } else {
      ing.subscriber = new DurableSubscriber({
        url: o.source.url,
        clientId: o.source.clientId,
        topics: [JSON_TOPIC_FILTER, SPARKPLUG_FILTER],
        ...(o.source.protocolVersion ? { protocolVersion: o.source.protocolVersion } : {}),
        ...(o.source.username !== undefined ? { username: o.source.username } : {}),
        ...(o.source.password !== undefined ? { password: o.source.password } : {}),
        ...(o.source.tls ? { tls: o.source.tls } : {}),
        onMessage: (topic, payload, ack) => ing.onMessage(topic, payload, ack),
        onConnect: () => (ing.stats.connected = true),
        onDisconnect: () => (ing.stats.connected = false),
      });
      await ing.subscriber.start();
    }
    return ing;
  }

  private onMessage(topic: string, payload: Buffer, ack: () => void): void {
    const now = this.o.clock.nowMs();
    const s = this.stats;
    s.received++;
    const b = this.batcher.take(now, ack);
    if (topic.startsWith(`${JSON_TOPIC_PREFIX}/`)) {
      const d = decodeJsonMessage(topic, payload, now, (l, st) => this.o.plant.hasStation(l, st));
      if (d.kind === "signal") b.signals.push(d.signal);
      else if (d.kind === "telemetry") for (const t of d.samples) b.telemetry.push(t);
      else this.deadLetter(b, d.letter);
    } else if (topic.startsWith(`${SPARKPLUG_NAMESPACE}/`)) {
      const r = this.sparkplug.handle(topic, payload, now);
      for (const x of r.signals) b.signals.push(x);
      for (const t of r.telemetry) b.telemetry.push(t);
      for (const d of r.deadLetters) this.deadLetter(b, d);
      s.seqGaps += r.seqGaps;
      for (const c of r.commands) {
        s.rebirthRequests++;
        this.publish(c.topic, c.payload);
      }
    }
    this.batcher.schedule();
  }

  private deadLetter(b: PendingBatch, d: DeadLetter): void {
    b.deadLetters.push(d);
    this.stats.deadLetters[d.kind]++;
    const now = this.o.clock.nowMs();
    if (now - this.logged.at > 60_000) this.logged = { at: now, n: 0 };
    // Logged, but at most 20 a minute: a misconfigured device must not flood the log.
    if (this.logged.n++ < 20) this.o.log?.warn({ source: d.source, kind: d.kind, reason: d.reason }, "device message dead-lettered");
  }

  private publish(topic: string, payload: Uint8Array): void {
    if (this.o.source.kind === "embedded")
      this.o.source.broker.aedes.publish({ cmd: "publish", topic, payload: Buffer.from(payload), qos: 0, retain: false, dup: false }, () => undefined);
    else this.subscriber?.publish(topic, payload);
  }

  /** Stores what has been received so far; resolves when it is committed (and acknowledged). */
  flush(): Promise<void> {
    return this.batcher.flush();
  }

  /** Stops taking messages and stores what was received. `crash: true` drops the connection without acknowledging (tests). */
  async stop(opts: { crash?: boolean } = {}): Promise<void> {
    if (opts.crash) {
      this.batcher.stop();
      await this.subscriber?.stop(false);
      return;
    }
    if (this.o.source.kind === "embedded" && this.previousAuthorize) this.o.source.broker.aedes.authorizePublish = this.previousAuthorize;
    await this.batcher.flush();
    this.batcher.stop();
    await this.subscriber?.stop(true);
    this.stats.connected = false;
  }
}
