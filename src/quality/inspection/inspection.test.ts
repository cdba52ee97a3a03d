import { describe, expect, it } from "vitest";
import jpeg from "jpeg-js";
import { PNG } from "pngjs";
import { ValidationError } from "../../kernel/index.js";
import { decodeImage, encodeBmpGray, sniffFormat } from "./decode.js";
import { resize, toGray, type GrayImage } from "./image.js";
import { DEFAULT_FEATURES, extractFeatures, hog, lbpFamily, type FeatureConfig } from "./features.js";
import { classifyFeatures, classifyImage, parseModel, serializeModel, trainModel } from "./model.js";
import { classificationReport, stratifiedFolds } from "./metrics.js";
import { mulberry32 } from "./rng.js";
import { base64ToF32, f32ToBase64 } from "./base64.js";

/** A synthetic 48×48 image: class 0 "scratch" (a bright line at a random angle), class 1 "pits" (dark dots). */
function synth(cls: number, rnd: () => number, size = 48): GrayImage {
  const data = new Float32Array(size * size);
  for (let i = 0; i < data.length; i++) data[i] = 120 + 20 * (rnd() - 0.5);
  if (cls === 0) {
    const a = rnd() * Math.PI;
    const cx = size / 2 + (rnd() - 0.5) * 10;
    const cy = size / 2 + (rnd() - 0.5) * 10;
    for (let t = -size; t < size; t += 0.5) {
      const x = Math.round(cx + t * Math.cos(a));
      const y = Math.round(cy + t * Math.sin(a));
      if (x >= 0 && y >= 0 && x < size && y < size) data[y * size + x] = 230;
    }
  } else {
    for (let k = 0; k < 12; k++) {
      const x = Math.floor(rnd() * (size - 3));
      const y = Math.floor(rnd() * (size - 3));
      for (let dy = 0; dy < 3; dy++) for (let dx = 0; dx < 3; dx++) data[(y + dy) * size + x + dx] = 40;
    }
  }
  return { width: size, height: size, data };
}

const small: FeatureConfig = { ...DEFAULT_FEATURES, size: 48, hogCells: [12] };

describe("image decoding", () => {
  const img = synth(0, mulberry32(3));
  it("reads BMP (8-bit palette), JPEG and PNG by their signatures", () => {
    const bmp = encodeBmpGray(img);
    expect(sniffFormat(bmp)).toBe("bmp");
    const back = decodeImage(bmp, "a.bmp");
    expect(back.width).toBe(48);
    expect(Math.abs(back.data[100]! - Math.round(img.data[100]!))).toBeLessThan(1e-3);

    const rgba = new Uint8Array(48 * 48 * 4);
    img.data.forEach((v, i) => rgba.set([v, v, v, 255], i * 4));
    const jpg = jpeg.encode({ width: 48, height: 48, data: rgba }, 95).data;
    expect(sniffFormat(jpg)).toBe("jpeg");
    const dj = decodeImage(jpg, "a.jpg");
    expect(dj.height).toBe(48);
    let err = 0;
    for (let i = 0; i < dj.data.length; i++) err += Math.abs(dj.data[i]! - img.data[i]!);
    expect(err / dj.data.length).toBeLessThan(8);

    const png = new PNG({ width: 48, height: 48 });
    png.data.set(rgba);
    const pngBytes = PNG.sync.write(png);
    expect(Math.abs(decodeImage(pngBytes, "a.png").data[5]! - img.data[5]!)).toBeLessThanOrEqual(1);
  });

  it("rejects a non-image and a damaged image with a clear error naming the file", () => {
    expect(() => decodeImage(new TextEncoder().encode("hello, not an image"), "notes.jpg")).toThrow(/notes\.jpg: not a JPEG, PNG or BMP/);
    const rgba = new Uint8Array(16 * 16 * 4).fill(128);
    const jpg = jpeg.encode({ width: 16, height: 16, data: rgba }, 90).data;
    const truncated = jpg.subarray(0, 40);
    expect(() => decodeImage(truncated, "cut.jpg")).toThrow(ValidationError);
    expect(() => decodeImage(truncated, "cut.jpg")).toThrow(/cut\.jpg: damaged JPEG/);
    const bmp = encodeBmpGray(img).subarray(0, 1200);
    expect(() => decodeImage(bmp, "cut.bmp")).toThrow(/cut\.bmp: damaged BMP image \(BMP pixel data is truncated\)/);
  });
});

