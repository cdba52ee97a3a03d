import type * as NodeOpcua from "node-opcua";
import type { ClientSession, ClientSubscription, DataValue, OPCUAClient } from "node-opcua";
import type { Clock } from "../../kernel/index.js";
import type { IngestBatch } from "../../workflows/execution/index.js";
import { IngestBatcher, newBatcherStats, type BatcherStats, type SinkResult } from "../ingest-batcher.js";
import { loadNodeOpcua } from "./node-opcua-log.js";
import { TagDecoder, type StationNow } from "./tag-decoder.js";
import type { Tag, TagMap } from "./tag-map.js";


export interface OpcuaLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface OpcuaIngestOptions {
  readonly map: TagMap;
  /** Stores a batch (the same ExecutionIngest.apply the MQTT edge uses); resolves when committed. */
  readonly sink: (batch: IngestBatch) => Promise<SinkResult>;
  /** What tracking knows of a station: the unit in it, andon and fault (for tags whose meaning needs it). */
  readonly station: (line: string, station: string) => StationNow | undefined;
  readonly clock: Clock;
  readonly log?: OpcuaLogger;
  /** Reconnection back-off, ms (default 500 first, 5000 at most). */
  readonly reconnectInitialMs?: number;
  readonly reconnectMaxMs?: number;
  /** Longest a value waits to be stored with others, ms (default 20). */
  readonly maxDelayMs?: number;
  /** Called when a tag becomes stale or recovers. */
  readonly onStale?: (t: StaleTransition) => void;
}

export type StaleReason = "silent" | "bad_status" | "disconnected";

/** A tag becoming stale or fresh again. */
export interface StaleTransition {
  readonly at: number;
  readonly tag: string;
  readonly nodeId: string;
  readonly line: string;
  readonly station: string;
  readonly stale: boolean;
  /** Why it went stale (absent on recovery). */
  readonly reason?: StaleReason;
  readonly status?: string;
}

/** Live state of one tag, for /metrics and the API. */
export interface TagState {
  readonly name: string;
  readonly nodeId: string;
  readonly line: string;
  readonly station: string;
  readonly meaning: Tag["meaning"];
  stale: boolean;
  staleReason: StaleReason | null;
  staleSince: number | null;
  /** Last status code name (Good, BadNodeIdUnknown…). */
  status: string;
  /** Since when the status has been bad, epoch ms; null while it is good. */
  badSince: number | null;
  lastValue: string | null;
  lastGoodAt: number | null;
  updates: number;
}

/** Counters of the OPC UA edge. */
export interface OpcuaStats extends BatcherStats {
  endpoint: string;
  connected: boolean;
  /** Value changes received (good and bad). */
  notifications: number;
  badNotifications: number;
  /** Connection losses, and sessions repaired after them (subscriptions transferred or recreated). */
  connectionLosses: number;
  sessionRepairs: number;
  staleTags: number;
  /** Why the last attempt to connect and subscribe failed (e.g. BadUserAccessDenied); null once subscribed. */
  lastError: string | null;
}

/** Meanings whose every value change is an event (the rest report a state that is compared with the last one). */
const EVENT_LIKE = new Set<Tag["meaning"]>(["operation_value", "part_serial", "unit_entered", "unit_left"]);

/**
 * Takt as an OPC UA client (node-opcua): subscribes to the variables of a tag map on an external
 * server and turns their value changes into station signals, stored through the same ingest as
 * the MQTT edge (dedup, dead letters, metrics). After a connection loss node-opcua reconnects
 * with back-off and repairs the session: it reactivates it, or creates a new one and transfers
 * the subscription, or recreates the subscription and its monitored items on a server that
 * restarted; data flows again by itself. A tag with no good value for its `staleAfterMs` (or,
 * with 0, a bad status or a lost connection) is marked stale, logged, counted, and cleared when
 * a good value arrives.
 *
 * Start does not wait for the server: a server that is down at start is connected to when it
 * comes up (`ready` resolves then).
 */
