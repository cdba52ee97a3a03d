import { ConflictError, newId, NotFoundError, ValidationError, type Clock } from "../../kernel/index.js";
import type { Order } from "../../orders/index.js";
import {
  checkInstance,
  deriveRatioRules,
  evaluateSequence,
  lowerBounds,
  optimizeSequence,
  pullOut,
  putBack,
  roadefWeights,
  type CarUnit,
  type DerivedRule,
  type ObjectivePart,
  type ObjectiveValue,
  type SequencingInstance,
} from "../../planning/index.js";
import type { OrderService } from "../orders/order-service.js";
import { ORDERS } from "../orders/order-service.js";
import type { Store } from "../ports.js";
import { loadLine } from "../plant-store.js";
import { UNIT_ORDERS, unitIdOf, type Plan, type PlanPosition, type PlanUnit, type PlanViolation, type ProgressSample, type UnitOrderLink } from "./plan-model.js";

export const PLANS = "plans";

export interface PlanRequest {
  readonly seconds?: number;
  readonly seed?: number;
  readonly paintBatchLimit?: number;
  readonly frozenCount?: number;
  readonly startsAt?: string;
  readonly objectives?: readonly ObjectivePart[];
}

/** The paint colour of an order: its `colour` (or `paint`) family value. */
function colourOf(o: Order): string {
  const s = o.configuration.selections;
  return s["colour"] ?? s["paint"] ?? s["color"] ?? "none";
}

function unitOf(o: Order): PlanUnit {
  return { orderId: o.id, colour: colourOf(o), heavyAt: [...new Set(o.configuration.workContent.filter((w) => w.seconds > 0).map((w) => w.station))].sort() };
}

/** Builds the sequencing instance the optimizer sees from plan units and rules. */
export function instanceOf(plan: Pick<Plan, "id" | "rules" | "units" | "tail" | "paintBatchLimit" | "objectives">): SequencingInstance {
  const colours = new Map<string, number>();
  const colourId = (c: string) => colours.get(c) ?? (colours.set(c, colours.size), colours.size - 1);
  const toCar = (u: PlanUnit, i: number): CarUnit => ({ ident: u.orderId, colour: colourId(u.colour), options: plan.rules.map((r) => u.heavyAt.includes(r.station)), seqRank: i + 1, date: "" });
  return checkInstance({
    name: plan.id,
    constraints: plan.rules,
    paintBatchLimit: plan.paintBatchLimit,
    previousDay: plan.tail.map(toCar),
    day: plan.units.map(toCar),
    objectives: plan.objectives,
    weights: roadefWeights(plan.objectives),
    endWindows: "truncated",
  });
}

/**
 * Lower bounds for the units in the plan's order (pulled-out units are not in the day any more).
 * `pairWork` as in lowerBounds: re-sequencing passes 0 to stay fast.
 */
export function boundsOf(plan: Pick<Plan, "id" | "rules" | "units" | "tail" | "paintBatchLimit" | "objectives" | "order">, pairWork?: number): ObjectiveValue {
  const inst = instanceOf(plan);
  return lowerBounds({ ...inst, day: plan.order.map((i) => inst.day[i]!) }, pairWork === undefined ? {} : { pairWork });
}

/** Windows where a rule is exceeded in the plan's order (the tail counts, per ROADEF). */
export function violationsOf(plan: Pick<Plan, "rules" | "units" | "tail" | "order">): PlanViolation[] {
  const seq = [...plan.tail, ...plan.order.map((i) => plan.units[i]!)];
  const t = plan.tail.length;
  const out: PlanViolation[] = [];
  for (const r of plan.rules) {
    const flags = seq.map((u) => u.heavyAt.includes(r.station));
    for (let s = Math.max(0, t - (r.window - 1)); s < seq.length; s++) {
      const e = Math.min(s + r.window, seq.length);
      let c = 0;
      for (let p = s; p < e; p++) if (flags[p]) c++;
      if (c > r.max) out.push({ station: r.station, priority: r.priority, from: Math.max(1, s - t + 1), to: e - t, excess: c - r.max });
    }
  }
  return out;
}