describe("features", () => {
  it("converts colour to luma and resizes by area averaging", () => {
    const g = toGray(1, 1, [255, 0, 0], 3);
    expect(g.data[0]).toBeCloseTo(0.299 * 255, 3);
    const r = resize({ width: 2, height: 2, data: Float32Array.of(0, 100, 200, 100) }, 1, 1);
    expect(r.data[0]).toBeCloseTo(100, 5);
  });
  it("LBP of a flat image is all ones; HOG of a vertical edge votes the 0° bin", () => {
    const flat = { width: 10, height: 10, data: new Float32Array(100).fill(50) };
    const u2 = lbpFamily(flat, 1, 0, false);
    expect(u2).toHaveLength(59);
    expect(u2.filter((v) => v > 0)).toEqual([1]); // every pixel has the all-ones (uniform) pattern
    const edge = { width: 16, height: 16, data: new Float32Array(256).map((_, i) => (i % 16 < 8 ? 0 : 255)) };
    const h = hog(edge, 8);
    expect(h.length).toBe(36);
    expect(h[0]! + h[8]!).toBeGreaterThan(0.4);
  });
  it("has a fixed length and is deterministic", () => {
    const a = extractFeatures(synth(1, mulberry32(1)), small);
    const b = extractFeatures(synth(1, mulberry32(1)), small);
    expect(a.length).toBe(b.length);
    expect(Array.from(a)).toEqual(Array.from(b));
    expect(a.every(Number.isFinite)).toBe(true);
  });
});

describe("classifier", () => {
  const rnd = mulberry32(7);
  const train = Array.from({ length: 60 }, (_, i) => ({ img: synth(i % 2, rnd), y: i % 2 }));
  const test = Array.from({ length: 30 }, (_, i) => ({ img: synth(i % 2, rnd), y: i % 2 }));
  const rows = train.map((t) => extractFeatures(t.img, small));

  for (const hidden of [0, 16]) {
    it(`learns scratches vs pits (hidden ${hidden}) and round-trips through the model file`, () => {
      const model = trainModel(rows, train.map((t) => t.y), ["scratch", "pits"], small, { hidden, epochs: 15, batch: 8, lr: 3e-3, l2: 1e-4, dropout: 0, seed: 1 });
      const pred = test.map((t) => (classifyImage(model, t.img).label === "scratch" ? 0 : 1));
      const rep = classificationReport(model.classes, test.map((t) => t.y), pred);
      expect(rep.accuracy).toBeGreaterThanOrEqual(0.95);
      const back = parseModel(serializeModel(model));
      for (const t of test.slice(0, 5)) {
        const x = extractFeatures(t.img, small);
        expect(classifyFeatures(back, x)).toEqual(classifyFeatures(model, x));
      }
    });
  }

  it("training is deterministic for a seed", () => {
    const opts = { hidden: 8, epochs: 3, batch: 8, lr: 1e-3, l2: 0, dropout: 0.1, seed: 5 };
    const a = serializeModel(trainModel(rows, train.map((t) => t.y), ["a", "b"], small, opts));
    const b = serializeModel(trainModel(rows, train.map((t) => t.y), ["a", "b"], small, opts));
    expect(a).toBe(b);
  });

  it("refuses a damaged model file with a reason", () => {
    expect(() => parseModel("{")).toThrow(/invalid JSON/);
    expect(() => parseModel(JSON.stringify({ format: "x" }))).toThrow(/format/);
    const m = JSON.parse(serializeModel(trainModel(rows, train.map((t) => t.y), ["a", "b"], small, { hidden: 0, epochs: 1, batch: 8, lr: 1e-3, l2: 0, dropout: 0, seed: 1 })));
    m.classes = ["a", "b", "c"];
    expect(() => parseModel(JSON.stringify(m))).toThrow(/output size/);
  });
});

describe("metrics", () => {
  it("reports accuracy, recall, precision, F1 and the confusion matrix", () => {
    const r = classificationReport(["ok", "def"], [0, 0, 1, 1, 1], [0, 1, 1, 1, 0]);
    expect(r.confusion).toEqual([
      [1, 1],
      [1, 2],
    ]);
    expect(r.accuracy).toBeCloseTo(0.6, 12);
    expect(r.recall[1]).toBeCloseTo(2 / 3, 12);
    expect(r.precision[1]).toBeCloseTo(2 / 3, 12);
    expect(r.f1[0]).toBeCloseTo(0.5, 12);
  });
  it("stratified folds hold each class evenly", () => {
    const labels = [...new Array(10).fill(0), ...new Array(5).fill(1)];
    const f = stratifiedFolds(labels, 5, mulberry32(1));
    for (let k = 0; k < 5; k++) expect(labels.filter((l, i) => f[i] === k && l === 0)).toHaveLength(2);
  });
  it("base64 weights round-trip exactly", () => {
    const a = Float32Array.of(1.5, -2.25e-7, 3e20, 0, -0);
    expect(Array.from(base64ToF32(f32ToBase64(a)))).toEqual(Array.from(a));
  });
});
