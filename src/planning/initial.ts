/**
 * Greedy construction of a first sequence: position by position, take the unit class (same
 * options, same colour) whose placement adds the least weighted cost (violations of the windows
 * ending here, a colour change), breaking ties towards units with the most loaded options — the
 * classic "dynamic sum of utilisation rates" rule of car-sequencing greedies. A look-ahead keeps
 * the paint batch limit satisfiable: a colour may not be left with more units than the others
 * can separate into batches.
 */
import { optionMask, type SequencingInstance } from "./model.js";

/**
 * A feasible (paint-wise, when possible) first sequence of `units` (day unit indices), placed
 * after the `prefix` units (already fixed, in order) and the tail of day D-1.
 */
export function greedySequence(inst: SequencingInstance, units: readonly number[], prefix: readonly number[] = []): number[] {
  const K = inst.constraints.length;
  const N = inst.constraints.map((c) => c.max);
  const P = inst.constraints.map((c) => c.window);
  const w = inst.constraints.map((c) => (c.priority === "high" ? inst.weights.hprc : inst.weights.lprc));
  const limit = inst.paintBatchLimit ?? Number.MAX_SAFE_INTEGER;
  const n = units.length;
  // classes of identical units
  const keyOf = (u: number): string => `${optionMask(inst.day[u]!)}:${inst.day[u]!.colour}`;
  const classIdx = new Map<string, number>();
  const members: number[][] = [];
  const cMask: number[] = [];
  const cCol: number[] = [];
  for (const u of units) {
    const key = keyOf(u);
    let c = classIdx.get(key);
    if (c === undefined) {
      c = members.length;
      classIdx.set(key, c);
      members.push([]);
      cMask.push(optionMask(inst.day[u]!));
      cCol.push(inst.day[u]!.colour);
    }
    members[c]!.push(u);
  }
  members.forEach((m) => m.reverse()); // pop() then yields file order
  // utilisation of each option over the units to place: demand · P / (N · n)
  const demand = new Array<number>(K).fill(0);
  for (const u of units) inst.day[u]!.options.forEach((o, k) => (demand[k]! += o ? 1 : 0));
  const util = demand.map((d, k) => (n === 0 ? 0 : (d * P[k]!) / (Math.max(N[k]!, 0.5) * n)));
  const score = cMask.map((m) => util.reduce((s, u, k) => s + ((m >> k) & 1 ? u : 0), 0));
  // history of placed masks/colours: tail, then the prefix, then what we place
  const hist: number[] = [...inst.previousDay.map(optionMask), ...prefix.map((u) => optionMask(inst.day[u]!))];
  const lastColours = [...inst.previousDay.map((u) => u.colour), ...prefix.map((u) => inst.day[u]!.colour)];
  const tailLen = inst.previousDay.length;
  let prevColour = lastColours.length > 0 ? lastColours[lastColours.length - 1]! : undefined;
  let run = 0;
  for (let p = lastColours.length - 1; p >= tailLen && lastColours[p] === prevColour; p--) run++;
  const recent = new Array<number>(K).fill(0); // option units among the last P_k - 1 placed
  for (let k = 0; k < K; k++) for (let p = Math.max(0, hist.length - (P[k]! - 1)); p < hist.length; p++) recent[k]! += (hist[p]! >> k) & 1;
  const remainingByColour = new Map<number, number>();
  for (const u of units) remainingByColour.set(inst.day[u]!.colour, (remainingByColour.get(inst.day[u]!.colour) ?? 0) + 1);
  const out: number[] = [];
  for (let step = 0; step < n; step++) {
    const R1 = n - step - 1;
    const paintOk = (x: number, runAfter: number): boolean => {
      if (runAfter > limit) return false;
      if (limit >= n) return true;
      for (const [c, rc0] of remainingByColour) {
        const rc = c === x ? rc0 - 1 : rc0;
        if (rc <= 0) continue;
        if (rc > limit * (R1 - rc + 1) - (c === x ? runAfter : 0)) return false;
      }
      return true;
    };
    let best = -1;
    let bestCost = Infinity;
    let bestScore = -Infinity;
    let fallback = -1;
    for (let c = 0; c < members.length; c++) {
      if (members[c]!.length === 0) continue;
      const m = cMask[c]!;
      let cost = prevColour !== undefined && cCol[c] !== prevColour ? inst.weights.pcc : 0;
      for (let k = 0; k < K; k++) if ((m >> k) & 1 && recent[k]! >= N[k]!) cost += w[k]!;
      if (cost > bestCost || (cost === bestCost && score[c]! <= bestScore)) continue;
      const runAfter = cCol[c] === prevColour ? run + 1 : 1;
      if (!paintOk(cCol[c]!, runAfter)) {
        if (fallback < 0 && runAfter <= limit) fallback = c;
        continue;
      }
      best = c;
      bestCost = cost;
      bestScore = score[c]!;
    }
    if (best < 0) best = fallback >= 0 ? fallback : members.findIndex((m) => m.length > 0);
    const u = members[best]!.pop()!;
    out.push(u);
    const m = cMask[best]!;
    hist.push(m);
    const L = hist.length;
    for (let k = 0; k < K; k++) {
      recent[k]! += (m >> k) & 1;
      const leave = L - P[k]!; // keep the last P_k - 1
      if (leave >= 0) recent[k]! -= (hist[leave]! >> k) & 1;
    }
    run = cCol[best] === prevColour ? run + 1 : 1;
    prevColour = cCol[best]!;
    remainingByColour.set(prevColour, remainingByColour.get(prevColour)! - 1);
  }
  return out;
}

