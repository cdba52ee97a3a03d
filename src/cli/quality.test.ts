import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Command } from "commander";
import { afterAll, describe, expect, it, vi } from "vitest";
import { encodeBmpGray, mulberry32, type GrayImage } from "../quality/inspection/index.js";
import { extractFeatureSet, listLabeledImages, register } from "./quality.js";

/** 40×40 synthetic images: "stripes" (vertical bars) or "spots" (dark dots), with noise. */
function synth(cls: number, rnd: () => number): GrayImage {
  const s = 40;
  const data = new Float32Array(s * s);
  for (let y = 0; y < s; y++)
    for (let x = 0; x < s; x++) {
      const base = cls === 0 ? ((x + Math.floor(rnd() * 2)) % 8 < 4 ? 90 : 170) : 130;
      data[y * s + x] = base + 15 * (rnd() - 0.5);
    }
  if (cls === 1)
    for (let k = 0; k < 10; k++) {
      const x = Math.floor(rnd() * 37);
      const y = Math.floor(rnd() * 37);
      for (let d = 0; d < 9; d++) data[(y + Math.floor(d / 3)) * s + x + (d % 3)] = 30;
    }
  return { width: s, height: s, data };
}

const root = mkdtempSync(join(tmpdir(), "takt-quality-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function makeSet(): string {
  const dir = join(root, "train");
  const rnd = mulberry32(11);
  for (const [c, name] of ["spots", "stripes"].entries()) {
    mkdirSync(join(dir, name), { recursive: true });
    for (let i = 0; i < 16; i++) writeFileSync(join(dir, name, `${i}.bmp`), encodeBmpGray(synth(1 - c, rnd)));
  }
  writeFileSync(join(dir, "spots", "broken.bmp"), "BM this is not really a bitmap");
  writeFileSync(join(dir, "spots", "readme.txt"), "ignored: not an image name");
  return dir;
}

async function run(args: string[]): Promise<string[]> {
  const lines: string[] = [];
  const log = vi.spyOn(console, "log").mockImplementation((...a: unknown[]) => void lines.push(a.join(" ")));
  const err = vi.spyOn(console, "error").mockImplementation(() => undefined);
  const write = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
  try {
    const program = new Command().exitOverride();
    register(program);
    await program.parseAsync(["node", "takt", ...args]);
  } finally {
    log.mockRestore();
    err.mockRestore();
    write.mockRestore();
  }
  return lines;
}

describe("takt quality", () => {
  const dir = makeSet();

  it("lists one class per folder and rejects a bad file without stopping the batch", () => {
    const { classes, files } = listLabeledImages(dir);
    expect(classes).toEqual(["spots", "stripes"]);
    expect(files).toHaveLength(33);
    const set = extractFeatureSet(files, { size: 40, hogCells: [], lbpRadii: [1, 2], lbpGrid: 2, glcmDistances: [1], multiScale: false, clbp: true });
    expect(set.rows).toHaveLength(32);
    expect(set.rejected).toEqual([{ path: join(dir, "spots", "broken.bmp"), error: expect.stringMatching(/broken\.bmp: damaged BMP image/) }]);
  });

  it("trains a model, then classifies files and folders as JSON lines; a bad file gets an error line", async () => {
    const model = join(root, "model.json");
    const out = await run(["quality", "train", "--data", dir, "--out", model, "--epochs", "20", "--size", "40"]);
    expect(out.join("\n")).toMatch(/trained on 32 images \(spots 16, stripes 16\)/);
    process.exitCode = undefined;
    const lines = await run(["quality", "classify", "--model", model, "--json", join(dir, "stripes"), join(dir, "spots", "broken.bmp"), join(dir, "spots", "3.bmp")]);
    expect(process.exitCode).toBe(1);
    process.exitCode = undefined;
    const rows = lines.map((l) => JSON.parse(l) as { file: string; label?: string; score?: number; error?: string });
    expect(rows).toHaveLength(18);
    const good = rows.filter((r) => r.label);
    expect(good.filter((r) => r.file.includes("stripes")).every((r) => r.label === "stripes")).toBe(true);
    expect(rows.find((r) => r.file.endsWith("3.bmp") && r.file.includes("spots"))!.label).toBe("spots");
    expect(good.every((r) => r.score! > 0.5 && r.score! <= 1)).toBe(true);
    expect(rows.find((r) => r.file.endsWith("broken.bmp"))!.error).toMatch(/damaged BMP/);
  });
});