export class OpcuaIngest {
  readonly stats: OpcuaStats;
  readonly tags: readonly TagState[];
  /** The last stale transitions, newest last (at most 200). */
  readonly transitions: StaleTransition[] = [];
  /** Resolves once subscribed the first time. */
  readonly ready: Promise<void>;
  private readonly decoder: TagDecoder;
  private readonly byNode = new Map<string, { tag: Tag; state: TagState }>();
  private client: OPCUAClient | null = null;
  private session: ClientSession | null = null;
  private subscription: ClientSubscription | null = null;
  private readonly batcher: IngestBatcher;
  private staleTimer: ReturnType<typeof setInterval> | null = null;
  private stopped = false;
  private readonly startedAt: number;
  private resolveReady: () => void = () => undefined;
  private inbox: { tag: Tag; dv: DataValue; seq: number }[] = [];
  /** Tags whose next value is the first since (re)connecting, and when the connection was made. */
  private readonly awaitingFirst = new Set<string>();
  private connectedAt = 0;

  private constructor(private readonly o: OpcuaIngestOptions) {
    this.decoder = new TagDecoder(o.station);
    this.startedAt = o.clock.nowMs();
    this.stats = {
      endpoint: o.map.endpoint,
      connected: false,
      ...newBatcherStats(),
      notifications: 0,
      badNotifications: 0,
      connectionLosses: 0,
      sessionRepairs: 0,
      staleTags: 0,
      lastError: null,
    };
    this.batcher = new IngestBatcher({ sink: o.sink, clock: o.clock, stats: this.stats, what: "OPC UA values", maxDelayMs: o.maxDelayMs ?? 20, ...(o.log ? { log: o.log } : {}) });
    this.tags = o.map.tags.map((t) => {
      const state: TagState = { name: t.name, nodeId: t.nodeId, line: t.line, station: t.station, meaning: t.meaning, stale: false, staleReason: null, staleSince: null, status: "Unknown", badSince: null, lastValue: null, lastGoodAt: null, updates: 0 };
      this.byNode.set(t.nodeId, { tag: t, state });
      return state;
    });
    this.ready = new Promise((r) => (this.resolveReady = r));
  }

  /** Creates the client and starts connecting in the background (see the class comment). */
  static async start(o: OpcuaIngestOptions): Promise<OpcuaIngest> {
    const ing = new OpcuaIngest(o);
    // node-opcua is loaded only when a tag map is configured: it takes seconds to import. Its own
    // warnings go to our logger, not to stdout.
    const ua = await loadNodeOpcua(o.log);
    const m = o.map;
    ing.client = ua.OPCUAClient.create({
      applicationName: "Takt",
      endpointMustExist: false,
      securityMode: ua.MessageSecurityMode[m.securityMode],
      securityPolicy: ua.SecurityPolicy[m.securityPolicy],
      keepSessionAlive: true,
      requestedSessionTimeout: 60_000,
      connectionStrategy: { initialDelay: o.reconnectInitialMs ?? 500, maxDelay: o.reconnectMaxMs ?? 5000, maxRetry: -1 },
    });
    const c = ing.client;
    c.on("connection_lost", () => ing.onConnectionLost());
    c.on("connection_reestablished", () => ing.onConnected());
    c.on("backoff", (retry: number, delay: number) => {
      if (retry % 10 === 0) o.log?.warn({ endpoint: m.endpoint, retry, delayMs: delay }, "OPC UA server not reachable; retrying");
    });
    const staleEvery = Math.max(50, Math.min(1000, ...m.tags.filter((t) => t.staleAfterMs > 0).map((t) => Math.floor(t.staleAfterMs / 4))));
    ing.staleTimer = setInterval(() => ing.checkStale(), staleEvery);
    ing.staleTimer.unref?.();
    void ing.connectUntilSubscribed(ua);
    return ing;
  }

  /** Connects and subscribes; a failure after connecting (e.g. the user is refused) is logged, kept in stats.lastError and retried. */
  private async connectUntilSubscribed(ua: typeof NodeOpcua): Promise<void> {
    const m = this.o.map;
    for (let attempt = 1; !this.stopped; attempt++) {
      try {
        await this.connect(ua);
        this.stats.lastError = null;
        return;
      } catch (e) {
        if (this.stopped) return;
        this.stats.lastError = (e as Error).message;
        this.o.log?.error({ endpoint: m.endpoint, err: (e as Error).message, attempt }, "OPC UA subscription failed; retrying");
        await this.session?.close().catch(() => undefined);
        this.session = null;
        this.subscription = null;
        await this.client?.disconnect().catch(() => undefined);
        await new Promise((r) => setTimeout(r, Math.min(this.o.reconnectMaxMs ?? 5000, (this.o.reconnectInitialMs ?? 500) * 2 ** Math.min(attempt, 10))));
      }
    }
  }

