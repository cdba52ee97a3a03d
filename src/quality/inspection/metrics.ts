/** Classification figures from true and predicted class indexes. */
export interface ClassificationReport {
  readonly classes: readonly string[];
  readonly n: number;
  readonly accuracy: number;
  /** confusion[true][predicted] */
  readonly confusion: readonly (readonly number[])[];
  readonly recall: readonly number[];
  readonly precision: readonly number[];
  readonly f1: readonly number[];
  readonly macroF1: number;
}

/**
 * Accuracy, per-class recall, precision and F1, and the confusion matrix.
 * @example classificationReport(["ok", "def"], [0, 1, 1], [0, 1, 0]).recall // [1, 0.5]
 */
export function classificationReport(classes: readonly string[], truth: readonly number[], predicted: readonly number[]): ClassificationReport {
  if (truth.length !== predicted.length) throw new RangeError("truth and predictions differ in length");
  const k = classes.length;
  const confusion = classes.map(() => new Array<number>(k).fill(0));
  let correct = 0;
  truth.forEach((t, i) => {
    const p = predicted[i]!;
    confusion[t]![p]!++;
    if (t === p) correct++;
  });
  const recall = confusion.map((row, c) => {
    const s = row.reduce((a, b) => a + b, 0);
    return s ? row[c]! / s : 0;
  });
  const precision = classes.map((_, c) => {
    const s = confusion.reduce((a, row) => a + row[c]!, 0);
    return s ? confusion[c]![c]! / s : 0;
  });
  const f1 = recall.map((r, c) => (r + precision[c]! > 0 ? (2 * r * precision[c]!) / (r + precision[c]!) : 0));
  return { classes, n: truth.length, accuracy: truth.length ? correct / truth.length : 0, confusion, recall, precision, f1, macroF1: f1.reduce((a, b) => a + b, 0) / k };
}

/**
 * Seeded, per-class stratified assignment of items to `k` folds (fold index per item): each
 * class is shuffled and dealt round-robin, so every fold holds ~1/k of every class.
 */
export function stratifiedFolds(labels: readonly number[], k: number, rnd: () => number): number[] {
  const folds = new Array<number>(labels.length).fill(0);
  const byClass = new Map<number, number[]>();
  labels.forEach((l, i) => byClass.set(l, [...(byClass.get(l) ?? []), i]));
  for (const idx of byClass.values()) {
    for (let i = idx.length - 1; i > 0; i--) {
      const j = Math.floor(rnd() * (i + 1));
      [idx[i], idx[j]] = [idx[j]!, idx[i]!];
    }
    idx.forEach((item, n) => (folds[item] = n % k));
  }
  return folds;
}