/**
 * Daily planning: the orders waiting for the line become a sequence optimized against the
 * ratio rules derived from the catalog's station work content and the paint batch limit; a
 * released plan schedules its orders and freezes the first positions (the frozen horizon),
 * after which pulling a unit out or putting it back re-sequences only the rest.
 */
export class PlanService {
  private readonly running = new Map<string, Promise<Plan>>();

  constructor(
    private readonly store: Store,
    private readonly orders: OrderService,
    private readonly clock: Clock,
    private readonly onCommit: () => void = () => undefined,
    /**
     * Told the line's sequence when a plan is released (execution tracks units against it).
     * Re-sequencing after a pull-out is not pushed: the units already on the line would be counted out of sequence.
     */
    private readonly onSequence: (plan: Plan) => Promise<void> = async () => undefined,
  ) {}

  private async line() {
    const line = await loadLine(this.store);
    if (!line) throw new NotFoundError("line", "default");
    return line;
  }

  async get(id: string): Promise<Plan> {
    const d = await this.store.getDocument<Plan>(PLANS, id);
    if (!d) throw new NotFoundError("plan", id);
    return d.body;
  }

  async list(): Promise<Plan[]> {
    return (await this.store.listDocuments<Plan>(PLANS, { limit: 200 })).map((d) => d.body).reverse();
  }

  /** The orders a new plan takes: placed ones, and scheduled ones not yet frozen. */
  private async waitingOrders(): Promise<Order[]> {
    const out: Order[] = [];
    let after: string | undefined;
    for (;;) {
      const page = await this.store.listDocuments<Order>(ORDERS, { limit: 1000, ...(after ? { afterId: after } : {}) });
      for (const d of page) if (d.body.status === "placed" || (d.body.status === "scheduled" && !d.body.slot?.frozen)) out.push(d.body);
      if (page.length < 1000) return out;
      after = page.at(-1)!.id;
    }
  }

  /** The frozen tail of released plans (the units the line builds before this plan's first). */
  private async frozenTail(maxWindow: number): Promise<PlanUnit[]> {
    const released = (await this.list()).filter((p) => p.status === "released");
    const last = released[0];
    if (!last) return [];
    return last.sequence.filter((p) => p.frozen).slice(-(maxWindow - 1)).map(({ orderId, colour, heavyAt }) => ({ orderId, colour, heavyAt }));
  }

  /**
   * Starts optimizing a new plan; returns at once with the plan in status `optimizing`.
   * The optimizer runs in slices of 100 ms so the server keeps answering, and records its
   * progress (best objective over time) in the plan, which then becomes `proposed`.
   */
  async propose(req: PlanRequest = {}): Promise<Plan> {
    const seconds = req.seconds ?? 3;
    if (!(seconds > 0 && seconds <= 600)) throw new ValidationError("seconds: must be in (0, 600]", [{ path: "/seconds", message: "out of range" }]);
    const line = await this.line();
    const orders = await this.waitingOrders();
    if (orders.length === 0) throw new ConflictError("no orders are waiting to be planned");
    const units = orders.map(unitOf);
    const rules: DerivedRule[] = deriveRatioRules(orders.map((o) => o.configuration.workContent), { takt: line.takt });
    const tail = await this.frozenTail(Math.max(1, ...rules.map((r) => r.window)));
    const now = this.clock.nowMs();
    const startsAt = req.startsAt ?? new Date(Math.ceil(now / (line.takt * 1000)) * line.takt * 1000).toISOString();
    const base: Plan = {
      id: newId("plan", now),
      lineId: line.id,
      status: "optimizing",
      createdAt: new Date(now).toISOString(),
      releasedAt: null,
      startsAt,
      takt: line.takt,
      paintBatchLimit: req.paintBatchLimit ?? 10,
      frozenCount: Math.min(req.frozenCount ?? Math.min(line.stations.length, 20), units.length),
      objectives: req.objectives ?? ["hprc", "pcc", "lprc"],
      rules,
      units,
      tail,
      order: units.map((_, i) => i),
      sequence: [],
      value: null,
      start: null,
      bounds: null,
      violations: [],
      progress: [],
      secondsBudget: seconds,
      pulledOut: [],
    };
    const inst = instanceOf(base);
    await this.store.transaction((tx) => tx.putDocument(PLANS, base.id, 0, base));
    const job = this.optimize(base, inst, seconds, req.seed ?? 1);
    this.running.set(base.id, job);
    void job.finally(() => this.running.delete(base.id)).catch(() => undefined);
    return base;
  }

