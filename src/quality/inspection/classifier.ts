import { gaussian, mulberry32, shuffle } from "./rng.js";

/** One dense layer: `W` is out×in, row-major. */
export interface Dense {
  readonly inputs: number;
  readonly outputs: number;
  readonly W: Float32Array;
  readonly b: Float32Array;
}

/**
 * A feed-forward classifier over standardized features: softmax regression when it has one
 * layer, a one-hidden-layer ReLU network (MLP) when it has two.
 */
export interface Network {
  readonly mean: Float32Array;
  readonly scale: Float32Array;
  readonly layers: readonly Dense[];
}

export interface TrainOptions {
  /** Hidden units; 0 trains softmax (multinomial logistic) regression. */
  readonly hidden: number;
  readonly epochs: number;
  readonly batch: number;
  /** Adam step size at the start; decays by a cosine schedule to 5% of it. */
  readonly lr: number;
  /** L2 weight decay (decoupled, AdamW). */
  readonly l2: number;
  /** Input dropout probability during training (regularises wide feature vectors). */
  readonly dropout: number;
  readonly seed: number;
  /** Loss weight per class (e.g. to favour recall of a defect class); default 1 each. */
  readonly classWeights?: readonly number[];
  readonly onEpoch?: (epoch: number, loss: number) => void;
}

/** Softmax regression by default: on CLBP features it met the targets at a fraction of an MLP's cost. */
export const DEFAULT_TRAIN: TrainOptions = { hidden: 0, epochs: 30, batch: 32, lr: 1e-3, l2: 1e-4, dropout: 0, seed: 1 };

/** Per-feature mean and 1/std over the rows (constant features get scale 0). */
export function fitScaler(rows: readonly Float32Array[]): { mean: Float32Array; scale: Float32Array } {
  const d = rows[0]!.length;
  const mean = new Float32Array(d);
  const m2 = new Float64Array(d);
  for (const r of rows) for (let j = 0; j < d; j++) mean[j]! += r[j]! / rows.length;
  for (const r of rows)
    for (let j = 0; j < d; j++) {
      const v = r[j]! - mean[j]!;
      m2[j]! += v * v;
    }
  const scale = new Float32Array(d);
  for (let j = 0; j < d; j++) {
    const sd = Math.sqrt(m2[j]! / rows.length);
    scale[j] = sd > 1e-8 ? 1 / sd : 0;
  }
  return { mean, scale };
}

function standardize(net: Pick<Network, "mean" | "scale">, x: Float32Array, out: Float32Array): void {
  for (let j = 0; j < x.length; j++) {
    // Clip at ±6σ so one odd pixel statistic cannot dominate a decision.
    const v = (x[j]! - net.mean[j]!) * net.scale[j]!;
    out[j] = v > 6 ? 6 : v < -6 ? -6 : v;
  }
}

function dense(l: Dense, x: Float32Array, out: Float32Array, relu: boolean): void {
  const n = l.inputs;
  for (let o = 0; o < l.outputs; o++) {
    let s = l.b[o]!;
    const row = o * n;
    for (let i = 0; i < n; i++) s += l.W[row + i]! * x[i]!;
    out[o] = relu && s < 0 ? 0 : s;
  }
}

function softmaxInPlace(z: Float32Array): void {
  let m = -Infinity;
  for (let i = 0; i < z.length; i++) m = Math.max(m, z[i]!);
  let s = 0;
  for (let i = 0; i < z.length; i++) {
    z[i] = Math.exp(z[i]! - m);
    s += z[i]!;
  }
  for (let i = 0; i < z.length; i++) z[i]! /= s;
}

/** Class probabilities for one feature vector. */
export function predictProba(net: Network, x: Float32Array): Float32Array {
  let a: Float32Array = new Float32Array(x.length);
  standardize(net, x, a);
  for (let k = 0; k < net.layers.length; k++) {
    const l = net.layers[k]!;
    const z = new Float32Array(l.outputs);
    dense(l, a, z, k < net.layers.length - 1);
    a = z;
  }
  softmaxInPlace(a);
  return a;
}

function initDense(inputs: number, outputs: number, rnd: () => number): Dense {
  const W = new Float32Array(inputs * outputs);
  const sd = Math.sqrt(2 / inputs);
  for (let i = 0; i < W.length; i++) W[i] = gaussian(rnd) * sd * 0.5;
  return { inputs, outputs, W, b: new Float32Array(outputs) };
}

/**
 * Trains the network by mini-batch AdamW on the softmax cross-entropy. Deterministic for a seed.
 * @example trainNetwork(rows, labels, 2, { ...DEFAULT_TRAIN, hidden: 0 })
 */
