import { readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import type { Command } from "commander";
import {
  classifyImage,
  decodeImage,
  DEFAULT_FEATURES,
  DEFAULT_TRAIN,
  exportOnnx,
  extractFeatures,
  parseModel,
  serializeModel,
  trainModel,
  type FeatureConfig,
  type InspectionModel,
  type TrainOptions,
} from "../quality/inspection/index.js";
import { registerExportLabels } from "./quality-export.js";

const IMAGE_EXT = /\.(jpe?g|png|bmp)$/i;

/** A labelled image set on disk: one sub-folder per class, image files inside. */
export interface LabeledFiles {
  readonly classes: string[];
  readonly files: { path: string; label: number }[];
}

/** Lists `dir/<class>/*.{jpg,jpeg,png,bmp}`, classes and files in sorted order. */
export function listLabeledImages(dir: string): LabeledFiles {
  const classes = readdirSync(dir)
    .filter((d) => statSync(join(dir, d)).isDirectory() && !d.startsWith("."))
    .sort();
  const files: { path: string; label: number }[] = [];
  classes.forEach((c, label) => {
    for (const f of readdirSync(join(dir, c)).sort()) if (IMAGE_EXT.test(f)) files.push({ path: join(dir, c, f), label });
  });
  return { classes, files };
}

/** Feature vectors of the files that decode; the ones that do not are listed with the reason. */
export interface FeatureSet {
  readonly rows: Float32Array[];
  readonly labels: number[];
  readonly paths: string[];
  readonly rejected: { path: string; error: string }[];
  readonly decodeMs: number[];
  readonly featureMs: number[];
}

/** Decodes and extracts features file by file (a bad file is rejected, the batch goes on). */
export function extractFeatureSet(files: readonly { path: string; label: number }[], cfg: FeatureConfig, onProgress?: (done: number, total: number) => void): FeatureSet {
  const out: FeatureSet = { rows: [], labels: [], paths: [], rejected: [], decodeMs: [], featureMs: [] };
  files.forEach((f, i) => {
    try {
      const t0 = performance.now();
      const img = decodeImage(readFileSync(f.path), f.path);
      const t1 = performance.now();
      out.rows.push(extractFeatures(img, cfg));
      out.featureMs.push(performance.now() - t1);
      out.decodeMs.push(t1 - t0);
      out.labels.push(f.label);
      out.paths.push(f.path);
    } catch (e) {
      out.rejected.push({ path: f.path, error: e instanceof Error ? e.message : String(e) });
    }
    onProgress?.(i + 1, files.length);
  });
  return out;
}

/** Progress on stderr: one rewritten line on a terminal, a line every 10% otherwise. */
export function progress(label: string): (done: number, total: number) => void {
  let lastPct = -1;
  return (done, total) => {
    const pct = Math.floor((100 * done) / total);
    if (process.stderr.isTTY) {
      if (pct !== lastPct || done === total) process.stderr.write(`\r${label} ${done}/${total} (${pct}%)${done === total ? "\n" : ""}`);
    } else if (Math.floor(pct / 10) !== Math.floor(lastPct / 10) || done === total) process.stderr.write(`${label} ${done}/${total} (${pct}%)\n`);
    lastPct = pct;
  };
}

/** Image files named by the arguments: files as given, folders searched recursively. */
function collectImages(paths: readonly string[]): string[] {
  const out: string[] = [];
  const walk = (p: string, explicit: boolean): void => {
    let st;
    try {
      st = statSync(p);
    } catch {
      out.push(p); // reported as an error when read
      return;
    }
    if (st.isDirectory()) for (const f of readdirSync(p).sort()) walk(join(p, f), false);
    else if (explicit || IMAGE_EXT.test(p)) out.push(p);
  };
  for (const p of paths) walk(p, true);
  return out;
}

/** Loads a model file given by the user (path as given, relative to the working directory). */
export function loadModel(path: string): InspectionModel {
  return parseModel(readFileSync(path, "utf8"));
}

interface TrainOpts {
  data: string;
  out: string;
  hidden: string;
  epochs: string;
  size: string;
  seed: string;
}

interface ClassifyOpts {
  model: string;
  json?: boolean;
}

/**
 * `takt quality train --data DIR --out MODEL` trains the built-in defect classifier from folders
 * of labelled images; `takt quality classify --model MODEL [--json] PATH...` classifies images.
 */
export function register(program: Command): void {
  const q = program.command("quality").description("quality inspection: train and run the built-in defect image classifier");
  q.command("train")
    .description("train a defect classifier from DIR/<class>/*.{jpg,png,bmp} (one folder per class)")
    .requiredOption("-d, --data <dir>", "folder with one sub-folder of images per class")
    .requiredOption("-o, --out <file>", "model file to write (JSON)")
    .option("--hidden <n>", "hidden units of the classifier (0 = softmax regression)", String(DEFAULT_TRAIN.hidden))
    .option("--epochs <n>", "training epochs", String(DEFAULT_TRAIN.epochs))
    .option("--size <px>", "working image size the input is resampled to", String(DEFAULT_FEATURES.size))
    .option("--seed <n>", "random seed", "1")
    .action((o: TrainOpts) => {
      const { classes, files } = listLabeledImages(o.data);
      if (classes.length < 2) {
        console.error(`${o.data}: need at least two class folders, found ${classes.length}`);
        process.exit(2);
      }
      const features: FeatureConfig = { ...DEFAULT_FEATURES, size: Number(o.size) };
      const t0 = performance.now();
      const set = extractFeatureSet(files, features, progress("features"));
      for (const r of set.rejected) console.error(`skipped ${r.path}: ${r.error}`);
      const opts: TrainOptions = {
        ...DEFAULT_TRAIN,
        hidden: Number(o.hidden),
        epochs: Number(o.epochs),
        seed: Number(o.seed),
        onEpoch: (e, loss) => process.stderr.write(`epoch ${e}/${o.epochs} loss ${loss.toFixed(4)}\n`),
      };
      const counts = classes.map((_, c) => set.labels.filter((l) => l === c).length);
      const model = trainModel(set.rows, set.labels, classes, features, opts, {
        trainedAt: new Date().toISOString(),
        data: basename(o.data),
        images: Object.fromEntries(classes.map((c, i) => [c, counts[i]])),
        rejected: set.rejected.length,
      });
      writeFileSync(o.out, serializeModel(model));
      console.log(`trained on ${set.rows.length} images (${classes.map((c, i) => `${c} ${counts[i]}`).join(", ")}) in ${((performance.now() - t0) / 1000).toFixed(1)} s; wrote ${o.out}`);
    });
  q.command("export-onnx")
    .description("write a built-in model's classifier as ONNX (input: its feature vector; output: class probabilities)")
    .requiredOption("-m, --model <file>", "model file written by `takt quality train`")
    .requiredOption("-o, --out <file>", "ONNX file to write")
    .action((o: { model: string; out: string }) => {
      const model = loadModel(o.model);
      writeFileSync(o.out, exportOnnx(model.network, { docString: `classes: ${model.classes.join(",")}` }));
      console.log(`wrote ${o.out} (classes ${model.classes.join(", ")}; input features[N, ${model.network.mean.length}])`);
    });
  q.command("classify")
    .description("classify images (files or folders); a bad file is reported and the batch goes on")
    .requiredOption("-m, --model <file>", "model file written by `takt quality train`")
    .option("--json", "one JSON line per image: {file, label, score}")
    .argument("<paths...>", "image files or folders")
    .action((paths: string[], o: ClassifyOpts) => {
      let model: InspectionModel;
      try {
        model = loadModel(o.model);
      } catch (e) {
        console.error(`${o.model}: ${(e as Error).message}`);
        process.exit(2);
      }
      let failed = 0;
      for (const file of collectImages(paths)) {
        try {
          const v = classifyImage(model, decodeImage(readFileSync(file), file));
          const score = Math.round(v.score * 1e6) / 1e6;
          console.log(o.json ? JSON.stringify({ file, label: v.label, score }) : `${file}\t${v.label}\t${score.toFixed(4)}`);
        } catch (e) {
          failed++;
          const error = e instanceof Error ? e.message : String(e);
          if (o.json) console.log(JSON.stringify({ file, error }));
          console.error(`error: ${error}`);
        }
      }
      if (failed > 0) process.exitCode = 1;
    });
  registerExportLabels(q);
}
