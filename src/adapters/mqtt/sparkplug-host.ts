import type { StationSignal } from "../../execution/index.js";
import type { DeadLetter, TelemetrySample } from "../../workflows/execution/index.js";
import { dead, decodeJsonEvent, payloadText } from "./json-topics.js";
import { decodeSparkplug, encodeSparkplug, type SparkplugMetric, type SparkplugPayload } from "./sparkplug-codec.js";

/**
 * A Sparkplug B 3.0 host application (Eclipse Sparkplug 3.0.0, §7 and §10): keeps each edge
 * node's session (bdSeq, sequence numbers 0–255, metric aliases from NBIRTH/DBIRTH, which
 * devices are online) and turns NBIRTH/DBIRTH/NDATA/DDATA/NDEATH/DDEATH into telemetry
 * samples and station signals.
 *
 * Mapping to the plant: the Sparkplug group id is the line code, a device id is a station code.
 * Device metrics become telemetry; a String metric named `Takt/Event/<event>` carries a station
 * event with the payload of the JSON topic scheme (e.g. `Takt/Event/unit-entered` =
 * `{"id":"…","unit":"…"}`).
 *
 * Edge safety: data from a node that has not been born, an unknown alias, an unknown device,
 * duplicates and late (out-of-order) messages are dead-lettered; an unknown alias, data before
 * birth and a sequence gap make the host ask the node to rebirth (NCMD `Node Control/Rebirth`),
 * at most once per node every `rebirthIntervalMs`.
 */
export const SPARKPLUG_NAMESPACE = "spBv1.0";
export const SPARKPLUG_FILTER = "spBv1.0/#";
export const EVENT_METRIC_PREFIX = "Takt/Event/";
export const REBIRTH_METRIC = "Node Control/Rebirth";

/** Which lines and stations exist (from the plant model). */
export interface PlantDirectory {
  hasLine(line: string): boolean;
  hasStation(line: string, station: string): boolean;
}

type MessageType = "NBIRTH" | "NDEATH" | "DBIRTH" | "DDEATH" | "NDATA" | "DDATA" | "NCMD" | "DCMD" | "STATE";

interface NodeSession {
  bdSeq: number | null;
  /** The seq expected next. */
  expectSeq: number;
  aliases: Map<number, string>;
  devices: Map<string, boolean>;
  online: boolean;
  lastRebirthAt: number;
}

/** A command for an edge node (published by the transport). */
export interface OutgoingCommand {
  readonly topic: string;
  readonly payload: Uint8Array;
}

export interface HostResult {
  readonly signals: StationSignal[];
  readonly telemetry: TelemetrySample[];
  readonly deadLetters: DeadLetter[];
  readonly commands: OutgoingCommand[];
  /** Seq numbers skipped (messages that never arrived or arrive later). */
  seqGaps: number;
}

const empty = (): HostResult => ({ signals: [], telemetry: [], deadLetters: [], commands: [], seqGaps: 0 });

export class SparkplugHost {
  private readonly nodes = new Map<string, NodeSession>();

  constructor(
    private readonly plant: PlantDirectory,
    private readonly rebirthIntervalMs = 5000,
  ) {}

  /** Whether the Sparkplug device for a station is online (null when no edge node reported it). */
  online(line: string, station: string): boolean | null {
    let seen: boolean | null = null;
    for (const [k, n] of this.nodes) {
      if (!k.startsWith(`${line}/`)) continue;
      const d = n.devices.get(station);
      if (d !== undefined) {
        if (d && n.online) return true;
        seen = false;
      }
    }
    return seen;
  }

  /** Edge nodes and their state (for the API). */
  nodeList(): { group: string; edge: string; online: boolean; bdSeq: number | null; devices: { device: string; online: boolean }[] }[] {
    return [...this.nodes].map(([k, n]) => {
      const [group, edge] = k.split("/") as [string, string];
      return { group, edge, online: n.online, bdSeq: n.bdSeq, devices: [...n.devices].map(([device, online]) => ({ device, online: online && n.online })) };
    });
  }

