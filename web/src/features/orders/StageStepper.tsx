import type { ReactNode } from "react";
import type { OrderTracking } from "../../api";
import { humanize } from "../../app/format";

const STAGE_LABEL: Record<string, string> = {
  placed: "Ordered",
  scheduled: "Scheduled",
  in_production: "In production",
  in_quality: "Quality checks",
  completed: "Completed",
  shipped: "Shipped",
  delivered: "Delivered",
};

export const stageLabel = (stage: string): string => STAGE_LABEL[stage] ?? humanize(stage);

/** The order's stages as an ordered list: done ones ticked, the current one marked (aria-current="step"). */
export function StageStepper({ tracking }: { readonly tracking: OrderTracking }): ReactNode {
  const stopped = tracking.status === "on_hold" || tracking.status === "cancelled";
  return (
    <ol className="stepper" aria-label="Order stages" data-stage={tracking.stages[tracking.stageIndex] ?? ""}>
      {tracking.stages.map((stage, i) => {
        const state = i < tracking.stageIndex ? "done" : i === tracking.stageIndex ? (stopped ? "stopped" : "current") : "todo";
        return (
          <li key={stage} className={`step ${state}`} aria-current={state === "current" || state === "stopped" ? "step" : undefined}>
            <span className="step-dot" aria-hidden="true">
              {state === "done" ? "✓" : i + 1}
            </span>
            <span className="step-label">
              {stageLabel(stage)}
              <span className="visually-hidden">{state === "done" ? " (done)" : state === "current" ? " (current)" : state === "stopped" ? ` (${humanize(tracking.status).toLowerCase()})` : ""}</span>
            </span>
          </li>
        );
      })}
    </ol>
  );
}
