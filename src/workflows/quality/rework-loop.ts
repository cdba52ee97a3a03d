import { ConflictError, type TaktEvent } from "../../kernel/index.js";
import { finishRework, isOpen, onLine, returnToLine, sendToRework, type UnitRework } from "../../quality/index.js";
import { idempotent } from "../idempotent-consumer.js";
import { unitIdOf } from "../planning/plan-model.js";
import type { PlanService } from "../planning/plan-service.js";
import type { EventBus, Store, Subscription } from "../ports.js";
import { UNIT_DEFECTS, type UnitDefects } from "./defect-service.js";

/** Rework state of each unit that was pulled out for it (collection `unit_rework`, keyed by unit id). */
export const UNIT_REWORK = "unit_rework";
export interface UnitReworkDoc extends UnitRework {
  readonly planId: string;
  readonly orderId: string;
}

/**
 * Closes the rework loop: a unit pulled out of the released plan while it has open defects is
 * in rework (`unit.sent_to_rework`); when its last defect is repaired and passes re-inspection
 * (`defect.verified`), rework is done (`unit.rework_done`) and the unit is put back into the plan
 * through re-sequencing after the frozen horizon (`unit.returned_to_line`). Two durable consumers:
 * the first records state changes in one transaction with its processed mark; the second runs the
 * optimizer outside any transaction and is safe to repeat (a unit already back is left alone).
 */
export async function startReworkLoop(bus: EventBus, store: Store, plans: PlanService, onCommit: () => void = () => undefined): Promise<Subscription> {
  const track = await bus.subscribe(
    { consumer: "rework_tracking", types: ["plan.unit_pulled_out", "defect.verified"] },
    idempotent(store, "rework_tracking", async (e, tx) => {
      if (e.type === "plan.unit_pulled_out") {
        const orderId = (e.data as { orderId: string }).orderId;
        const unit = unitIdOf(orderId);
        const defects = (await tx.getDocument<UnitDefects>(UNIT_DEFECTS, unit))?.body.defects ?? [];
        const open = defects.filter(isOpen);
        // A pull-out for another reason (a missing part, a customer change) is not rework: planning puts it back by hand.
        if (open.length === 0) return;
        const cur = await tx.getDocument<UnitReworkDoc>(UNIT_REWORK, unit);
        if (cur && cur.body.state !== "on_line") return;
        const base: UnitRework = cur ? { unit, state: "on_line", loops: cur.body.loops } : onLine(unit);
        const r = sendToRework(base, open[0]!.station, defects);
        await tx.putDocument<UnitReworkDoc>(UNIT_REWORK, unit, cur?.version ?? 0, { ...r.rework, planId: e.subject, orderId });
        await tx.append(unit, "any", [r.event]);
        return;
      }
      const unit = e.subject;
      const cur = await tx.getDocument<UnitReworkDoc>(UNIT_REWORK, unit);
      if (cur?.body.state !== "in_rework") return;
      const defects = (await tx.getDocument<UnitDefects>(UNIT_DEFECTS, unit))?.body.defects ?? [];
      if (defects.some(isOpen)) return;
      const r = finishRework(cur.body, defects);
      await tx.putDocument<UnitReworkDoc>(UNIT_REWORK, unit, cur.version, { ...cur.body, ...r.rework });
      await tx.append(unit, "any", [{ ...r.event, data: { ...(r.event.data as object), planId: cur.body.planId, orderId: cur.body.orderId } }]);
    }),
  );
  const putBack = await bus.subscribe({ consumer: "rework_resequence", types: ["unit.rework_done"] }, async ({ event }) => {
    await resequence(store, plans, event);
    onCommit();
  });
  return {
    async close() {
      await track.close();
      await putBack.close();
    },
  };
}

async function resequence(store: Store, plans: PlanService, e: TaktEvent): Promise<void> {
  const unit = e.subject;
  const doc = await store.getDocument<UnitReworkDoc>(UNIT_REWORK, unit);
  if (doc?.body.state !== "awaiting_resequence") return;
  const { planId, orderId } = doc.body;
  let how = "put_back";
  try {
    await plans.putBack(planId, orderId);
  } catch (err) {
    // Already back in (a redelivery, or a planner was quicker), or the plan was superseded: nothing to re-sequence here.
    if (!(err instanceof ConflictError)) throw err;
    how = "already_in_plan_or_superseded";
  }
  await store.transaction(async (tx) => {
    const cur = await tx.getDocument<UnitReworkDoc>(UNIT_REWORK, unit);
    if (cur?.body.state !== "awaiting_resequence") return;
    await tx.putDocument<UnitReworkDoc>(UNIT_REWORK, unit, cur.version, { ...cur.body, ...returnToLine(cur.body) });
    await tx.append(unit, "any", [{ type: "unit.returned_to_line", source: "/quality/rework", subject: unit, stream: unit, data: { unit, planId, orderId, how, loops: cur.body.loops } }]);
  });
}