/**
 * A first sequence with the fewest colour changes the batch limit allows: each colour is cut into
 * ⌈m / limit⌉ batches of near-equal size, batches are ordered so that no two neighbours share a
 * colour (the tail's colour first when the day has it, so the boundary costs no change), each
 * colour's units are dealt round-robin over its batches so every batch gets a share of each
 * option, and each batch is ordered by the greedy. Returns undefined when the batches cannot be
 * separated (one colour has too many), or without a batch limit.
 */
export function batchSequence(inst: SequencingInstance, units: readonly number[]): number[] | undefined {
  const limit = inst.paintBatchLimit;
  if (limit === null || units.length === 0) return undefined;
  const byColour = new Map<number, number[]>();
  for (const u of units) {
    const c = inst.day[u]!.colour;
    if (!byColour.has(c)) byColour.set(c, []);
    byColour.get(c)!.push(u);
  }
  const batchesLeft = new Map<number, number>();
  for (const [c, us] of byColour) batchesLeft.set(c, Math.ceil(us.length / limit));
  const total = [...batchesLeft.values()].reduce((a, b) => a + b, 0);
  // batches of one colour need others between them
  for (const k of batchesLeft.values()) if (k > total - k + 1) return undefined;
  const lastTail = inst.previousDay[inst.previousDay.length - 1]?.colour;
  const colourOrder: number[] = [];
  let prev: number | undefined;
  for (let step = 0; step < total; step++) {
    const remaining = total - step;
    let pick: number | undefined;
    const maxLeft = Math.max(...batchesLeft.values());
    if (step === 0 && lastTail !== undefined && (batchesLeft.get(lastTail) ?? 0) > 0) {
      const k = batchesLeft.get(lastTail)!;
      // starting with the tail colour must leave the rest separable
      if (maxLeft <= remaining - maxLeft + 1 || k === maxLeft) pick = lastTail;
    }
    if (pick === undefined) {
      let best = -1;
      for (const [c, k] of batchesLeft) if (c !== prev && k > best) [pick, best] = [c, k];
    }
    if (pick === undefined) return undefined;
    colourOrder.push(pick);
    batchesLeft.set(pick, batchesLeft.get(pick)! - 1);
    prev = pick;
  }
  // deal each colour's units, grouped by option mask, round-robin over its batches
  const batchesOf = new Map<number, number[][]>();
  for (const [c, us] of byColour) {
    const k = Math.ceil(us.length / limit);
    const sorted = [...us].sort((a, b) => optionMask(inst.day[a]!) - optionMask(inst.day[b]!) || a - b);
    const bs: number[][] = Array.from({ length: k }, () => []);
    sorted.forEach((u, i) => bs[i % k]!.push(u));
    batchesOf.set(c, bs);
  }
  const out: number[] = [];
  for (const c of colourOrder) {
    const batch = batchesOf.get(c)!.shift()!;
    out.push(...greedySequence(inst, batch, out));
  }
  return out;
}
