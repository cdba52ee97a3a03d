/**
 * Greedy construction of a first sequence: position by position, take the unit class (same
 * options, same colour) whose placement adds the least weighted cost (violations of the windows
 * ending here, a colour change), breaking ties towards units with the most loaded options — the
 * classic "dynamic sum of utilisation rates" rule of car-sequencing greedies. A look-ahead keeps
 * the paint batch limit satisfiable: a colour may not be left with more units than the others
 * can separate into batches.
 */
import { exactRatioMinimum, ratioLowerBound, unitPairSkeleton, unitPlacement } from "./lower-bound.js";
import { optionMask, type SequencingInstance } from "./model.js";

/**
 * A per-position requirement for {@link greedySequence}: the unit placed at step s must have
 * `optionMask & bits === want[s]`, while units of that kind remain; a kind with more units than
 * slots fills the slots of a kind with fewer units.
 */
export interface SlotPattern {
  readonly bits: number;
  readonly want: ArrayLike<number>;
}

/**
 * A feasible (paint-wise, when possible) first sequence of `units` (day unit indices), placed
 * after the `prefix` units (already fixed, in order) and the tail of day D-1; with a `pattern`,
 * the units at each step are restricted to the pattern's kind.
 */
export function greedySequence(inst: SequencingInstance, units: readonly number[], prefix: readonly number[] = [], pattern?: SlotPattern): number[] {
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
  // pattern bookkeeping: slots left and units left of each kind
  const slotsLeft = new Map<number, number>();
  const unitsLeft = new Map<number, number>();
  if (pattern) {
    for (let s = 0; s < n; s++) slotsLeft.set(pattern.want[s]!, (slotsLeft.get(pattern.want[s]!) ?? 0) + 1);
    for (const u of units) {
      const x = optionMask(inst.day[u]!) & pattern.bits;
      unitsLeft.set(x, (unitsLeft.get(x) ?? 0) + 1);
    }
  }
  const fits = (x: number, want: number): boolean =>
    x === want || ((unitsLeft.get(x) ?? 0) > (slotsLeft.get(x) ?? 0) && (slotsLeft.get(want) ?? 0) > (unitsLeft.get(want) ?? 0));
  const out: number[] = [];
  for (let step = 0; step < n; step++) {
    const R1 = n - step - 1;
    const want = pattern ? pattern.want[step]! : 0;
    let restricted = pattern !== undefined;
    if (pattern && !members.some((mem, c) => mem.length > 0 && fits(cMask[c]! & pattern.bits, want))) restricted = false;
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
      if (restricted && !fits(m & pattern!.bits, want)) continue;
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
    if (pattern) {
      slotsLeft.set(want, slotsLeft.get(want)! - 1);
      unitsLeft.set(m & pattern.bits, unitsLeft.get(m & pattern.bits)! - 1);
    }
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
      // a colour with batches left (one with none left is no pick: it would leave an empty batch)
      for (const [c, k] of batchesLeft) if (c !== prev && k > 0 && k > best) [pick, best] = [c, k];
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

/** Work budget (positions × states × passes) of {@link skeletonSequence}'s shortest paths. */
export const SKELETON_WORK = 400_000_000;
/** Largest traced table (positions × states, 32-bit entries) of {@link skeletonSequence}. */
const SKELETON_TABLE = 20_000_000;
const SKELETON_STEPS = 24;

/**
 * A first sequence built around two sparse constraints: for the tightest pair of 1/P constraints
 * of the costliest ratio priority that share units, the shortest path of the pair bound
 * (lower-bound.ts, {@link unitPairSkeleton}) places the two options over the day; the greedy then
 * fills that pattern (units needing a only where the path put an a, and so on; units left over
 * fill the slots of a kind that ran short). Near-rigid lattices such as 1/27 and 1/28 sharing
 * units are what local moves repair worst, so this start keeps the pair close to its bound.
 * Only for the first-ranked ratio part, and only when the pair bound exceeds the sum of the two
 * single bounds (the lattices' interplay costs something); undefined otherwise, or when no such
 * pair exists within the work budget.
 */
export function skeletonSequence(inst: SequencingInstance, work = SKELETON_WORK): number[] | undefined {
  const n = inst.day.length;
  if (n < 2) return undefined;
  // it serves the first-ranked part only
  const first = inst.objectives[0];
  if (first !== "hprc" && first !== "lprc") return undefined;
  const prio: "high" | "low" = first === "hprc" ? "high" : "low";
  const flags = inst.constraints.map((_, k) => inst.day.map((u) => u.options[k]!));
  const load = inst.constraints.map((c, k) => (flags[k]!.filter(Boolean).length * c.window) / n);
  let pick: { a: number; b: number; tight: number } | undefined;
  inst.constraints.forEach((ca, a) =>
    inst.constraints.forEach((cb, b) => {
      if (b <= a || ca.priority !== prio || cb.priority !== prio || ca.max !== 1 || cb.max !== 1 || ca.window < 2 || cb.window < 2) return;
      let both = 0;
      for (let i = 0; i < n; i++) if (flags[a]![i] && flags[b]![i]) both++;
      if (both === 0) return;
      const states = ca.window * cb.window * (both + 1);
      if (n * states > SKELETON_TABLE || n * states * (SKELETON_STEPS + 1) > work) return;
      const tight = load[a]! * load[b]!;
      if (!pick || tight > pick.tight) pick = { a, b, tight };
    }),
  );
  if (!pick) return undefined;
  const { a, b } = pick;
  const side = (k: number) => ({ window: inst.constraints[k]!.window, tailFlags: inst.previousDay.map((u) => u.options[k]!), dayFlags: flags[k]! });
  const { kinds, bound } = unitPairSkeleton(side(a), side(b), inst.endWindows, SKELETON_STEPS);
  // only when the two constraints cost more together than their single bounds: their interplay
  // is what the skeleton settles
  const single = (k: number): number => {
    const c = inst.constraints[k]!;
    const tail = inst.previousDay.map((u) => u.options[k]!);
    const count = flags[k]!.filter(Boolean).length;
    return Math.max(ratioLowerBound(tail, count, n, c.max, c.window, inst.endWindows), exactRatioMinimum(tail, count, n, c.max, c.window, inst.endWindows) ?? 0);
  };
  if (bound <= single(a) + single(b)) return undefined;
  const kindMask = [0, 1 << a, 1 << b, (1 << a) | (1 << b)];
  const want = Int32Array.from(kinds, (x) => kindMask[x]!);
  let bits = (1 << a) | (1 << b);
  // then every other 1/P constraint of that priority whose units need none of the options placed
  // so far, tightest first, exactly into the positions still free
  const others = inst.constraints
    .map((c, k) => ({ c, k }))
    .filter(({ c, k }) => k !== a && k !== b && c.priority === prio && c.max === 1 && c.window >= 2)
    .sort((x, y) => load[y.k]! - load[x.k]! || x.k - y.k);
  for (const { k } of others) {
    if (inst.day.some((u) => u.options[k] && (optionMask(u) & bits) !== 0)) continue;
    const count = flags[k]!.filter(Boolean).length;
    const free = Array.from(want, (x) => x === 0);
    if ((count + 1) * inst.constraints[k]!.window * n > SKELETON_TABLE) continue;
    const placed = unitPlacement(side(k), count, free, inst.endWindows);
    if (!placed) continue;
    for (const y of placed.positions) want[y] = 1 << k;
    bits |= 1 << k;
  }
  return greedySequence(
    inst,
    inst.day.map((_, i) => i),
    [],
    { bits, want },
  );
}
