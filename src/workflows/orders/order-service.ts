import { newId, NotFoundError, type Clock } from "../../kernel/index.js";
import { decide, evolve, type Order, type OrderCommand, type OrderEvent } from "../../orders/index.js";
import type { Store, StoreTx } from "../ports.js";
import type { ProductCatalog } from "./ports.js";

export const ORDERS = "orders";

function toNewEvents(order: Order, events: readonly OrderEvent[]) {
  return events.map((e) => ({ type: e.type, source: "/orders", subject: order.id, stream: order.id, time: e.time, data: e.data }));
}

/**
 * Order use cases. Each command is decided against the order's current state and written as
 * events plus a snapshot document in one transaction, at the expected stream version: two
 * concurrent commands on one order cannot both apply (the second gets a 409).
 */
export class OrderService {
  constructor(
    private readonly store: Store,
    private readonly catalog: ProductCatalog,
    private readonly clock: Clock,
    private readonly onCommit: () => void = () => undefined,
  ) {}

  /** Places an order from a configuration the server validates and prices again. */
  async place(input: { customerId: string; productId: string; selections: Readonly<Record<string, string>>; modelVersion?: string }): Promise<Order> {
    const configuration = await this.catalog.configure(input.productId, input.selections, input.modelVersion);
    const id = newId("order", this.clock.nowMs());
    const placed: OrderEvent = { type: "order.placed", data: { orderId: id, customerId: input.customerId, configuration }, time: this.clock.now().toISOString() };
    const order = evolve(null, placed);
    await this.store.transaction(async (tx) => {
      await tx.append(id, "none", toNewEvents(order, [placed]));
      await tx.putDocument(ORDERS, id, 0, order, input.customerId);
    });
    this.onCommit();
    return order;
  }

  async get(id: string): Promise<Order> {
    const doc = await this.store.getDocument<Order>(ORDERS, id);
    if (!doc) throw new NotFoundError("order", id);
    return doc.body;
  }

  /** Applies a command; for `change`, the new selections are configured and priced by the server first. */
  async command(id: string, cmd: OrderCommand | { kind: "reconfigure"; selections: Readonly<Record<string, string>>; reason?: string }): Promise<Order> {
    let resolved: OrderCommand;
    if (cmd.kind === "reconfigure") {
      const current = await this.get(id);
      // The price is recomputed on the current model version: an order changed today is never charged an old price.
      const configuration = await this.catalog.configure(current.configuration.productId, cmd.selections);
      resolved = { kind: "change", configuration, ...(cmd.reason ? { reason: cmd.reason } : {}) };
    } else resolved = cmd;
    const out = await this.store.transaction((tx) => this.commandIn(tx, id, resolved));
    this.onCommit();
    return out;
  }

  /** Applies a command inside a caller's transaction (used by planning and execution workflows). */
  async commandIn(tx: StoreTx, id: string, cmd: OrderCommand): Promise<Order> {
    const doc = await tx.getDocument<Order>(ORDERS, id);
    if (!doc) throw new NotFoundError("order", id);
    const order = doc.body;
    const events = decide(order, cmd, this.clock.now().toISOString());
    if (events.length === 0) return order;
    const next = events.reduce((o, e) => evolve(o, e), order);
    await tx.append(id, order.version, toNewEvents(order, events));
    await tx.putDocument(ORDERS, id, doc.version, next, order.customerId);
    return next;
  }

  async list(q: { customerId?: string; status?: string; limit?: number; after?: string }): Promise<Order[]> {
    const docs = await this.store.listDocuments<Order>(ORDERS, {
      ...(q.customerId ? { ownerId: q.customerId } : {}),
      limit: q.status ? 1000 : (q.limit ?? 100),
      ...(q.after ? { afterId: q.after } : {}),
    });
    const orders = docs.map((d) => d.body);
    return (q.status ? orders.filter((o) => o.status === q.status) : orders).slice(0, q.limit ?? 100);
  }
}
