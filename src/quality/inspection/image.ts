/** A greyscale image, row-major, values 0..255. */
export interface GrayImage {
  readonly width: number;
  readonly height: number;
  readonly data: Float32Array;
}

/**
 * Builds a greyscale image from interleaved pixels with `channels` components (1, 3 or 4),
 * using the ITU-R BT.601 luma weights (alpha ignored).
 */
export function toGray(width: number, height: number, pixels: ArrayLike<number>, channels: number): GrayImage {
  const n = width * height;
  if (pixels.length < n * channels) throw new RangeError(`pixel buffer too short: ${pixels.length} < ${n * channels}`);
  const data = new Float32Array(n);
  if (channels === 1) for (let i = 0; i < n; i++) data[i] = pixels[i]!;
  else if (channels === 2) for (let i = 0; i < n; i++) data[i] = pixels[i * 2]!;
  else
    for (let i = 0, j = 0; i < n; i++, j += channels) data[i] = 0.299 * pixels[j]! + 0.587 * pixels[j + 1]! + 0.114 * pixels[j + 2]!;
  return { width, height, data };
}

/**
 * Resamples to `w`×`h` by area averaging (each output pixel is the mean of the source area it
 * covers, with fractional edge weights), which avoids the aliasing of point sampling when shrinking.
 */
export function resize(img: GrayImage, w: number, h: number): GrayImage {
  if (img.width === w && img.height === h) return img;
  const sx = img.width / w;
  const sy = img.height / h;
  // Separable: first along x into a (w × img.height) buffer, then along y.
  const tmp = new Float32Array(w * img.height);
  const xw = axisWeights(img.width, w, sx);
  for (let y = 0; y < img.height; y++) {
    const row = y * img.width;
    for (let x = 0; x < w; x++) {
      const { start, weights } = xw[x]!;
      let s = 0;
      for (let k = 0; k < weights.length; k++) s += img.data[row + start + k]! * weights[k]!;
      tmp[y * w + x] = s;
    }
  }
  const out = new Float32Array(w * h);
  const yw = axisWeights(img.height, h, sy);
  for (let y = 0; y < h; y++) {
    const { start, weights } = yw[y]!;
    for (let x = 0; x < w; x++) {
      let s = 0;
      for (let k = 0; k < weights.length; k++) s += tmp[(start + k) * w + x]! * weights[k]!;
      out[y * w + x] = s;
    }
  }
  return { width: w, height: h, data: out };
}

interface AxisWeight {
  start: number;
  weights: Float32Array;
}

function axisWeights(src: number, dst: number, scale: number): AxisWeight[] {
  const out: AxisWeight[] = [];
  for (let i = 0; i < dst; i++) {
    if (scale <= 1) {
      // Enlarging: linear interpolation between the two nearest source pixels.
      const c = Math.min(src - 1, Math.max(0, (i + 0.5) * scale - 0.5));
      const a = Math.floor(c);
      const b = Math.min(src - 1, a + 1);
      const f = c - a;
      out.push(b === a ? { start: a, weights: Float32Array.of(1) } : { start: a, weights: Float32Array.of(1 - f, f) });
      continue;
    }
    const lo = i * scale;
    const hi = Math.min(src, (i + 1) * scale);
    const start = Math.floor(lo);
    const end = Math.ceil(hi);
    const weights = new Float32Array(end - start);
    for (let k = start; k < end; k++) weights[k - start] = (Math.min(hi, k + 1) - Math.max(lo, k)) / scale;
    out.push({ start, weights });
  }
  return out;
}
