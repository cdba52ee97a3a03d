import { connect as netConnect, isIP, type Socket } from "node:net";
import { connect as tlsConnect } from "node:tls";
import mqttPacket, { type Packet } from "mqtt-packet";

/**
 * A minimal MQTT 5 (or 3.1.1) subscriber for ingest from an external broker, written on
 * mqtt-packet because acknowledgement must follow storage: a QoS 1 message is PUBACKed only
 * when the caller calls its `ack` (after the batch it is in has committed). MQTT.js can hold
 * an ack only by stalling its whole packet pipeline (one message per round trip); here many
 * messages stay in flight (MQTT 5 Receive Maximum) and PUBACKs go out in order of receipt.
 *
 * The session is persistent (clean start off, session expiry set): messages published while
 * the platform is down, and ones delivered but not acknowledged before a crash, are delivered
 * again on reconnect (the latter with the DUP flag); the consumer is idempotent by message id.
 */
export interface DurableSubscriberOptions {
  readonly url: string;
  readonly clientId: string;
  readonly topics: readonly string[];
  /** 5 (default) or 4 (MQTT 3.1.1). */
  readonly protocolVersion?: 4 | 5;
  /** Overrides the user name of the URL (`mqtts://user:password@host`). */
  readonly username?: string;
  /** Overrides the password of the URL. */
  readonly password?: string;
  /**
   * TLS for `mqtts://` (or `ssl://`, `tls://`; port 8883 by default): trusted CA certificates (PEM;
   * default: the system's), and a client certificate and key for brokers that authenticate
   * clients by certificate. The broker's certificate is always verified, host name included.
   */
  readonly tls?: { readonly ca?: string | Buffer; readonly cert?: string | Buffer; readonly key?: string | Buffer };
  readonly keepaliveSeconds?: number;
  /** How long the broker keeps the session while disconnected (MQTT 5). Default one week. */
  readonly sessionExpirySeconds?: number;
  /** MQTT 5 Receive Maximum: QoS 1 messages the broker may have in flight to us. */
  readonly receiveMaximum?: number;
  readonly reconnectMs?: number;
  onMessage(topic: string, payload: Buffer, ack: () => void, dup: boolean): void;
  onConnect?(): void;
  onDisconnect?(reason: string): void;
}

export class DurableSubscriber {
  private socket: Socket | null = null;
  private stopped = false;
  private connected = false;
  private nextId = 1;
  private pingTimer: ReturnType<typeof setInterval> | null = null;
  private reconnectTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly version: 4 | 5;
  private firstConnect: { resolve: () => void; reject: (e: Error) => void } | null = null;
  private lastError: string | null = null;

  constructor(private readonly o: DurableSubscriberOptions) {
    this.version = o.protocolVersion ?? 5;
  }

  get isConnected(): boolean {
    return this.connected;
  }

