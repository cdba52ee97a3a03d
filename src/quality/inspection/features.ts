import { resize, type GrayImage } from "./image.js";

/**
 * Which hand-crafted features to extract. The same config is stored in the model file so
 * classification computes exactly the features the model was trained on.
 */
export interface FeatureConfig {
  /** Side of the square working image the input is resampled to. */
  readonly size: number;
  /** HOG cell sides in pixels at the working size (one spatial HOG per entry); [] for none. */
  readonly hogCells: readonly number[];
  /** LBP radii (8 neighbours each, uniform patterns, 59 bins), computed on the whole image. */
  readonly lbpRadii: readonly number[];
  /** Also compute rotation-invariant LBP (10 bins per radius) on a grid×grid layout; 0 for none. */
  readonly lbpGrid: number;
  /** GLCM pixel distances (4 angles each, 16 grey levels): Haralick statistics mean and range over angles. */
  readonly glcmDistances: readonly number[];
  /** Also extract LBP and GLCM on the half-size image (multi-scale texture). */
  readonly multiScale: boolean;
  /**
   * Completed LBP (Guo, Zhang & Zhang 2010): joint histogram of the sign pattern, the magnitude
   * pattern (riu2 each) and the centre bit, per LBP radius (200 bins each).
   */
  readonly clbp?: boolean;
}

/**
 * The default recipe, chosen by ablation on NEU and casting subsets (docs/inspection-model.md):
 * CLBP was the one feature that mattered most; spatial HOG added dimensions without accuracy;
 * 96 px keeps texture while halving the cost of 128 px.
 */
export const DEFAULT_FEATURES: FeatureConfig = {
  size: 96,
  hogCells: [],
  lbpRadii: [1, 2, 3],
  lbpGrid: 2,
  glcmDistances: [1, 2, 4],
  multiScale: true,
  clbp: true,
};

/**
 * Extracts the feature vector of one image: intensity statistics, HOG (Dalal & Triggs 2005),
 * uniform LBP histograms at several radii (Ojala, Pietikäinen & Mäenpää 2002), Haralick GLCM
 * texture statistics (Haralick 1973), optionally at two scales.
 */
