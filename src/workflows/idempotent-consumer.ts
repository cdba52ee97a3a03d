import type { TaktEvent } from "../kernel/index.js";
import type { Delivery, Store, StoreTx } from "./ports.js";

/**
 * Wraps an event handler so its effect happens once per event id although the bus
 * delivers at least once: the handler's writes and the "processed" mark commit in
 * one transaction, and a redelivered event finds the mark and is skipped.
 * @example bus.subscribe({ consumer: "tracking" }, idempotent(store, "tracking", (e, tx) => tx.putDocument(...)))
 */
export function idempotent(
  store: Store,
  consumer: string,
  handle: (event: TaktEvent, tx: StoreTx) => Promise<void>,
): (d: Delivery) => Promise<void> {
  return (d) =>
    store.transaction(async (tx) => {
      if (!(await tx.markProcessed(consumer, d.event.id))) return;
      await handle(d.event, tx);
    });
}
