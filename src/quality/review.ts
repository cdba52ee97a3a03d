import { ConflictError, NotFoundError } from "../kernel/index.js";
import type { InspectionRecord } from "./registry.js";

/** Why a verdict is waiting for an engineer. */
export type ReviewReason = "low_confidence" | "shadow_disagreement" | "defect_found" | "requested";

export interface ReviewItem {
  readonly record: InspectionRecord;
  readonly reasons: readonly ReviewReason[];
  readonly state: "pending" | "confirmed" | "corrected";
  readonly label?: string;
  readonly by?: string;
  readonly at?: string;
}

export interface ReviewQueue {
  readonly items: ReadonlyMap<string, ReviewItem>;
}

export const emptyQueue = (): ReviewQueue => ({ items: new Map() });

/** Which verdicts go to review: below `minScore`, any shadow disagreement, optionally every defect verdict. */
export interface ReviewPolicy {
  readonly minScore: number;
  /** Labels that mean "good"; any other live label is a defect verdict. */
  readonly okLabels: readonly string[];
  readonly reviewDefects: boolean;
}

/** Reasons this record needs review under `policy` (empty: no review needed). */
export function reviewReasons(rec: InspectionRecord, policy: ReviewPolicy): ReviewReason[] {
  const out: ReviewReason[] = [];
  if (rec.live.verdict.score < policy.minScore) out.push("low_confidence");
  if (rec.shadow && rec.shadow.verdict.label !== rec.live.verdict.label) out.push("shadow_disagreement");
  if (policy.reviewDefects && !policy.okLabels.includes(rec.live.verdict.label)) out.push("defect_found");
  return out;
}

/** Queues the record if the policy asks for it (or `force`); returns the queue unchanged otherwise. */
export function enqueue(q: ReviewQueue, rec: InspectionRecord, policy: ReviewPolicy, force = false): ReviewQueue {
  const reasons = reviewReasons(rec, policy);
  if (force) reasons.push("requested");
  if (reasons.length === 0 || q.items.has(rec.id)) return q;
  const items = new Map(q.items);
  items.set(rec.id, { record: rec, reasons, state: "pending" });
  return { items };
}

/**
 * The engineer's decision: `label` equal to the live verdict confirms it, any other corrects it.
 * @example decide(q, "insp_1", "def_front", "eng-anna", at)
 */
export function decide(q: ReviewQueue, id: string, label: string, by: string, at: string): ReviewQueue {
  const it = q.items.get(id);
  if (!it) throw new NotFoundError("review item", id);
  if (it.state !== "pending") throw new ConflictError(`review item ${id} was already ${it.state}`);
  const items = new Map(q.items);
  items.set(id, { ...it, state: label === it.record.live.verdict.label ? "confirmed" : "corrected", label, by, at });
  return { items };
}

export const pending = (q: ReviewQueue): ReviewItem[] => [...q.items.values()].filter((i) => i.state === "pending");

/** Reviewed images with their confirmed or corrected labels: the retraining set grows from these. */
export function labelledForRetraining(q: ReviewQueue): { image: string; label: string; corrected: boolean }[] {
  return [...q.items.values()].filter((i) => i.state !== "pending").map((i) => ({ image: i.record.image, label: i.label!, corrected: i.state === "corrected" }));
}