export function extractFeatures(src: GrayImage, cfg: FeatureConfig = DEFAULT_FEATURES): Float32Array {
  const img = resize(src, cfg.size, cfg.size);
  const parts: number[][] = [];
  parts.push(intensityStats(img));
  for (const cell of cfg.hogCells) parts.push(hog(img, cell));
  parts.push(texture(img, cfg));
  if (cfg.multiScale) {
    const half = resize(img, cfg.size >> 1, cfg.size >> 1);
    parts.push(texture(half, { ...cfg, lbpRadii: cfg.lbpRadii.filter((r) => r <= 2), lbpGrid: 0 }));
  }
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Float32Array(n);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

function texture(img: GrayImage, cfg: FeatureConfig): number[] {
  const out: number[] = [];
  for (const r of cfg.lbpRadii) out.push(...lbpFamily(img, r, cfg.lbpGrid, cfg.clbp ?? false));
  if (cfg.glcmDistances.length > 0) {
    const q = quantize(img);
    for (const d of cfg.glcmDistances) out.push(...glcm(q, img.width, img.height, d));
  }
  return out;
}

/** Quantile function of the image's intensities, from a 256-bin histogram (no sort). */
function quantiles(img: GrayImage): (p: number) => number {
  const h = new Float64Array(257);
  const d = img.data;
  for (let i = 0; i < d.length; i++) h[Math.min(256, Math.max(0, Math.round(d[i]!)))]!++;
  return (p: number): number => {
    const target = p * d.length;
    let acc = 0;
    for (let v = 0; v < 257; v++) {
      acc += h[v]!;
      if (acc > target) return v;
    }
    return 255;
  };
}

/** Mean, spread, shape and a 16-bin histogram of intensity; mean and spread of the gradient. */
export function intensityStats(img: GrayImage): number[] {
  const d = img.data;
  const n = d.length;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += d[i]!;
  mean /= n;
  let m2 = 0;
  let m3 = 0;
  let m4 = 0;
  const hist = new Array<number>(16).fill(0);
  for (let i = 0; i < n; i++) {
    const v = d[i]! - mean;
    m2 += v * v;
    m3 += v * v * v;
    m4 += v * v * v * v;
    hist[Math.min(15, Math.max(0, Math.floor(d[i]! / 16)))]! += 1 / n;
  }
  m2 /= n;
  m3 /= n;
  m4 /= n;
  const sd = Math.sqrt(m2) || 1e-9;
  const q = quantiles(img);
  let gm = 0;
  let gm2 = 0;
  const w = img.width;
  let cnt = 0;
  for (let y = 1; y < img.height - 1; y++)
    for (let x = 1; x < w - 1; x++) {
      const gx = d[y * w + x + 1]! - d[y * w + x - 1]!;
      const gy = d[(y + 1) * w + x]! - d[(y - 1) * w + x]!;
      const g = Math.sqrt(gx * gx + gy * gy);
      gm += g;
      gm2 += g * g;
      cnt++;
    }
  gm /= cnt;
  const gsd = Math.sqrt(Math.max(0, gm2 / cnt - gm * gm));
  return [mean / 255, sd / 255, m3 / (sd * sd * sd), m4 / (m2 * m2) - 3, q(0.05) / 255, q(0.25) / 255, q(0.5) / 255, q(0.75) / 255, q(0.95) / 255, gm / 255, gsd / 255, ...hist];
}

/**
 * HOG: unsigned gradient orientation in 9 bins (linear vote between neighbouring bins, weighted
 * by magnitude) per `cell`×`cell` cell, 2×2-cell blocks at one-cell stride, L2-Hys normalised.
 */
export function hog(img: GrayImage, cell: number): number[] {
  const w = img.width;
  const h = img.height;
  const cx = Math.floor(w / cell);
  const cy = Math.floor(h / cell);
  const bins = 9;
  const cells = new Float32Array(cx * cy * bins);
  const d = img.data;
  for (let y = 0; y < cy * cell; y++) {
    const ym = Math.max(0, y - 1);
    const yp = Math.min(h - 1, y + 1);
    for (let x = 0; x < cx * cell; x++) {
      const gx = d[y * w + Math.min(w - 1, x + 1)]! - d[y * w + Math.max(0, x - 1)]!;
      const gy = d[yp * w + x]! - d[ym * w + x]!;
      const mag = Math.sqrt(gx * gx + gy * gy);
      if (mag === 0) continue;
      let ang = Math.atan2(gy, gx);
      if (ang < 0) ang += Math.PI;
      const pos = (ang / Math.PI) * bins - 0.5;
      const b0 = Math.floor(pos);
      const f = pos - b0;
      const base = (Math.floor(y / cell) * cx + Math.floor(x / cell)) * bins;
      cells[base + ((b0 + bins) % bins)]! += mag * (1 - f);
      cells[base + ((b0 + 1) % bins)]! += mag * f;
    }
  }
  const out: number[] = [];
  const block = new Float32Array(4 * bins);
  for (let by = 0; by < cy - 1; by++)
    for (let bx = 0; bx < cx - 1; bx++) {
      let k = 0;
      for (let dy = 0; dy < 2; dy++)
        for (let dx = 0; dx < 2; dx++) {
          const base = ((by + dy) * cx + bx + dx) * bins;
          for (let b = 0; b < bins; b++) block[k++] = cells[base + b]!;
        }
      l2hys(block);
      for (let i = 0; i < block.length; i++) out.push(block[i]!);
    }
  return out;
}

function l2hys(v: Float32Array): void {
  for (let pass = 0; pass < 2; pass++) {
    let s = 1e-6;
    for (let i = 0; i < v.length; i++) s += v[i]! * v[i]!;
    const inv = 1 / Math.sqrt(s);
    for (let i = 0; i < v.length; i++) v[i] = pass === 0 ? Math.min(0.2, v[i]! * inv) : v[i]! * inv;
  }
}

/** Number of 0/1 transitions around an 8-bit circular pattern. */
function transitions(c: number): number {
  let t = 0;
  for (let i = 0; i < 8; i++) if (((c >> i) & 1) !== ((c >> ((i + 1) % 8)) & 1)) t++;
  return t;
}

function popcount(c: number): number {
  let n = 0;
  for (let i = 0; i < 8; i++) n += (c >> i) & 1;
  return n;
}

/** Uniform-pattern map (u2): the 58 patterns with ≤ 2 transitions get their own bin, the rest bin 58. */
const U2_MAP: Uint8Array = (() => {
  const m = new Uint8Array(256);
  let next = 0;
  for (let c = 0; c < 256; c++) m[c] = transitions(c) <= 2 ? next++ : 58;
  return m;
})();

/** Rotation-invariant uniform map (riu2): number of ones if uniform (0..8), else 9. */
const RIU2_MAP: Uint8Array = (() => {
  const m = new Uint8Array(256);
  for (let c = 0; c < 256; c++) m[c] = transitions(c) <= 2 ? popcount(c) : 9;
  return m;
})();

/**
 * The LBP family at radius r in one pass over the image (8 bilinear samples per pixel): the
 * uniform (u2, 59-bin) histogram of the sign pattern; if `grid` > 0, rotation-invariant (riu2,
 * 10-bin) histograms on a grid×grid layout; if `clbp`, the CLBP_S/M/C joint histogram (Guo,
 * Zhang & Zhang 2010): sign riu2 × magnitude riu2 (|g_p − g_c| ≥ image mean) × centre ≥ image
 * mean (200 bins). All histograms √-normalised (Hellinger), which suits a linear classifier.
 */
export function lbpFamily(img: GrayImage, r: number, grid: number, clbp: boolean): number[] {
  const w = img.width;
  const h = img.height;
  const d = img.data;
  const m = Math.ceil(r);
  const i0 = new Int32Array(8);
  const w00 = new Float64Array(8);
  const w01 = new Float64Array(8);
  const w10 = new Float64Array(8);
  const w11 = new Float64Array(8);
  for (let p = 0; p < 8; p++) {
    const a = (2 * Math.PI * p) / 8;
    const fx = r * Math.cos(a);
    const fy = -r * Math.sin(a);
    const x0 = Math.floor(fx + 1e-9);
    const y0 = Math.floor(fy + 1e-9);
    const tx = fx - x0 < 1e-6 ? 0 : fx - x0;
    const ty = fy - y0 < 1e-6 ? 0 : fy - y0;
    i0[p] = y0 * w + x0;
    w00[p] = (1 - tx) * (1 - ty);
    w01[p] = tx * (1 - ty);
    w10[p] = (1 - tx) * ty;
    w11[p] = tx * ty;
  }
  const iw = w - 2 * m - 1;
  const ih = h - 2 * m - 1;
  const n = iw * ih;
  const sCode = new Uint8Array(n);
  const mags = clbp ? new Float32Array(n * 8) : undefined;
  const centre = clbp ? new Float32Array(n) : undefined;
  let k = 0;
  let magSum = 0;
  let meanI = 0;
  for (let y = m; y < h - m - 1; y++)
    for (let x = m; x < w - m - 1; x++, k++) {
      const at = y * w + x;
      const c = d[at]!;
      let code = 0;
      for (let p = 0; p < 8; p++) {
        const i = at + i0[p]!;
        const diff = w00[p]! * d[i]! + w01[p]! * d[i + 1]! + w10[p]! * d[i + w]! + w11[p]! * d[i + w + 1]! - c;
        if (diff >= -1e-3) code |= 1 << p;
        if (mags) {
          const a = diff < 0 ? -diff : diff;
          mags[k * 8 + p] = a;
          magSum += a;
        }
      }
      sCode[k] = code;
      if (centre) {
        centre[k] = c;
        meanI += c;
      }
    }
  const out: number[] = [];
  const u2 = new Float64Array(59);
  for (let i = 0; i < n; i++) u2[U2_MAP[sCode[i]!]!]!++;
  for (let b = 0; b < 59; b++) out.push(Math.sqrt(u2[b]! / n));
  if (grid > 0) {
    const g = new Float64Array(grid * grid * 10);
    const counts = new Float64Array(grid * grid);
    let i = 0;
    for (let y = 0; y < ih; y++) {
      const gy = Math.min(grid - 1, Math.floor((y * grid) / ih));
      for (let x = 0; x < iw; x++, i++) {
        const cell = gy * grid + Math.min(grid - 1, Math.floor((x * grid) / iw));
        g[cell * 10 + RIU2_MAP[sCode[i]!]!]!++;
        counts[cell]!++;
      }
    }
    for (let j = 0; j < g.length; j++) out.push(Math.sqrt(g[j]! / Math.max(1, counts[Math.floor(j / 10)]!)));
  }
  if (mags && centre) {
    const thrM = magSum / (n * 8);
    meanI /= n;
    const hist = new Float64Array(200);
    for (let i = 0; i < n; i++) {
      let mc = 0;
      for (let p = 0; p < 8; p++) if (mags[i * 8 + p]! >= thrM) mc |= 1 << p;
      hist[(RIU2_MAP[sCode[i]!]! * 10 + RIU2_MAP[mc]!) * 2 + (centre[i]! >= meanI ? 1 : 0)]!++;
    }
    for (let b = 0; b < 200; b++) out.push(Math.sqrt(hist[b]! / n));
  }
  return out;
}

const GLCM_LEVELS = 16;

/** Grey levels 0..15, scaled between the image's 1st and 99th percentiles. */
export function quantize(img: GrayImage): Uint8Array {
  const L = GLCM_LEVELS;
  const qf = quantiles(img);
  const lo = qf(0.01);
  const hi = qf(0.99);
  const scale = hi > lo ? L / (hi - lo) : 0;
  const d = img.data;
  const q = new Uint8Array(d.length);
  for (let i = 0; i < d.length; i++) q[i] = Math.min(L - 1, Math.max(0, Math.floor((d[i]! - lo) * scale)));
  return q;
}

/**
 * Grey-level co-occurrence of the quantized image `q` at distance `dist` over 0°, 45°, 90°, 135°
 * (symmetric, normalised). Returns, for contrast, dissimilarity, homogeneity, energy, entropy and
 * correlation, the mean and the range over angles.
 */
export function glcm(q: Uint8Array, w: number, h: number, dist: number): number[] {
  const L = GLCM_LEVELS;
  const dirs: [number, number][] = [
    [dist, 0],
    [dist, -dist],
    [0, dist],
    [dist, dist],
  ];
  const stats: number[][] = [];
  const P = new Float64Array(L * L);
  for (const [dx, dy] of dirs) {
    P.fill(0);
    let total = 0;
    for (let y = Math.max(0, -dy); y < Math.min(h, h - dy); y++)
      for (let x = Math.max(0, -dx); x < Math.min(w, w - dx); x++) {
        const a = q[y * w + x]!;
        const b = q[(y + dy) * w + x + dx]!;
        P[a * L + b]!++;
        P[b * L + a]!++;
        total += 2;
      }
    let contrast = 0;
    let dissim = 0;
    let homog = 0;
    let energy = 0;
    let entropy = 0;
    let mu = 0;
    for (let i = 0; i < L; i++)
      for (let j = 0; j < L; j++) {
        const p = P[i * L + j]! / total;
        if (p === 0) continue;
        const diff = i - j;
        contrast += diff * diff * p;
        dissim += Math.abs(diff) * p;
        homog += p / (1 + diff * diff);
        energy += p * p;
        entropy -= p * Math.log(p);
        mu += i * p;
      }
    let varI = 0;
    let cov = 0;
    for (let i = 0; i < L; i++)
      for (let j = 0; j < L; j++) {
        const p = P[i * L + j]! / total;
        varI += (i - mu) * (i - mu) * p;
        cov += (i - mu) * (j - mu) * p;
      }
    const corr = varI > 1e-12 ? cov / varI : 1;
    stats.push([contrast / (L * L), dissim / L, homog, Math.sqrt(energy), entropy / Math.log(L * L), corr]);
  }
  const out: number[] = [];
  for (let k = 0; k < 6; k++) {
    const vals = stats.map((s) => s[k]!);
    out.push(vals.reduce((a, b) => a + b, 0) / vals.length, Math.max(...vals) - Math.min(...vals));
  }
  return out;
}
