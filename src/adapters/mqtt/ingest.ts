import type { AuthorizePublishHandler } from "aedes";
import type { Clock } from "../../kernel/index.js";
import type { DeadLetter, DeadLetterKind, IngestBatch, TelemetrySample } from "../../workflows/execution/index.js";
import type { StationSignal } from "../../execution/index.js";
import type { EmbeddedBroker } from "./broker.js";
import { DurableSubscriber } from "./durable-subscriber.js";
import { decodeJsonMessage, JSON_TOPIC_FILTER, JSON_TOPIC_PREFIX } from "./json-topics.js";
import { SPARKPLUG_FILTER, SPARKPLUG_NAMESPACE, SparkplugHost, type PlantDirectory } from "./sparkplug-host.js";

/** What the ingest reports back from the store for a batch (see ExecutionIngest.apply). */
export interface SinkResult {
  readonly duplicates: number;
  readonly rejected: number;
  readonly telemetryDuplicates: number;
}

export type IngestSource =
  | { readonly kind: "embedded"; readonly broker: EmbeddedBroker }
  | { readonly kind: "external"; readonly url: string; readonly clientId: string; readonly protocolVersion?: 4 | 5 };

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
export interface IngestStats {
  connected: boolean;
  received: number;
  signals: number;
  telemetrySamples: number;
  stored: number;
  duplicates: number;
  rejected: number;
  deadLetters: Record<DeadLetterKind, number>;
  seqGaps: number;
  rebirthRequests: number;
  storeErrors: number;
  /** Messages received and not yet stored. */
  pending: number;
  /** Receipt → stored, ms, of the last batch and the worst so far. */
  lastLagMs: number;
  maxLagMs: number;
  batches: number;
}

interface Batch {
  signals: StationSignal[];
  telemetry: TelemetrySample[];
  deadLetters: DeadLetter[];
  acks: (() => void)[];
  firstAt: number;
  count: number;
}

const newBatch = (): Batch => ({ signals: [], telemetry: [], deadLetters: [], acks: [], firstAt: 0, count: 0 });

/**
 * Device ingest over MQTT: subscribes (QoS 1) to the JSON topic scheme and to Sparkplug B,
 * decodes and validates every message, and hands them to the store in batches. A message is
 * acknowledged to the broker only after its batch committed, so nothing acknowledged is lost;
 * a failed commit is retried with the same messages. Bad messages are dead-lettered, never fatal.
 */
export class MqttIngest {
  readonly stats: IngestStats = {
    connected: false,
    received: 0,
    signals: 0,
    telemetrySamples: 0,
    stored: 0,
    duplicates: 0,
    rejected: 0,
    deadLetters: { malformed: 0, unknown_device: 0, unknown_alias: 0, duplicate: 0, out_of_order: 0, rejected: 0, not_born: 0 },
    seqGaps: 0,
    rebirthRequests: 0,
    storeErrors: 0,
    pending: 0,
    lastLagMs: 0,
    maxLagMs: 0,
    batches: 0,
  };
  readonly sparkplug: SparkplugHost;
  private batch = newBatch();
  private timer: ReturnType<typeof setTimeout> | null = null;
  private flushing: Promise<void> | null = null;
  private subscriber: DurableSubscriber | null = null;
  private stopped = false;
  private previousAuthorize: AuthorizePublishHandler | null = null;
  private logged = { at: 0, n: 0 };

  private constructor(private readonly o: MqttIngestOptions) {
    this.sparkplug = new SparkplugHost(o.plant);
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
    s.pending++;
    const b = this.batch;
    if (b.count === 0) b.firstAt = now;
    b.count++;
    b.acks.push(ack);
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
    if (b.count >= (this.o.maxBatch ?? 4000)) void this.flush();
    else if (!this.timer) this.timer = setTimeout(() => void this.flush(), this.o.maxDelayMs ?? 4);
  }

  private deadLetter(b: Batch, d: DeadLetter): void {
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

  /** Applies a failing batch one signal at a time; signals that fail alone (while the store is up) become dead letters. */
  private async isolate(b: Batch): Promise<SinkResult> {
    await this.o.probe!();
    const poison: DeadLetter[] = [];
    let duplicates = 0;
    let rejected = 0;
    for (const sig of b.signals) {
      try {
        const r = await this.o.sink({ signals: [sig], telemetry: [], deadLetters: [] });
        duplicates += r.duplicates;
        rejected += r.rejected;
      } catch (e) {
        await this.o.probe!(); // the store went away: retry the whole batch later
        poison.push({ msgKey: null, at: this.o.clock.nowMs(), source: `/lines/${sig.line}/stations/${sig.station}`, kind: "rejected", reason: `could not be applied: ${(e as Error).message}`, payload: JSON.stringify(sig) });
        this.stats.deadLetters.rejected++;
      }
    }
    const r = await this.o.sink({ signals: [], telemetry: b.telemetry, deadLetters: [...b.deadLetters, ...poison] });
    return { duplicates, rejected, telemetryDuplicates: r.telemetryDuplicates };
  }

  private async store(b: Batch): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        const r = attempt > 3 && this.o.probe ? await this.isolate(b) : await this.o.sink({ signals: b.signals, telemetry: b.telemetry, deadLetters: b.deadLetters });
        const s = this.stats;
        s.duplicates += r.duplicates + r.telemetryDuplicates;
        s.rejected += r.rejected;
        s.deadLetters.rejected += r.rejected;
        s.signals += b.signals.length;
        s.telemetrySamples += b.telemetry.length;
        s.stored += b.count;
        s.pending -= b.count;
        s.batches++;
        const lag = this.o.clock.nowMs() - b.firstAt;
        s.lastLagMs = lag;
        if (lag > s.maxLagMs) s.maxLagMs = lag;
        for (const ack of b.acks) ack();
        return;
      } catch (e) {
        this.stats.storeErrors++;
        this.o.log?.error({ err: (e as Error).message, attempt, messages: b.count }, "storing device messages failed; retrying, nothing acknowledged");
        if (this.stopped) return;
        await new Promise((r) => setTimeout(r, Math.min(5000, 100 * 2 ** Math.min(attempt, 6))));
      }
    }
  }

  /** Stops taking messages and stores what was received. `crash: true` drops the connection without acknowledging (tests). */
  async stop(opts: { crash?: boolean } = {}): Promise<void> {
    if (opts.crash) {
      this.stopped = true;
      if (this.timer) clearTimeout(this.timer);
      await this.subscriber?.stop(false);
      return;
    }
    if (this.o.source.kind === "embedded" && this.previousAuthorize) this.o.source.broker.aedes.authorizePublish = this.previousAuthorize;
    await this.flush();
    this.stopped = true;
    await this.subscriber?.stop(true);
    this.stats.connected = false;
  }
}
