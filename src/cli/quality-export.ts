import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Command } from "commander";
import { systemClock } from "../kernel/index.js";
import { loadConfig } from "../server/config.js";
import { openStore } from "../server/runtime.js";
import type { Store } from "../workflows/ports.js";
import { DefectService } from "../workflows/quality/defect-service.js";
import { InspectionService } from "../workflows/quality/inspection-service.js";

const EXT: Readonly<Record<string, string>> = { "image/jpeg": "jpg", "image/png": "png" };

/**
 * Writes the reviewed images of the store as a training folder: `out/<label>/<inspection>.<ext>`,
 * the confirmed or corrected label of each. `takt quality train --data out` then retrains on them
 * (merge them with the original training set first to keep its coverage).
 */
export async function exportLabelled(store: Store, out: string): Promise<{ images: number; corrected: number; classes: Record<string, number> }> {
  const svc = new InspectionService(store, systemClock, new DefectService(store, systemClock, { id: "export", station: "export", requires: [] }), []);
  const labels = await svc.labelled();
  const classes: Record<string, number> = {};
  for (const l of labels) {
    if (!/^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(l.label)) throw new Error(`label ${JSON.stringify(l.label)} cannot be a folder name`);
    const img = await svc.image(l.inspection);
    mkdirSync(join(out, l.label), { recursive: true });
    writeFileSync(join(out, l.label, `${l.inspection}.${EXT[img.contentType] ?? "img"}`), img.bytes);
    classes[l.label] = (classes[l.label] ?? 0) + 1;
  }
  return { images: labels.length, corrected: labels.filter((l) => l.corrected).length, classes };
}

/** `takt quality export-labels --out DIR`: the review queue's labelled images, one folder per class. */
export function registerExportLabels(q: Command): void {
  q.command("export-labels")
    .description("write the reviewed inspection images (confirmed or corrected labels) as DIR/<label>/*.{jpg,png}, ready for `takt quality train`")
    .requiredOption("-o, --out <dir>", "folder to write (one sub-folder per label)")
    .option("--data-dir <dir>", "data folder of the embedded store (overrides TAKT_DATA_DIR)")
    .action(async (o: { out: string; dataDir?: string }) => {
      const store = await openStore(loadConfig(process.env, o.dataDir ? { dataDir: o.dataDir } : {}));
      try {
        await store.migrate();
        const r = await exportLabelled(store, o.out);
        const per = Object.entries(r.classes).map(([c, n]) => `${c} ${n}`).join(", ");
        console.log(`wrote ${r.images} labelled images (${r.corrected} corrected by review${per ? `; ${per}` : ""}) to ${o.out}`);
      } finally {
        await store.close();
      }
    });
}
