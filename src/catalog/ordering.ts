/**
 * Variable ordering for BDD compilation. The size of a BDD depends heavily on the order; for
 * CNF-like rule sets, FORCE (Aloul, Markov, Sakallah, GLSVLSI 2003) is cheap and effective: every
 * clause is pulled to its centre of gravity and every variable to the mean of its clauses' centres,
 * repeated until the total clause span stops shrinking. We start from the given order (feature-model
 * exports list features in tree pre-order, which already keeps families together).
 */

/** Total span (max position − min position) over all clauses: FORCE's cost function. */
export function totalSpan(clauses: readonly (readonly number[])[], pos: ArrayLike<number>): number {
  let s = 0;
  for (const c of clauses) {
    let lo = Infinity;
    let hi = -Infinity;
    for (const v of c) {
      const p = pos[v]!;
      if (p < lo) lo = p;
      if (p > hi) hi = p;
    }
    if (c.length > 0) s += hi - lo;
  }
  return s;
}

/**
 * FORCE ordering. `clauses` list variable indexes 0…numVars−1 (signs dropped); `initial` is the
 * starting order (position → variable). Returns the best order found (position → variable).
 */
export function forceOrder(numVars: number, clauses: readonly (readonly number[])[], initial?: readonly number[], maxIterations = 60): number[] {
  let order = initial ? [...initial] : Array.from({ length: numVars }, (_, i) => i);
  const pos = new Float64Array(numVars);
  const setPos = (o: readonly number[]): void => o.forEach((v, i) => (pos[v] = i));
  setPos(order);
  let best = order;
  let bestSpan = totalSpan(clauses, pos);
  const sum = new Float64Array(numVars);
  const cnt = new Float64Array(numVars);
  let stale = 0;
  for (let it = 0; it < maxIterations && stale < 4; it++) {
    sum.fill(0);
    cnt.fill(0);
    for (const c of clauses) {
      if (c.length === 0) continue;
      let cog = 0;
      for (const v of c) cog += pos[v]!;
      cog /= c.length;
      for (const v of c) {
        sum[v] = sum[v]! + cog;
        cnt[v] = cnt[v]! + 1;
      }
    }
    // A variable in no clause keeps its place; ties keep the previous relative order (stable sort).
    const target = new Float64Array(numVars);
    for (let v = 0; v < numVars; v++) target[v] = cnt[v]! > 0 ? sum[v]! / cnt[v]! : pos[v]!;
    order = [...order].sort((a, b) => target[a]! - target[b]! || pos[a]! - pos[b]!);
    setPos(order);
    const span = totalSpan(clauses, pos);
    if (span < bestSpan) {
      bestSpan = span;
      best = order;
      stale = 0;
    } else stale++;
  }
  return best;
}