  /** Waits for a running optimization to finish (tests, CLI). */
  async settle(id: string): Promise<Plan> {
    return (await this.running.get(id)) ?? this.get(id);
  }

  private async optimize(base: Plan, inst: SequencingInstance, seconds: number, seed: number): Promise<Plan> {
    const t0 = Date.now();
    let best = optimizeSequence(inst, { seconds: Math.min(0.1, seconds), seed });
    const start = best.start;
    const progress: ProgressSample[] = [{ elapsedMs: 0, ...pick(start) }, { elapsedMs: Date.now() - t0, ...pick(best.value) }];
    let version = 1;
    let slice = 1;
    let lastSave = 0;
    while (Date.now() - t0 < seconds * 1000 && best.value.objective > 0) {
      await new Promise((r) => setImmediate(r));
      const r = optimizeSequence(inst, { seconds: Math.min(0.1, seconds - (Date.now() - t0) / 1000), seed: seed + slice++, initial: best.order });
      if (r.value.objective < best.value.objective) {
        best = r;
        progress.push({ elapsedMs: Date.now() - t0, ...pick(r.value) });
        // Saved at most every 250 ms, so a planner watching the chart sees it grow without a write per improvement.
        if (Date.now() - lastSave >= 250) {
          lastSave = Date.now();
          version = await this.store.transaction((tx) => tx.putDocument(PLANS, base.id, version, { ...base, progress, value: best.value, start }));
        }
      }
    }
    progress.push({ elapsedMs: Date.now() - t0, ...pick(best.value) });
    const evaluated = evaluateSequence(inst, best.order);
    const plan: Plan = { ...base, status: "proposed", order: best.order, value: pick(evaluated), start, bounds: lowerBounds(inst), progress };
    const done: Plan = { ...plan, sequence: this.positions(plan), violations: violationsOf(plan) };
    await this.store.transaction(async (tx) => {
      const cur = await tx.getDocument<Plan>(PLANS, base.id);
      await tx.putDocument(PLANS, base.id, cur!.version, done);
    });
    return done;
  }

  private positions(plan: Plan): PlanPosition[] {
    const t0 = Date.parse(plan.startsAt);
    return plan.order.map((u, i) => ({ ...plan.units[u]!, unitId: unitIdOf(plan.units[u]!.orderId), position: i + 1, plannedStart: new Date(t0 + i * plan.takt * 1000).toISOString(), frozen: i < plan.frozenCount }));
  }

  /**
   * Releases a proposed plan: schedules every order at its position and freezes the first
   * `frozenCount` (changes and cancellations of those orders are closed from now on).
   */
  async release(id: string): Promise<Plan> {
    const plan = await this.get(id);
    if (plan.status !== "proposed") throw new ConflictError(`plan ${id} is ${plan.status}; only a proposed plan can be released`);
    const released: Plan = { ...plan, status: "released", releasedAt: this.clock.now().toISOString() };
    // Read outside the transaction: on SQLite a read on the store while a transaction holds the connection would wait for it.
    // The released plan schedules the waiting orders: the earlier released plan and the other proposals over them are stale.
    const superseded = (await this.list()).filter((p) => (p.status === "released" || p.status === "proposed") && p.id !== id);
    await this.store.transaction(async (tx) => {
      const doc = await tx.getDocument<Plan>(PLANS, id);
      for (const p of plan.sequence) {
        const slot = { planId: id, position: p.position, frozen: false, plannedStart: p.plannedStart };
        const o = await tx.getDocument<Order>(ORDERS, p.orderId);
        // An order cancelled or held while the plan was being optimized is skipped, not forced.
        if (!o || !["placed", "scheduled"].includes(o.body.status)) continue;
        await this.orders.commandIn(tx, p.orderId, { kind: "schedule", slot });
        await tx.putDocument<UnitOrderLink>(UNIT_ORDERS, p.unitId, "any", { unitId: p.unitId, orderId: p.orderId, planId: id });
        if (p.frozen) await this.orders.commandIn(tx, p.orderId, { kind: "freeze", slot });
      }
      for (const other of superseded) await tx.putDocument(PLANS, other.id, "any", { ...other, status: "superseded" });
      await tx.putDocument(PLANS, id, doc!.version, released);
      await tx.append(id, "any", [{ type: "plan.released", source: "/planning", subject: id, stream: id, data: { units: plan.sequence.length, frozen: plan.frozenCount, value: plan.value } }]);
    });
    this.onCommit();
    await this.onSequence({ ...released });
    return released;
  }