  /** Connects and subscribes; resolves on the first CONNACK, rejects if the first attempt fails. Reconnects by itself afterwards. */
  start(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.firstConnect = { resolve, reject };
      this.open();
    });
  }

  private open(): void {
    const u = new URL(this.o.url);
    const secure = isSecureMqttUrl(u);
    const port = Number(u.port || (secure ? 8883 : 1883));
    const host = u.hostname.replace(/^\[(.*)\]$/, "$1");
    const t = this.o.tls ?? {};
    const sock: Socket = secure
      ? tlsConnect({ host, port, ...(isIP(host) ? {} : { servername: host }), ...(t.ca ? { ca: t.ca } : {}), ...(t.cert ? { cert: t.cert } : {}), ...(t.key ? { key: t.key } : {}) })
      : netConnect({ host, port });
    this.socket = sock;
    sock.setNoDelay(true);
    const parser = mqttPacket.parser({ protocolVersion: this.version });
    parser.on("packet", (p: Packet) => this.onPacket(p));
    parser.on("error", (e: Error) => sock.destroy(e));
    sock.on("data", (d: Buffer) => parser.parse(d));
    const username = this.o.username ?? (u.username ? decodeURIComponent(u.username) : undefined);
    const password = this.o.password ?? (u.password ? decodeURIComponent(u.password) : undefined);
    sock.on(secure ? "secureConnect" : "connect", () => {
      const props = this.version === 5 ? { properties: { sessionExpiryInterval: this.o.sessionExpirySeconds ?? 7 * 86400, receiveMaximum: this.o.receiveMaximum ?? 65_535 } } : {};
      this.write({
        cmd: "connect",
        protocolId: "MQTT",
        protocolVersion: this.version,
        clientId: this.o.clientId,
        clean: false,
        keepalive: this.o.keepaliveSeconds ?? 30,
        ...(username ? { username } : {}),
        ...(password ? { password: Buffer.from(password) } : {}),
        ...props,
      } as Packet);
    });
    sock.on("error", (e: Error) => (this.lastError = e.message));
    sock.on("close", () => {
      this.acks = [];
      const was = this.connected;
      this.connected = false;
      if (this.pingTimer) clearInterval(this.pingTimer);
      this.pingTimer = null;
      if (this.firstConnect) {
        this.firstConnect.reject(new Error(`cannot connect to MQTT broker ${redactUrl(this.o.url)}${this.lastError ? `: ${this.lastError}` : ""}`));
        this.firstConnect = null;
        this.stopped = true;
        return;
      }
      if (was) this.o.onDisconnect?.("connection closed");
      if (!this.stopped) this.reconnectTimer = setTimeout(() => this.open(), this.o.reconnectMs ?? 1000);
    });
  }

  private write(p: Packet): void {
    if (this.socket && !this.socket.destroyed) this.socket.write(mqttPacket.generate(p, { protocolVersion: this.version }));
  }

  private onPacket(p: Packet): void {
    switch (p.cmd) {
      case "connack": {
        const code = (p as { reasonCode?: number; returnCode?: number }).reasonCode ?? (p as { returnCode?: number }).returnCode ?? 0;
        if (code !== 0) {
          const err = new Error(`MQTT broker ${redactUrl(this.o.url)} refused the connection: ${connackReason(code)} (code ${code})`);
          this.lastError = err.message;
          if (this.firstConnect) {
            // The first attempt decides start(): a refused one is final (no retries behind the caller's back).
            this.firstConnect.reject(err);
            this.stopped = true;
          }
          this.firstConnect = null;
          this.socket?.destroy();
          return;
        }
        this.connected = true;
        this.lastError = null;
        this.write({ cmd: "subscribe", messageId: this.id(), subscriptions: this.o.topics.map((topic) => ({ topic, qos: 1 })) } as Packet);
        const ka = (this.o.keepaliveSeconds ?? 30) * 500;
        this.pingTimer = setInterval(() => this.write({ cmd: "pingreq" }), ka);
        this.firstConnect?.resolve();
        this.firstConnect = null;
        this.o.onConnect?.();
        return;
      }
      case "publish": {
        const sock = this.socket;
        const { topic, payload, qos, messageId, dup } = p as { topic: string; payload: Buffer; qos: number; messageId?: number; dup?: boolean };
        const ack =
          qos > 0 && messageId !== undefined
            ? () => {
                // Only on the connection the message came in on; after a reconnect the broker re-sends it.
                if (this.socket === sock && this.connected) this.queueAck(messageId);
              }
            : () => undefined;
        this.o.onMessage(topic, Buffer.isBuffer(payload) ? payload : Buffer.from(payload), ack, !!dup);
        return;
      }
      default:
        return;
    }
  }

  private acks: Buffer[] = [];
  /** PUBACKs of a committed batch go out in one write (thousands of tiny writes cost more than the batch). */
  private queueAck(messageId: number): void {
    this.acks.push(mqttPacket.generate({ cmd: "puback", messageId } as Packet, { protocolVersion: this.version }));
    if (this.acks.length === 1) {
      const sock = this.socket;
      setImmediate(() => {
        const out = Buffer.concat(this.acks);
        this.acks = [];
        // Message ids belong to their connection: never acknowledge on a newer one.
        if (sock && this.socket === sock && !sock.destroyed && this.connected) sock.write(out);
      });
    }
  }

  private id(): number {
    this.nextId = (this.nextId % 65535) + 1;
    return this.nextId;
  }

  /** Publishes (QoS 0) on the same connection, e.g. a Sparkplug rebirth request. */
  publish(topic: string, payload: Uint8Array): void {
    this.write({ cmd: "publish", topic, payload: Buffer.from(payload), qos: 0, dup: false, retain: false } as Packet);
  }

  /** Closes. `graceful: false` drops the connection as a crash would (unacknowledged messages come again). */
  async stop(graceful = true): Promise<void> {
    this.stopped = true;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    if (this.pingTimer) clearInterval(this.pingTimer);
    const s = this.socket;
    if (!s || s.destroyed) return;
    await new Promise<void>((resolve) => {
      s.once("close", () => resolve());
      if (graceful) {
        this.write({ cmd: "disconnect" } as Packet);
        s.end();
      } else s.destroy();
    });
  }
}

/** mqtts://, ssl:// and tls:// URLs connect over TLS. */
export function isSecureMqttUrl(u: URL): boolean {
  return u.protocol === "mqtts:" || u.protocol === "ssl:" || u.protocol === "tls:";
}

/** The URL without its password, for messages and logs. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return u.toString().replace(/\/$/, "");
  } catch {
    return url.replace(/\/\/([^:/@]*):[^@]*@/, "//$1:***@");
  }
}

/** What a CONNACK refusal code means (MQTT 3.1.1 return codes 1-5, MQTT 5 reason codes). */
function connackReason(code: number): string {
  const reasons: Record<number, string> = {
    1: "unacceptable protocol version",
    2: "client identifier rejected",
    3: "server unavailable",
    4: "bad user name or password",
    5: "not authorized",
    0x80: "unspecified error",
    0x84: "unsupported protocol version",
    0x85: "client identifier not valid",
    0x86: "bad user name or password",
    0x87: "not authorized",
    0x88: "server unavailable",
    0x89: "server busy",
    0x8a: "banned",
    0x8c: "bad authentication method",
  };
  return reasons[code] ?? "refused";
}
