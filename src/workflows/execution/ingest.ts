import { createHash } from "node:crypto";
import { idFromSlug, isId, type Clock, type NewEvent } from "../../kernel/index.js";
import { EVENT_TYPES, emptyLine, signalKindOf, trackSignal, type LineTracking, type StationSignal } from "../../execution/index.js";
import type { Store, StoredEvent } from "../ports.js";
import type { DeadLetter, DeviceData, ExecutionRepository, TelemetrySample } from "./ports.js";

/** Document collection holding each line's tracking state (stations, units on the line, sequence). */
export const LINE_TRACKING_COLLECTION = "execution-lines";
/** Consumer name under which applied device message ids are recorded (idempotency). */
export const INGEST_CONSUMER = "execution-ingest";

/** What the device edge hands over in one go. */
export interface IngestBatch {
  readonly signals: readonly StationSignal[];
  readonly telemetry: readonly TelemetrySample[];
  readonly deadLetters: readonly DeadLetter[];
}

export interface IngestResult {
  readonly applied: number;
  readonly duplicates: number;
  readonly rejected: number;
  /** Signals applied out of order: a unit's "left" that came after it had entered the next station (see trackSignal). */
  readonly late: number;
  readonly telemetryStored: number;
  readonly telemetryDuplicates: number;
  readonly deadLettered: number;
  readonly notes: readonly string[];
}

/** A line as execution needs it: code, station codes in order. */
export interface LineLayout {
  readonly code: string;
  readonly stations: readonly string[];
  /** The line's takt in ms (the planned run time per item of ISO 22400-2). */
  readonly taktMs: number;
}

/** The event id of a device message: deterministic, so a re-delivered message maps to the same event. */
export function eventIdFor(s: Pick<StationSignal, "line" | "station" | "id">): string {
  const h = createHash("sha256").update(`${s.line}/${s.station}/${s.id}`).digest("hex").slice(0, 32);
  return `evt_${h}`;
}

/** The event-log stream of a signal: the unit for unit events, the station for andon, fault and state. */
export function streamOf(s: StationSignal): string {
  if (s.kind === "unit_entered" || s.kind === "unit_left" || s.kind === "operation_done" || s.kind === "part_installed")
    return isId("unit", s.unit) ? s.unit : idFromSlug("unit", s.unit);
  return idFromSlug("station", `${s.line}-${s.station}`);
}

function toEvent(s: StationSignal, extra: Record<string, unknown>): NewEvent {
  const { kind, id, ...data } = s;
  const stream = streamOf(s);
  return {
    id: eventIdFor(s),
    type: EVENT_TYPES[kind],
    source: `/lines/${s.line}/stations/${s.station}`,
    subject: stream,
    stream,
    time: new Date(s.at).toISOString(),
    data: { ...data, msgId: id, ...extra },
  };
}

/** The station signal an execution event was made from (inverse of the append in applyBatch). */
export function signalOfEvent(e: StoredEvent): (StationSignal & { completed?: boolean; late?: boolean }) | undefined {
  const kind = signalKindOf(e.type);
  if (!kind) return undefined;
  const { msgId: _m, ...data } = e.data as Record<string, unknown>;
  return { ...data, kind, id: e.id } as StationSignal & { completed?: boolean; late?: boolean };
}

/**
 * Applies station signals from devices: the workflow between the device edge and the
 * execution domain. Per batch, in one store transaction: each message is recorded as
 * processed (a re-delivered message is a duplicate and has no effect), tracked on its
 * line (domain rules; a refused signal is dead-lettered with the reason; a unit's "left" that
 * comes after it entered the next station is applied late, counted in `late` and marked
 * `late: true` in its event), appended to the
 * event log (`unit.entered_station`, `part.installed`, `andon.raised`…, one append per
 * stream) and the line's tracking state saved. Telemetry goes to its series, dead letters
 * to theirs; then the read models catch up from the log.
 *
 * Not re-entrant: batches are applied one after the other (calls queue up).
 */
export class ExecutionIngest {
  private readonly lines = new Map<string, LineTracking>();
  private tail: Promise<unknown> = Promise.resolve();
  private projecting: Promise<void> | null = null;
  private readonly listeners = new Set<(line: string) => void>();

  constructor(
    private readonly store: Store,
    private readonly repo: ExecutionRepository,
    private readonly layouts: readonly LineLayout[],
    private readonly clock: Clock,
  ) {}

  /** Loads each line's tracking state (or an empty line) and brings the read models up to date. */
  async start(): Promise<void> {
    for (const l of this.layouts) {
      const doc = await this.store.getDocument<LineTracking>(LINE_TRACKING_COLLECTION, l.code);
      this.lines.set(l.code, doc?.body ?? emptyLine(l.code, l.stations));
    }
    await this.catchUp();
  }

  /** The tracking state of a line (stations, units on it), or undefined for an unknown line. */
  line(code: string): LineTracking | undefined {
    return this.lines.get(code);
  }

  /**
   * Calls `fn` with the line's code after each change of a line's tracking state (a batch
   * applied, a sequence released), once the change is stored. Returns the unsubscribe function.
   */
  onChange(fn: (line: string) => void): () => void {
    this.listeners.add(fn);
    return () => void this.listeners.delete(fn);
  }

  private changed(line: string): void {
    for (const fn of this.listeners) {
      try {
        fn(line);
      } catch {
        // A listener's failure is its own (a closed browser stream); tracking goes on.
      }
    }
  }