  private async connect(ua: typeof NodeOpcua): Promise<void> {
    const c = this.client!;
    const m = this.o.map;
    await c.connect(m.endpoint);
    if (this.stopped) return;
    this.onConnected();
    const session = await c.createSession(m.user ? { type: ua.UserTokenType.UserName, userName: m.user.name, password: m.user.password } : undefined);
    this.session = session;
    session.on("session_repaired", () => {
      this.stats.sessionRepairs++;
      this.stats.connected = true;
      this.o.log?.info({ endpoint: m.endpoint }, "OPC UA session repaired; subscription transferred or recreated");
    });
    session.on("session_restored", () => (this.stats.connected = true));
    const sub = await session.createSubscription2({ requestedPublishingInterval: m.publishingMs, requestedLifetimeCount: 600, requestedMaxKeepAliveCount: 10, maxNotificationsPerPublish: 0, publishingEnabled: true, priority: 10 });
    this.subscription = sub;
    // One monitored-item group per sampling interval and kind (one CreateMonitoredItems call each).
    // Event-like tags report on a new source timestamp too: the same torque twice is two operations.
    const groups = new Map<string, Tag[]>();
    for (const t of m.tags) {
      const k = `${t.samplingMs}/${EVENT_LIKE.has(t.meaning)}`;
      const g = groups.get(k);
      if (g) g.push(t);
      else groups.set(k, [t]);
    }
    for (const tags of groups.values()) {
      const filter = EVENT_LIKE.has(tags[0]!.meaning) ? new ua.DataChangeFilter({ trigger: ua.DataChangeTrigger.StatusValueTimestamp, deadbandType: ua.DeadbandType.None }) : null;
      const group = await sub.monitorItems(
        tags.map((t) => ({ nodeId: t.nodeId, attributeId: ua.AttributeIds.Value })),
        { samplingInterval: tags[0]!.samplingMs, queueSize: 100, discardOldest: true, ...(filter ? { filter } : {}) },
        ua.TimestampsToReturn.Both,
      );
      group.on("changed", (_item, dv, index) => this.onValue(tags[index]!, dv));
      group.on("err", (message: string) => this.o.log?.warn({ endpoint: m.endpoint, err: message }, "OPC UA monitored items"));
      // Items the server refused (e.g. an unknown node id) carry their bad status now.
      group.monitoredItems.forEach((item, i) => {
        const rc = item.statusCode;
        if (rc && rc.isNotGood()) this.markBad(tags[i]!, rc.name);
      });
    }
    this.stats.connected = true;
    this.o.log?.info({ endpoint: m.endpoint, tags: m.tags.length }, "OPC UA tags subscribed");
    this.resolveReady();
  }

  private onConnected(): void {
    this.connectedAt = this.o.clock.nowMs();
    for (const t of this.o.map.tags) this.awaitingFirst.add(t.nodeId);
  }

  private onConnectionLost(): void {
    this.stats.connected = false;
    this.stats.connectionLosses++;
    this.o.log?.warn({ endpoint: this.o.map.endpoint }, "OPC UA connection lost; reconnecting");
    const now = this.o.clock.nowMs();
    for (const { tag, state } of this.byNode.values()) if (tag.staleAfterMs === 0) this.setStale(tag, state, now, "disconnected");
  }

  private markBad(tag: Tag, status: string): void {
    const s = this.byNode.get(tag.nodeId)!.state;
    const now = this.o.clock.nowMs();
    s.status = status;
    if (s.badSince === null) s.badSince = now;
    if (tag.staleAfterMs === 0) this.setStale(tag, s, now, "bad_status");
  }

  /**
   * Value changes are collected for one turn of the event loop and decoded in source-time
   * order: a publish response carries several monitored items' queues one after the other, and
   * the decoder needs e.g. a unit's arrival before its torque.
   */
  private onValue(tag: Tag, dv: DataValue): void {
    this.inbox.push({ tag, dv, seq: this.inbox.length });
    if (this.inbox.length === 1) setImmediate(() => this.drainInbox());
  }

