import { describe, expect, it } from "vitest";
import { openSqliteStore } from "../../adapters/sql/sqlite.js";
import { SqlMeasurementSource } from "../../adapters/sql/measurement-source.js";
import { spcOf } from "./spc-service.js";

describe("SPC of measured characteristics", () => {
  it("charts torques from the execution read model, marks a shift, and computes capability", async () => {
    const store = openSqliteStore({ dataDir: ":memory:" });
    await store.migrate();
    // 30 torques around 42 N·m, then 10 shifted up by 2σ-ish: Nelson rule 2 (nine on one side) must fire
    const vals = Array.from({ length: 40 }, (_, i) => 42 + (i >= 30 ? 0.9 : 0) + 0.3 * Math.sin(i * 1.7));
    const db = store.db as unknown as { insertInto: (t: string) => { values: (v: unknown) => { execute: () => Promise<unknown> } } };
    await db
      .insertInto("exec_measurements")
      .values(vals.map((value, i) => ({ event_id: `evt_${String(i).padStart(3, "0")}`, idx: 0, unit: `unit_${i}`, line: "A1", station: "C04", operation: "bolt", name: "torque", value, uom: "N·m", ok: 1, at: 1000 + i })))
      .execute();
    const src = new SqlMeasurementSource(store.db as never);
    expect(await src.characteristics("A1")).toEqual([{ station: "C04", name: "torque", uom: "N·m", count: 40 }]);
    const v = await spcOf(src, { line: "A1", station: "C04", name: "torque", subgroup: 1, limit: 500, lsl: 40, usl: 44, rules: "nelson" });
    expect(v.n).toBe(40);
    expect(v.units[0]).toBe("unit_0");
    expect(v.primary.kind).toBe("i");
    expect(v.primary.violations.some((x) => x.rule === "nelson2")).toBe(true);
    expect(v.capability!.cp).toBeGreaterThan(0);
    expect(v.capability!.ci.cpk[0]).toBeLessThan(v.capability!.cpk);
    const xr = await spcOf(src, { line: "A1", station: "C04", name: "torque", subgroup: 5, limit: 500, rules: "western_electric" });
    expect(xr.primary.points).toHaveLength(8);
    expect(xr.capability).toBeNull();
    await expect(spcOf(src, { line: "A1", station: "C04", name: "gap", subgroup: 1, limit: 500, rules: "nelson" })).rejects.toThrow(/only 0 values/);
    await store.close();
  });
});