  /** Handles one message on `spBv1.0/…`. Never throws. */
  handle(topic: string, bytes: Uint8Array, now: number): HostResult {
    const r = empty();
    const parts = topic.split("/");
    if (parts[0] !== SPARKPLUG_NAMESPACE) return r;
    const type = parts[2] as MessageType | undefined;
    if (parts[1] === "STATE" || type === "NCMD" || type === "DCMD" || type === "STATE") return r;
    const [, group, , edge, device] = parts;
    const deadL = (kind: DeadLetter["kind"], reason: string, key: string | null = null) => {
      r.deadLetters.push((dead(topic, kind, reason, bytes, now, key) as { letter: DeadLetter }).letter);
      return r;
    };
    if (!group || !edge || !type || !["NBIRTH", "NDEATH", "DBIRTH", "DDEATH", "NDATA", "DDATA"].includes(type) || parts.length > 5 || (type.startsWith("D") ? !device : device !== undefined))
      return deadL("malformed", "topic must be spBv1.0/<group>/<N|D><BIRTH|DEATH|DATA>/<edge>[/<device>]");
    let p: SparkplugPayload;
    try {
      p = decodeSparkplug(bytes);
    } catch (e) {
      return deadL("malformed", `not a Sparkplug B payload: ${(e as Error).message}`);
    }
    const nodeKey = `${group}/${edge}`;
    let node = this.nodes.get(nodeKey);

    if (type === "NBIRTH") {
      if (!this.plant.hasLine(group)) return deadL("unknown_device", `unknown line ${group} (Sparkplug group id)`);
      const bd = p.metrics.find((m) => m.name === "bdSeq");
      if (p.seq === undefined) return deadL("malformed", "/seq: NBIRTH must carry a sequence number");
      node = { bdSeq: bd?.value === undefined ? null : Number(bd.value), expectSeq: (p.seq + 1) % 256, aliases: new Map(), devices: new Map(), online: true, lastRebirthAt: 0 };
      this.nodes.set(nodeKey, node);
      for (const m of p.metrics) if (m.alias !== undefined && m.name) node.aliases.set(m.alias, m.name);
      this.samples(r, group, `@${edge}`, edge, p, node, topic, now);
      return r;
    }
    if (type === "NDEATH") {
      const bd = p.metrics.find((m) => m.name === "bdSeq");
      if (!node) return deadL("not_born", "NDEATH of an edge node that was never born");
      if (bd && node.bdSeq !== null && Number(bd.value) !== node.bdSeq) return deadL("out_of_order", `stale NDEATH: bdSeq ${String(bd.value)}, current session ${node.bdSeq}`);
      node.online = false;
      for (const d of node.devices.keys()) node.devices.set(d, false);
      return r;
    }
    // Everything else belongs to a born session and carries a sequence number.
    if (!node || !node.online) {
      this.rebirth(r, group, edge, node, now);
      return deadL("not_born", `${type} from edge node ${edge} before its NBIRTH`);
    }
    if (p.seq === undefined) return deadL("malformed", "/seq: missing sequence number");
    const diff = (p.seq - node.expectSeq + 256) % 256;
    const msgKey = `sp:${nodeKey}:${node.bdSeq ?? "-"}:${p.seq}:${p.timestamp ?? "-"}`;
    if (diff >= 128) return deadL(diff === 255 ? "duplicate" : "out_of_order", `seq ${p.seq} is behind the expected ${node.expectSeq}`, msgKey);
    if (diff > 0) {
      r.seqGaps += diff;
      this.rebirth(r, group, edge, node, now);
    }
    node.expectSeq = (p.seq + 1) % 256;

    if (type === "DBIRTH") {
      if (!this.plant.hasStation(group, device!)) return deadL("unknown_device", `unknown station ${device} on line ${group} (Sparkplug device id)`, msgKey);
      for (const m of p.metrics) if (m.alias !== undefined && m.name) node.aliases.set(m.alias, m.name);
      node.devices.set(device!, true);
      this.samples(r, group, device!, `${edge}/${device}`, p, node, topic, now, msgKey);
      return r;
    }
    if (type === "DDEATH") {
      if (!node.devices.has(device!)) return deadL("not_born", `DDEATH of device ${device} that was never born`, msgKey);
      node.devices.set(device!, false);
      return r;
    }
    if (type === "DDATA" && node.devices.get(device!) !== true) {
      this.rebirth(r, group, edge, node, now);
      return deadL(node.devices.has(device!) ? "not_born" : this.plant.hasStation(group, device!) ? "not_born" : "unknown_device", `DDATA from device ${device} that is not born`, msgKey);
    }
    const unknown = p.metrics.find((m) => !m.name && (m.alias === undefined || !node.aliases.has(m.alias)));
    if (unknown) {
      this.rebirth(r, group, edge, node, now);
      return deadL("unknown_alias", `metric alias ${unknown.alias ?? "(none)"} is not in the birth certificate`, msgKey);
    }
    if (type === "NDATA") this.samples(r, group, `@${edge}`, edge, p, node, topic, now, msgKey);
    else this.samples(r, group, device!, `${edge}/${device}`, p, node, topic, now, msgKey);
    return r;
  }

