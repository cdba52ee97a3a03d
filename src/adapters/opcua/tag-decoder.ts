import type { StationSignal } from "../../execution/index.js";
import type { DeadLetter, TelemetrySample } from "../../workflows/execution/index.js";
import type { Tag } from "./tag-map.js";

/** One value change of a monitored tag, as the client got it (good status only; bad ones never get here). */
export interface TagValueChange {
  readonly value: unknown;
  /** Source timestamp (epoch ms), else the server's, else the time of receipt. */
  readonly at: number;
}

/** What Takt's tracking knows of a station (fallback when the tag map has no unit or andon tag of its own there). */
export interface StationNow {
  readonly unit: string | null;
  readonly andon: boolean;
  readonly fault: boolean;
}

export interface Decoded {
  readonly signals: StationSignal[];
  readonly telemetry: TelemetrySample[];
  readonly deadLetters: DeadLetter[];
}

const truthy = (v: unknown): boolean => (typeof v === "string" ? v.trim() !== "" && v !== "0" && v.toLowerCase() !== "false" : typeof v === "bigint" ? v !== 0n : Boolean(v));
const text = (v: unknown): string => (v === null || v === undefined ? "" : String(v).trim());

/**
 * Turns tag value changes into station signals, telemetry and dead letters, by the tag's
 * meaning (see tag-map.ts). Keeps what it needs between changes: the last value of each tag,
 * the unit at each station and the current lot of each part. Message ids are derived from the
 * tag and the value's source timestamp, so a value delivered again (a resubscription after a
 * reconnect replays the current value) is applied once by the ingest. Pure: no I/O.
 */
export class TagDecoder {
  private readonly last = new Map<string, unknown>();
  private readonly unitAt = new Map<string, string | null>();
  private readonly lotOf = new Map<string, string>();

  constructor(private readonly station: (line: string, station: string) => StationNow | undefined) {}

  decode(tag: Tag, change: TagValueChange): Decoded {
    const out: Decoded = { signals: [], telemetry: [], deadLetters: [] };
    const { line, station } = tag;
    const key = `${line}/${station}`;
    const prev = this.last.get(tag.nodeId);
    const known = this.last.has(tag.nodeId);
    this.last.set(tag.nodeId, change.value);
    const id = `opcua:${tag.name}@${change.at}`;
    const base = { line, station, at: change.at };
    const source = `opcua:${tag.nodeId}`;
    const reject = (reason: string, kind: DeadLetter["kind"] = "rejected") =>
      out.deadLetters.push({ msgKey: `${id}:${kind}`, at: change.at, source, kind, reason, payload: JSON.stringify({ tag: tag.name, nodeId: tag.nodeId, value: String(change.value), at: change.at }) });
    const now = this.station(line, station);
    const unitHere = () => (this.unitAt.has(key) ? this.unitAt.get(key)! : (now?.unit ?? null));
    switch (tag.meaning) {
      case "current_unit": {
        const unit = text(change.value);
        const before = known ? text(prev) : (now?.unit ?? "");
        if (unit === before) break;
        if (before) out.signals.push({ ...base, id: `${id}:left`, kind: "unit_left", unit: before });
        if (unit) out.signals.push({ ...base, id: `${id}:entered`, kind: "unit_entered", unit });
        this.unitAt.set(key, unit || null);
        break;
      }
      case "unit_entered":
      case "unit_left": {
        const unit = text(change.value);
        if (!unit) break;
        out.signals.push({ ...base, id, kind: tag.meaning, unit });
        this.unitAt.set(key, tag.meaning === "unit_entered" ? unit : null);
        break;
      }
      case "operation_value": {
        const value = typeof change.value === "bigint" ? Number(change.value) : change.value;
        if (typeof value !== "number" || !Number.isFinite(value)) {
          reject(`${tag.characteristic} must be a finite number`, "malformed");
          break;
        }
        const unit = unitHere();
        if (!unit) {
          reject(`${tag.characteristic} = ${value} but no unit is at station ${station}`);
          break;
        }
        const m = { name: tag.characteristic!, value, ...(tag.uom !== undefined ? { uom: tag.uom } : {}), ...(tag.min !== undefined ? { min: tag.min } : {}), ...(tag.max !== undefined ? { max: tag.max } : {}) };
        const ok = (tag.min === undefined || value >= tag.min) && (tag.max === undefined || value <= tag.max);
        out.signals.push({ ...base, id, kind: "operation_done", unit, operation: tag.operation ?? tag.characteristic!, ok, values: [m] });
        break;
      }
      case "part_lot": {
        const lot = text(change.value);
        if (lot) this.lotOf.set(`${key}/${tag.partNumber}`, lot);
        break;
      }
      case "part_serial": {
        const serial = text(change.value);
        if (!serial) break;
        const unit = unitHere();
        const lot = this.lotOf.get(`${key}/${tag.partNumber}`) ?? tag.lot;
        if (!unit) reject(`part ${tag.partNumber} serial ${serial} but no unit is at station ${station}`);
        else if (!lot) reject(`part ${tag.partNumber} serial ${serial} has no lot (no part_lot tag value and no lot in the tag map)`);
        else out.signals.push({ ...base, id, kind: "part_installed", unit, partNumber: tag.partNumber!, serial, lot });
        break;
      }
      case "station_state": {
        const raw = text(change.value);
        const mapped: "idle" | "blocked" | "starved" | "ignore" | undefined = tag.states ? tag.states[raw] : (["idle", "blocked", "starved"].find((s) => s === raw.toLowerCase()) as "idle" | "blocked" | "starved" | undefined);
        if (mapped === "ignore" || (mapped === undefined && !tag.states && ["executing", "faulted"].includes(raw.toLowerCase()))) break;
        if (mapped === undefined) reject(`station state "${raw}" is not one of ${tag.states ? Object.keys(tag.states).join(", ") : "idle, blocked, starved"}`, "malformed");
        else if (!known || text(prev) !== raw) out.signals.push({ ...base, id, kind: "state_reported", state: mapped });
        break;
      }
      case "andon": {
        const on = truthy(change.value);
        const was = known ? truthy(prev) : (now?.andon ?? false);
        if (on === was) break;
        if (on) out.signals.push({ ...base, id, kind: "andon_raised", reason: typeof change.value === "string" ? change.value.trim() : (tag.reason ?? "andon"), ...(unitHere() ? { unit: unitHere()! } : {}) });
        else out.signals.push({ ...base, id, kind: "andon_cleared" });
        break;
      }
      case "fault": {
        const on = truthy(change.value);
        const was = known ? truthy(prev) : (now?.fault ?? false);
        if (on === was) break;
        if (on) out.signals.push({ ...base, id, kind: "fault_raised", code: typeof change.value === "boolean" ? (tag.code ?? "FAULT") : text(change.value), ...(tag.reason ? { text: tag.reason } : {}) });
        else out.signals.push({ ...base, id, kind: "fault_cleared" });
        break;
      }
      case "telemetry": {
        const v = change.value;
        const value = typeof v === "number" || typeof v === "boolean" || typeof v === "string" ? v : typeof v === "bigint" ? Number(v) : v instanceof Date ? v.toISOString() : undefined;
        if (value === undefined) reject(`telemetry ${tag.name}: unsupported value type`, "malformed");
        else out.telemetry.push({ msgKey: id, line, station, device: "opcua", tag: tag.name, value, at: change.at });
        break;
      }
    }
    return out;
  }
}
