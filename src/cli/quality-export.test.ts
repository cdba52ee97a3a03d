import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Command } from "commander";
import { afterAll, describe, expect, it } from "vitest";
import { ManualClock } from "../kernel/index.js";
import { openSqliteStore } from "../adapters/sql/sqlite.js";
import { builtinRuntimeFactory } from "../quality/index.js";
import { DefectService } from "../workflows/quality/defect-service.js";
import { InspectionService } from "../workflows/quality/inspection-service.js";
import { tinyModelJson, tinyPng } from "../../test/support/tiny-inspection.js";
import { listLabeledImages, register } from "./quality.js";

const root = mkdtempSync(join(tmpdir(), "takt-labels-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("takt quality export-labels", () => {
  it("writes the reviewed images one folder per label, ready for `takt quality train`", async () => {
    const dataDir = join(root, "data");
    const clock = new ManualClock();
    const store = openSqliteStore({ dataDir, clock });
    await store.migrate();
    const svc = new InspectionService(store, clock, new DefectService(store, clock, { id: "g", station: "end-of-line", requires: [] }), [builtinRuntimeFactory]);
    await svc.register({ name: "paint", format: "takt-json", bytes: tinyModelJson() });
    await svc.deploy("P01", { role: "live", model: "paint@1", policy: { okLabels: ["ok"], defectCodes: { scratch: "PNT" }, location: "hood", minScore: 0.5 } });
    // A shadow that learnt the labels the wrong way round disagrees on every image: all go to review.
    await svc.register({ name: "paint", format: "takt-json", bytes: tinyModelJson(true) });
    await svc.deploy("P01", { role: "shadow", model: "paint@2" });
    const a = await svc.inspect("P01", "unit_a", tinyPng("ok", 1));
    const b = await svc.inspect("P01", "unit_b", tinyPng("scratch", 2));
    await svc.inspect("P01", "unit_c", tinyPng("ok", 3));
    expect((await svc.reviewQueue("pending")).length).toBe(3);
    await svc.decide(a.id, "ok", "eng");
    await svc.decide(b.id, "ok", "eng");
    await svc.close();
    await store.close();

    const out = join(root, "labels");
    const program = new Command().exitOverride();
    register(program);
    const lines: string[] = [];
    const log = console.log;
    console.log = (...x: unknown[]) => void lines.push(x.join(" "));
    try {
      await program.parseAsync(["node", "takt", "quality", "export-labels", "--data-dir", dataDir, "--out", out]);
    } finally {
      console.log = log;
    }
    expect(lines.join("\n")).toContain("wrote 2 labelled images (1 corrected by review; ok 2)");
    expect(readdirSync(join(out, "ok")).sort()).toEqual([`${a.id}.png`, `${b.id}.png`].sort());
    expect(readFileSync(join(out, "ok", `${b.id}.png`)).equals(tinyPng("scratch", 2))).toBe(true);
    expect(existsSync(join(out, "scratch"))).toBe(false);
    expect(listLabeledImages(out).files).toHaveLength(2);
  });
});