  /** Pulls an order's unit out of a released plan (rework) and re-sequences after the frozen horizon. */
  async pullOut(id: string, orderId: string, seconds = 0.3): Promise<Plan> {
    return this.resequence(id, orderId, "pull", seconds);
  }

  /** Puts a pulled-out unit back into the plan at its best feasible place after the frozen horizon. */
  async putBack(id: string, orderId: string, seconds = 0.3): Promise<Plan> {
    return this.resequence(id, orderId, "put", seconds);
  }

  private async resequence(id: string, orderId: string, how: "pull" | "put", seconds: number): Promise<Plan> {
    const doc = await this.store.getDocument<Plan>(PLANS, id);
    if (!doc) throw new NotFoundError("plan", id);
    const plan = doc.body;
    if (plan.status !== "released") throw new ConflictError(`plan ${id} is ${plan.status}; re-sequencing works on the released plan`);
    const unit = plan.units.findIndex((u) => u.orderId === orderId);
    if (unit < 0) throw new NotFoundError("order in plan", orderId);
    const inst = instanceOf(plan);
    const inSeq = plan.order.includes(unit);
    if (how === "pull" && !inSeq) throw new ConflictError(`order ${orderId} is already pulled out of plan ${id}`);
    if (how === "put" && inSeq) throw new ConflictError(`order ${orderId} is already in plan ${id}`);
    const frozen = Math.min(plan.frozenCount, plan.order.length);
    const r = how === "pull" ? pullOut(inst, plan.order, unit, { frozen, seconds }) : putBack(inst, plan.order, unit, { frozen, seconds });
    const frozenCount = how === "pull" && plan.order.indexOf(unit) < frozen ? frozen - 1 : frozen;
    const pulledOut = how === "pull" ? [...plan.pulledOut, orderId] : plan.pulledOut.filter((o) => o !== orderId);
    const next0: Plan = { ...plan, order: r.order, frozenCount, pulledOut, value: r.value, bounds: boundsOf({ ...plan, order: r.order }, 0) };
    const next: Plan = { ...next0, sequence: this.positions(next0), violations: violationsOf(next0) };
    await this.store.transaction(async (tx) => {
      for (const p of next.sequence) {
        if (p.frozen) continue;
        const o = await tx.getDocument<Order>(ORDERS, p.orderId);
        if (o && o.body.status === "scheduled" && !o.body.slot?.frozen && o.body.slot?.position !== p.position)
          await this.orders.commandIn(tx, p.orderId, { kind: "schedule", slot: { planId: id, position: p.position, frozen: false, plannedStart: p.plannedStart } });
      }
      await tx.putDocument(PLANS, id, doc.version, next);
      await tx.append(id, "any", [{ type: how === "pull" ? "plan.unit_pulled_out" : "plan.unit_put_back", source: "/planning", subject: id, stream: id, data: { orderId, elapsedMs: r.elapsedMs, value: r.value } }]);
    });
    this.onCommit();
    return next;
  }
}

function pick(v: { objective: number; hprc: number; lprc: number; pcc: number }) {
  return { objective: v.objective, hprc: v.hprc, lprc: v.lprc, pcc: v.pcc };
}