  private rebirth(r: HostResult, group: string, edge: string, node: NodeSession | undefined, now: number): void {
    const last = node?.lastRebirthAt ?? this.pendingRebirth.get(`${group}/${edge}`) ?? 0;
    if (now - last < this.rebirthIntervalMs && last !== 0) return;
    if (node) node.lastRebirthAt = now;
    else this.pendingRebirth.set(`${group}/${edge}`, now);
    r.commands.push({
      topic: `${SPARKPLUG_NAMESPACE}/${group}/NCMD/${edge}`,
      payload: encodeSparkplug({ timestamp: now, metrics: [{ name: REBIRTH_METRIC, type: "Boolean", value: true }] }),
    });
  }
  private readonly pendingRebirth = new Map<string, number>();

  private samples(r: HostResult, line: string, station: string, device: string, p: SparkplugPayload, node: NodeSession, topic: string, now: number, msgKey?: string): void {
    const key = msgKey ?? `sp:${line}/${device}:${node.bdSeq ?? "-"}:birth:${p.timestamp ?? now}`;
    const at = p.timestamp ?? now;
    p.metrics.forEach((m: SparkplugMetric, i) => {
      const name = m.name ?? node.aliases.get(m.alias!)!;
      if (name === "bdSeq" || name.startsWith("Node Control/")) return;
      if (name.startsWith(EVENT_METRIC_PREFIX)) {
        const event = name.slice(EVENT_METRIC_PREFIX.length);
        let body: unknown;
        try {
          body = JSON.parse(String(m.value));
        } catch (e) {
          r.deadLetters.push({ msgKey: `${key}#${i}`, at: now, source: `${topic}#${name}`, kind: "malformed", reason: `metric value is not JSON: ${(e as Error).message}`, payload: String(m.value) });
          return;
        }
        const d = decodeJsonEvent(line, station, event, body, m.timestamp ?? at, `${topic}#${name}`, String(m.value));
        if (d.kind === "signal") r.signals.push(d.signal);
        else if (d.kind === "dead") r.deadLetters.push(d.letter);
        return;
      }
      if (m.isNull || m.value === undefined || m.value === null) return;
      const v = m.value;
      const value = typeof v === "number" || typeof v === "boolean" || typeof v === "string" ? v : payloadText(new TextEncoder().encode(JSON.stringify(v)));
      r.telemetry.push({ msgKey: key, line, station, device, tag: name, value, at: m.timestamp ?? at });
    });
  }
}
