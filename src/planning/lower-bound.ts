/**
 * Valid lower bounds of each objective part, used by the bench to print objective / bound.
 *
 * Ratio constraints (HPRC, LPRC), per constraint N/P, summed: for each offset o in 0..P-1 cut the
 * day into blocks [0,o), [o,o+P), [o+P,o+2P)… Every block lies in a distinct counted window (the
 * first one in the window that starts P-o positions inside day D-1, with its fixed tail units; the
 * last in a window shortened at the end of the day), and windows of different offsets start at
 * different positions, so the violations of a sequence are at least the sum, over offsets, of the
 * least excess those blocks can carry: the fixed excess of the tail plus max(0, k − Σ capacity),
 * where k is the number of day units with the option and a block's capacity is how many it holds
 * without violation. Windows that do not exist under the counting rules are dropped (capacity =
 * block size), which keeps the bound valid. Constraints are bounded one at a time, so interactions
 * between constraints and with the paint batches are ignored: the bound can be below the optimum.
 *
 * PCC: a colour with m units needs at least ⌈m / limit⌉ batches; changes ≥ batches − 1, plus one
 * for the change across the day boundary unless the day holds units of the tail's last colour.
 */
import type { ObjectiveValue, SequencingInstance } from "./model.js";

/** Lower bound of the violations of one N/P constraint (see the file comment). */
export function ratioLowerBound(
  tailFlags: readonly boolean[],
  dayCount: number,
  n: number,
  max: number,
  window: number,
  endWindows: "truncated" | "full",
): number {
  const t = tailFlags.length;
  let total = 0;
  for (let o = 0; o < Math.min(window, Math.max(n, 1)); o++) {
    let fixed = 0;
    let cap = 0;
    if (o > 0) {
      const first = Math.min(o, n);
      if (t >= window - o) {
        let tau = 0;
        for (let p = t - (window - o); p < t; p++) if (tailFlags[p]) tau++;
        fixed += Math.max(0, tau - max);
        cap += Math.max(0, Math.min(first, max - tau));
      } else cap += first;
    }
    let s = o;
    for (; s + window <= n; s += window) cap += max;
    if (s < n) cap += endWindows === "truncated" ? Math.min(max, n - s) : n - s;
    total += fixed + Math.max(0, dayCount - cap);
  }
  return total;
}

/** Lower bound of the colour changes (see the file comment). */
export function colourChangeLowerBound(inst: SequencingInstance): number {
  const n = inst.day.length;
  if (n === 0) return 0;
  const limit = inst.paintBatchLimit ?? n;
  const counts = new Map<number, number>();
  for (const u of inst.day) counts.set(u.colour, (counts.get(u.colour) ?? 0) + 1);
  let batches = 0;
  for (const m of counts.values()) batches += Math.ceil(m / limit);
  const last = inst.previousDay[inst.previousDay.length - 1];
  const boundary = last !== undefined && !counts.has(last.colour) ? 1 : 0;
  return batches - 1 + boundary;
}

/**
 * Lower bounds of HPRC, LPRC and PCC for any sequence of the instance's day, and the weighted
 * objective bound (each part bounded on its own, so the sum is valid).
 * @example lowerBounds(inst).hprc // 0 when no high-priority constraint is over capacity
 */
export function lowerBounds(inst: SequencingInstance): ObjectiveValue {
  let hprc = 0;
  let lprc = 0;
  inst.constraints.forEach((c, k) => {
    const tail = inst.previousDay.map((u) => u.options[k]!);
    const count = inst.day.reduce((s, u) => s + (u.options[k] ? 1 : 0), 0);
    const lb = ratioLowerBound(tail, count, inst.day.length, c.max, c.window, inst.endWindows);
    if (c.priority === "high") hprc += lb;
    else lprc += lb;
  });
  const pcc = colourChangeLowerBound(inst);
  return { hprc, lprc, pcc, objective: inst.weights.hprc * hprc + inst.weights.lprc * lprc + inst.weights.pcc * pcc };
}