export function trainNetwork(rows: readonly Float32Array[], labels: readonly number[], classes: number, opts: TrainOptions = DEFAULT_TRAIN): Network {
  if (rows.length === 0 || rows.length !== labels.length) throw new RangeError("need as many labels as rows, and at least one row");
  const rnd = mulberry32(opts.seed);
  const { mean, scale } = fitScaler(rows);
  const d = rows[0]!.length;
  const layers: Dense[] = opts.hidden > 0 ? [initDense(d, opts.hidden, rnd), initDense(opts.hidden, classes, rnd)] : [initDense(d, classes, rnd)];
  const net: Network = { mean, scale, layers };
  // Standardize once up front; training then reads contiguous rows.
  const X = rows.map((r) => {
    const o = new Float32Array(d);
    standardize(net, r, o);
    return o;
  });
  const grads = layers.map((l) => ({ W: new Float32Array(l.W.length), b: new Float32Array(l.b.length) }));
  const m1 = layers.map((l) => ({ W: new Float32Array(l.W.length), b: new Float32Array(l.b.length) }));
  const m2 = layers.map((l) => ({ W: new Float32Array(l.W.length), b: new Float32Array(l.b.length) }));
  const cw = opts.classWeights ?? new Array<number>(classes).fill(1);
  const order = rows.map((_, i) => i);
  const acts = layers.map((l) => new Float32Array(l.outputs));
  const deltas = layers.map((l) => new Float32Array(l.outputs));
  const xin = new Float32Array(d);
  const b1 = 0.9;
  const b2 = 0.999;
  let step = 0;
  const totalSteps = opts.epochs * Math.ceil(rows.length / opts.batch);
  for (let epoch = 0; epoch < opts.epochs; epoch++) {
    shuffle(order, rnd);
    let lossSum = 0;
    for (let start = 0; start < order.length; start += opts.batch) {
      const end = Math.min(order.length, start + opts.batch);
      for (const g of grads) {
        g.W.fill(0);
        g.b.fill(0);
      }
      for (let s = start; s < end; s++) {
        const i = order[s]!;
        const x = X[i]!;
        const keep = 1 - opts.dropout;
        for (let j = 0; j < d; j++) xin[j] = opts.dropout > 0 ? (rnd() < keep ? x[j]! / keep : 0) : x[j]!;
        let a: Float32Array = xin;
        for (let k = 0; k < layers.length; k++) {
          dense(layers[k]!, a, acts[k]!, k < layers.length - 1);
          a = acts[k]!;
        }
        const p = acts[layers.length - 1]!;
        softmaxInPlace(p);
        const y = labels[i]!;
        const w = cw[y] ?? 1;
        lossSum += -Math.log(Math.max(1e-12, p[y]!)) * w;
        const dl = deltas[layers.length - 1]!;
        for (let c = 0; c < classes; c++) dl[c] = (p[c]! - (c === y ? 1 : 0)) * w;
        for (let k = layers.length - 1; k >= 0; k--) {
          const l = layers[k]!;
          const input = k === 0 ? xin : acts[k - 1]!;
          const g = grads[k]!;
          const delta = deltas[k]!;
          for (let o = 0; o < l.outputs; o++) {
            const dv = delta[o]!;
            if (dv === 0) continue;
            g.b[o]! += dv;
            const row = o * l.inputs;
            for (let j = 0; j < l.inputs; j++) g.W[row + j]! += dv * input[j]!;
          }
          if (k > 0) {
            const prev = deltas[k - 1]!;
            const pa = acts[k - 1]!;
            prev.fill(0);
            for (let o = 0; o < l.outputs; o++) {
              const dv = delta[o]!;
              if (dv === 0) continue;
              const row = o * l.inputs;
              for (let j = 0; j < l.inputs; j++) prev[j]! += dv * l.W[row + j]!;
            }
            for (let j = 0; j < prev.length; j++) if (pa[j]! <= 0) prev[j] = 0;
          }
        }
      }
      step++;
      const lr = opts.lr * (0.05 + 0.95 * 0.5 * (1 + Math.cos((Math.PI * step) / totalSteps)));
      const inv = 1 / (end - start);
      const c1 = 1 - Math.pow(b1, step);
      const c2 = 1 - Math.pow(b2, step);
      for (let k = 0; k < layers.length; k++) {
        const l = layers[k]!;
        for (const key of ["W", "b"] as const) {
          const p = l[key];
          const g = grads[k]![key];
          const mm = m1[k]![key];
          const vv = m2[k]![key];
          for (let j = 0; j < p.length; j++) {
            const gj = g[j]! * inv;
            mm[j] = b1 * mm[j]! + (1 - b1) * gj;
            vv[j] = b2 * vv[j]! + (1 - b2) * gj * gj;
            p[j] = p[j]! - lr * ((mm[j]! / c1) / (Math.sqrt(vv[j]! / c2) + 1e-8) + (key === "W" ? opts.l2 * p[j]! : 0));
          }
        }
      }
    }
    opts.onEpoch?.(epoch + 1, lossSum / rows.length);
  }
  return net;
}