  hasStation(line: string, station: string): boolean {
    return this.lines.get(line)?.stations[station] !== undefined;
  }

  /** Sets the released sequence of a line (unit ids in build order); units entering the first station are checked against it. */
  releaseSequence(line: string, units: readonly string[]): Promise<void> {
    return this.serial(async () => {
      const l = this.lines.get(line);
      if (!l) throw new RangeError(`unknown line ${line}`);
      const next = { ...l, sequence: [...units], nextInSequence: 0 };
      await this.store.transaction((tx) => tx.putDocument(LINE_TRACKING_COLLECTION, line, "any", next));
      this.lines.set(line, next);
      this.changed(line);
    });
  }

  /** Applies one batch (see the class comment). Resolves once everything in it is stored. */
  apply(batch: IngestBatch): Promise<IngestResult> {
    return this.serial(() => this.applyNow(batch));
  }

  private serial<T>(f: () => Promise<T>): Promise<T> {
    const run = this.tail.then(f, f);
    this.tail = run.catch(() => undefined);
    return run;
  }

  private async applyNow(batch: IngestBatch): Promise<IngestResult> {
    const rejected: DeadLetter[] = [];
    const notes: string[] = [];
    let applied = 0;
    let duplicates = 0;
    let late = 0;
    if (batch.signals.length > 0) {
      const working = new Map<string, LineTracking>();
      await this.store.transaction(async (tx) => {
        const byStream = new Map<string, NewEvent[]>();
        for (const s of batch.signals) {
          const line = working.get(s.line) ?? this.lines.get(s.line);
          const eventId = eventIdFor(s);
          if (!(await tx.markProcessed(INGEST_CONSUMER, eventId))) {
            duplicates++;
            continue;
          }
          if (!line) {
            rejected.push(this.letter(s, "unknown_device", `unknown line ${s.line}`));
            continue;
          }
          const step = trackSignal(line, s);
          if (!step.ok) {
            rejected.push(this.letter(s, "rejected", step.reason));
            continue;
          }
          working.set(s.line, step.line);
          notes.push(...step.notes);
          const extra: Record<string, unknown> = step.completedUnit ? { completed: true } : step.late ? { late: true } : {};
          if (step.late) late++;
          // An andon pulled without naming the unit is about the unit in the station.
          if (s.kind === "andon_raised" && !s.unit && step.line.stations[s.station]?.andon?.unit) extra["unit"] = step.line.stations[s.station]!.andon!.unit;
          const ev = toEvent(s, extra);
          const list = byStream.get(ev.stream);
          if (list) list.push(ev);
          else byStream.set(ev.stream, [ev]);
          applied++;
        }
        for (const [stream, evs] of byStream) await tx.append(stream, "any", evs);
        for (const [code, l] of working) await tx.putDocument(LINE_TRACKING_COLLECTION, code, "any", l);
      });
      for (const [code, l] of working) this.lines.set(code, l);
      for (const code of working.keys()) this.changed(code);
    }
    const letters = [...batch.deadLetters, ...rejected];
    let telemetryStored: number;
    if (applied > 0) {
      // One more commit, not three: telemetry and dead letters go in the projection's transaction.
      telemetryStored = await this.project({ telemetry: batch.telemetry, deadLetters: letters });
    } else {
      telemetryStored = batch.telemetry.length > 0 ? await this.repo.insertTelemetry(batch.telemetry) : 0;
      if (letters.length > 0) await this.repo.insertDeadLetters(letters);
    }
    return {
      applied,
      duplicates,
      rejected: rejected.length,
      late,
      telemetryStored,
      telemetryDuplicates: batch.telemetry.length - telemetryStored,
      deadLettered: letters.length,
      notes,
    };
  }

  private letter(s: StationSignal, kind: DeadLetter["kind"], reason: string): DeadLetter {
    return { msgKey: eventIdFor(s), at: this.clock.nowMs(), source: `/lines/${s.line}/stations/${s.station}`, kind, reason, payload: JSON.stringify(s) };
  }

  /**
   * Projects execution events appended since the read models' checkpoint. One projection runs
   * at a time; a caller that finds one running waits for it and then runs its own, so events it
   * committed before calling are always projected when this resolves.
   */
  async catchUp(): Promise<void> {
    await this.project();
  }

  /** Runs a projection (after the one running, if any); with `device`, its data is stored in the first projection transaction. */
  private async project(device?: DeviceData): Promise<number> {
    while (this.projecting) await this.projecting;
    const run = this.projectNow(device);
    const p = run.then(
      () => undefined,
      () => undefined,
    );
    this.projecting = p;
    try {
      return await run;
    } finally {
      if (this.projecting === p) this.projecting = null;
    }
  }

  private async projectNow(device?: DeviceData): Promise<number> {
    let pos = await this.repo.checkpoint();
    let pending = device;
    let stored = 0;
    for (;;) {
      const evs = await this.store.readAll(pos, 1000);
      if (evs.length === 0 && !pending) break;
      const last = evs.length > 0 ? evs[evs.length - 1]!.position : pos;
      stored += await this.repo.project(
        evs.filter((e) => signalKindOf(e.type) !== undefined),
        last,
        pending,
      );
      pending = undefined;
      if (evs.length === 0) break;
      pos = last;
    }
    return stored;
  }
}