  private drainInbox(): void {
    const items = this.inbox;
    this.inbox = [];
    const now = this.o.clock.nowMs();
    const timed = items.map((x) => ({ ...x, at: x.dv.sourceTimestamp?.getTime() ?? x.dv.serverTimestamp?.getTime() ?? now }));
    timed.sort((a, b) => a.at - b.at || a.seq - b.seq);
    for (const x of timed) this.decodeValue(x.tag, x.dv, x.at, now);
  }

  private decodeValue(tag: Tag, dv: DataValue, at: number, now: number): void {
    const st = this.stats;
    const s = this.byNode.get(tag.nodeId)!.state;
    st.notifications++;
    s.updates++;
    if (!dv.statusCode.isGood()) {
      st.badNotifications++;
      this.markBad(tag, dv.statusCode.name);
      return;
    }
    const value = dv.value.value as unknown;
    s.status = "Good";
    s.badSince = null;
    s.lastGoodAt = now;
    s.lastValue = value === null || value === undefined ? null : String(value).slice(0, 200);
    if (s.stale) this.setFresh(tag, s, now);
    // A (re)created monitored item first reports the value the server holds. For event-like
    // meanings a value older than the connection is history (e.g. the last torque before a
    // restart, or a restarted server's initial value), not a new event.
    const first = this.awaitingFirst.delete(tag.nodeId);
    if (first && EVENT_LIKE.has(tag.meaning) && at <= this.connectedAt) return;
    const d = this.decoder.decode(tag, { value, at });
    if (d.signals.length + d.telemetry.length + d.deadLetters.length === 0) return;
    const b = this.batcher.take(now);
    b.signals.push(...d.signals);
    b.telemetry.push(...d.telemetry);
    for (const l of d.deadLetters) {
      b.deadLetters.push(l);
      st.deadLetters[l.kind]++;
      this.o.log?.warn({ tag: tag.name, kind: l.kind, reason: l.reason }, "OPC UA value dead-lettered");
    }
    this.batcher.schedule();
  }

  private setStale(tag: Tag, s: TagState, now: number, reason: StaleReason): void {
    if (s.stale) return;
    s.stale = true;
    s.staleReason = reason;
    s.staleSince = now;
    this.stats.staleTags++;
    this.o.log?.warn({ tag: tag.name, nodeId: tag.nodeId, line: tag.line, station: tag.station, reason, status: s.status }, "OPC UA tag stale");
    this.transition({ at: now, tag: tag.name, nodeId: tag.nodeId, line: tag.line, station: tag.station, stale: true, reason, status: s.status });
  }

  private setFresh(tag: Tag, s: TagState, now: number): void {
    const was = s.staleSince ?? now;
    s.stale = false;
    s.staleReason = null;
    s.staleSince = null;
    this.stats.staleTags--;
    this.o.log?.info({ tag: tag.name, nodeId: tag.nodeId, line: tag.line, station: tag.station, staleMs: now - was }, "OPC UA tag fresh again");
    this.transition({ at: now, tag: tag.name, nodeId: tag.nodeId, line: tag.line, station: tag.station, stale: false });
  }

  private transition(t: StaleTransition): void {
    this.transitions.push(t);
    if (this.transitions.length > 200) this.transitions.shift();
    this.o.onStale?.(t);
  }

  /** Marks tags stale whose last good value (or start, before any) is older than their timeout. */
  checkStale(): void {
    const now = this.o.clock.nowMs();
    for (const { tag, state } of this.byNode.values()) {
      if (state.stale || tag.staleAfterMs === 0) continue;
      if (state.badSince !== null && now - state.badSince > tag.staleAfterMs) this.setStale(tag, state, now, "bad_status");
      else if (now - (state.lastGoodAt ?? this.startedAt) > tag.staleAfterMs) this.setStale(tag, state, now, this.stats.connected ? "silent" : "disconnected");
    }
  }

  /** Stores what has been received so far; resolves when it is committed. */
  flush(): Promise<void> {
    return this.batcher.flush();
  }

  /** Stores what was received, then closes the subscription, session and connection. */
  async stop(): Promise<void> {
    if (this.staleTimer) clearInterval(this.staleTimer);
    await this.batcher.flush();
    this.batcher.stop();
    this.stopped = true;
    const quick = <T>(p: Promise<T> | undefined) => Promise.race([p?.catch(() => undefined), new Promise((r) => setTimeout(r, 2000))]);
    await quick(this.subscription?.terminate());
    await quick(this.session?.close());
    await quick(this.client?.disconnect());
    this.stats.connected = false;
  }
}
