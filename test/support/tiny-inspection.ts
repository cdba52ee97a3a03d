import { PNG } from "pngjs";
import { exportOnnx, extractFeatures, mulberry32, serializeModel, trainModel, DEFAULT_FEATURES, type GrayImage, type InspectionModel } from "../../src/quality/inspection/index.js";

/** A tiny two-class camera world for tests: `ok` is flat grey, `scratch` has dark stripes. */
export const TINY_FEATURES = { ...DEFAULT_FEATURES, size: 32, lbpRadii: [1, 2] };
export const TINY_CLASSES = ["ok", "scratch"] as const;

export function tinyImage(cls: "ok" | "scratch", seed: number): GrayImage {
  const rnd = mulberry32(seed);
  const s = 32;
  const data = new Float32Array(s * s);
  for (let i = 0; i < data.length; i++) data[i] = (cls === "scratch" ? ((i % s) % 6 < 3 ? 70 : 180) : 128) + 20 * (rnd() - 0.5);
  return { width: s, height: s, data };
}

/** The image as PNG bytes (what a station camera would upload). */
export function tinyPng(cls: "ok" | "scratch", seed: number): Buffer {
  const g = tinyImage(cls, seed);
  const png = new PNG({ width: g.width, height: g.height });
  for (let i = 0; i < g.data.length; i++) {
    const v = Math.max(0, Math.min(255, Math.round(g.data[i]!)));
    png.data.set([v, v, v, 255], i * 4);
  }
  return PNG.sync.write(png);
}

/** Trains the tiny model in a few milliseconds; `swap` learns the labels the wrong way round (a bad shadow). */
export function tinyModel(swap = false, classes: readonly [string, string] = TINY_CLASSES): InspectionModel {
  const imgs = Array.from({ length: 24 }, (_, i) => ({ img: tinyImage(i % 2 ? "scratch" : "ok", 100 + i), y: swap ? 1 - (i % 2) : i % 2 }));
  return trainModel(imgs.map((t) => extractFeatures(t.img, TINY_FEATURES)), imgs.map((t) => t.y), [...classes], TINY_FEATURES, { hidden: 0, epochs: 30, batch: 4, lr: 1e-2, l2: 0, dropout: 0, seed: 2 });
}

export const tinyModelJson = (swap = false, classes: readonly [string, string] = TINY_CLASSES): Buffer => Buffer.from(serializeModel(tinyModel(swap, classes)));
export const tinyModelOnnx = (swap = false): Buffer => Buffer.from(exportOnnx(tinyModel(swap).network));
