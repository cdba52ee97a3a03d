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
 * When it is small enough (n · (k+1) · 2^(P−1) ≤ 2·10^6), the least violations of the constraint
 * on its own are computed exactly instead, by dynamic programming over the last P−1 flags and the
 * number of option units placed; the larger of the two bounds is used.
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

/** Work limit of the exact single-constraint minimum (states × positions × counts). */
const EXACT_BUDGET = 2_000_000;

/**
 * The least violations of one N/P constraint alone over every placement of `dayCount` option
 * units among `n` day positions behind the fixed tail, by dynamic programming; undefined when
 * over the work budget. Counting rules as in evaluate.ts.
 */
export function exactRatioMinimum(
  tailFlags: readonly boolean[],
  dayCount: number,
  n: number,
  max: number,
  window: number,
  endWindows: "truncated" | "full",
): number | undefined {
  const bits = window - 1;
  const states = 1 << bits;
  const k = dayCount;
  if (bits > 20 || n * (k + 1) * states > EXACT_BUDGET) return undefined;
  const t = tailFlags.length;
  const total = t + n;
  const sMin = Math.max(0, t - bits);
  const sMax = endWindows === "truncated" ? total - 1 : total - window;
  const pop = new Uint8Array(states);
  for (let x = 1; x < states; x++) pop[x] = pop[x >> 1]! + (x & 1);
  const mask = states - 1;
  // state bit i = flag of the position i+1 back; positions before the sequence count as 0
  let init = 0;
  for (let i = 0; i < bits && i < t; i++) if (tailFlags[t - 1 - i]) init |= 1 << i;
  const INF = 1e9;
  let cur = new Float64Array(states * (k + 1)).fill(INF);
  let nxt = new Float64Array(states * (k + 1));
  cur[init * (k + 1)] = 0;
  for (let c = t; c < total; c++) {
    nxt.fill(INF);
    const s = c - bits; // start of the full window ending here
    const counted = s >= sMin && s <= sMax && s >= 0;
    for (let st = 0; st < states; st++) {
      const base = st * (k + 1);
      for (let used = 0; used <= k; used++) {
        const v = cur[base + used]!;
        if (v >= INF) continue;
        for (let x = 0; x <= 1; x++) {
          if (x === 1 && used === k) continue;
          const cost = counted ? Math.max(0, (bits > 0 ? pop[st]! : 0) + x - max) : 0;
          const ns = bits > 0 ? ((st << 1) | x) & mask : 0;
          const idx = ns * (k + 1) + used + x;
          if (v + cost < nxt[idx]!) nxt[idx] = v + cost;
        }
      }
    }
    [cur, nxt] = [nxt, cur];
  }
  let best = INF;
  for (let st = 0; st < states; st++) {
    let v = cur[st * (k + 1) + k]!;
    if (v >= INF) continue;
    // shrinking windows at the end of the day: start s, holding the last total − s positions
    if (endWindows === "truncated") {
      for (let s = Math.max(sMin, total - bits); s <= total - 1; s++) {
        const len = total - s;
        v += Math.max(0, pop[st & ((1 << len) - 1)]! - max);
      }
    }
    if (v < best) best = v;
  }
  return best >= INF ? undefined : best;
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
 * objective bound (each part bounded on its own, so the sum is valid). `exact: false` skips the
 * dynamic programme (the optimizer's phase targets need only a cheap bound).
 * @example lowerBounds(inst).hprc // 0 when no high-priority constraint is over capacity
 */
export function lowerBounds(inst: SequencingInstance, opts: { exact?: boolean } = {}): ObjectiveValue {
  const exact = opts.exact ?? true;
  let hprc = 0;
  let lprc = 0;
  inst.constraints.forEach((c, k) => {
    const tail = inst.previousDay.map((u) => u.options[k]!);
    const count = inst.day.reduce((s, u) => s + (u.options[k] ? 1 : 0), 0);
    const offsets = ratioLowerBound(tail, count, inst.day.length, c.max, c.window, inst.endWindows);
    const lb = exact ? Math.max(offsets, exactRatioMinimum(tail, count, inst.day.length, c.max, c.window, inst.endWindows) ?? 0) : offsets;
    if (c.priority === "high") hprc += lb;
    else lprc += lb;
  });
  const pcc = colourChangeLowerBound(inst);
  return { hprc, lprc, pcc, objective: inst.weights.hprc * hprc + inst.weights.lprc * lprc + inst.weights.pcc * pcc };
}
