import { describe, expect, it } from "vitest";
import { parseCsplib, writeCsplib, writeCsplibSequence } from "./csplib-io.js";
import { evaluateSequence } from "./evaluate.js";
import { parseRoadef, writeRoadefVehicles } from "./roadef-io.js";

const objectives = "rank;objective name;\n1;paint_color_batches;\n2;high_priority_level_and_difficult_to_satisfy_ratio_constraints;\n3;low_priority_level_ratio_constraints;\n";
const ratios = "Ratio;Prio;Ident;\n1/2;1;HPRC1;\n2/3;0;LPRC1;  \n";
// set-B style: every line ends with ';'
const vehiclesB = [
  "Date;SeqRank;Ident;Paint Color;HPRC1;LPRC1;",
  "2004 21 5;513;11111111111;4;1;0;",
  "2004 21 5;514;11111111112;5;0;1;",
  "2004 21 6;1;22222222221;5;1;1;",
  "2004 21 6;2;22222222222;5;0;0;",
  "2004 21 6;3;22222222223;7;1;0;",
  "",
].join("\n");

describe("ROADEF 2005 files", () => {
  it("reads the objective order, ratios, limit and the two days, tolerating the quirks", () => {
    const { instance } = parseRoadef({ objectives: "\uFEFF" + objectives, paintBatchLimit: "limitation;\r\n2;", ratios, vehicles: vehiclesB });
    expect(instance.objectives).toEqual(["pcc", "hprc", "lprc"]);
    expect(instance.hprcDifficulty).toBe("difficult");
    expect(instance.weights).toEqual({ pcc: 1_000_000, hprc: 1_000, lprc: 1 });
    expect(instance.paintBatchLimit).toBe(2);
    expect(instance.constraints).toEqual([
      { ident: "HPRC1", max: 1, window: 2, priority: "high" },
      { ident: "LPRC1", max: 2, window: 3, priority: "low" },
    ]);
    expect(instance.previousDay.map((u) => u.ident)).toEqual(["11111111111", "11111111112"]);
    expect(instance.day.map((u) => [u.colour, u.options])).toEqual([
      [5, [true, true]],
      [5, [false, false]],
      [7, [true, false]],
    ]);
  });

  it("reads set-A style lines (no trailing ';', no final newline, trailing empty line)", () => {
    const vA = "Date;SeqRank;Ident;Paint Color;HPRC1;LPRC1\n2003 38 3;9;0123;1;0;0\n2003 38 4;1;0124;1;1;0\n\n";
    const { instance } = parseRoadef({ objectives, paintBatchLimit: "limitation;\n10;", ratios, vehicles: vA });
    expect(instance.previousDay).toHaveLength(1);
    expect(instance.day[0]!.ident).toBe("0124");
  });

  it("writes vehicles.txt in the instance's own layout: same header, D-1 rows first, SeqRank renumbered", () => {
    const { instance, layout } = parseRoadef({ objectives, paintBatchLimit: "limitation;\n2;", ratios, vehicles: vehiclesB });
    const out = writeRoadefVehicles(layout, [2, 0, 1]);
    expect(out.split("\n")).toEqual([
      "Date;SeqRank;Ident;Paint Color;HPRC1;LPRC1;",
      "2004 21 5;513;11111111111;4;1;0;",
      "2004 21 5;514;11111111112;5;0;1;",
      "2004 21 6;1;22222222223;7;1;0;",
      "2004 21 6;2;22222222221;5;1;1;",
      "2004 21 6;3;22222222222;5;0;0;",
      "",
    ]);
    // reading the written file back gives the new order as the file order
    const back = parseRoadef({ objectives, paintBatchLimit: "limitation;\n2;", ratios, vehicles: out }).instance;
    expect(evaluateSequence(back, [0, 1, 2]).objective).toBe(evaluateSequence(instance, [2, 0, 1]).objective);
  });
});

describe("CSPLib prob001", () => {
  const spec = "10 5 6\n1 2 1 2 1 \n2 3 3 5 5\n0 1 1 0 1 1 0\n1 1 0 0 0 1 0\n2 2 0 1 0 0 1\n3 2 0 1 0 1 0\n4 2 1 0 1 0 0\n5 2 1 1 0 0 0\n";
  it("reads the specification example and finds its published solution violation-free", () => {
    const [ci] = parseCsplib(spec, "test");
    expect(ci!.instance.day).toHaveLength(10);
    expect(ci!.instance.constraints.map((c) => `${c.max}/${c.window}`)).toEqual(["1/2", "2/3", "1/3", "2/5", "1/5"]);
    // CSPLib specification solution: classes 0 1 5 2 4 3 3 4 2 5
    const cls = [0, 1, 5, 2, 4, 3, 3, 4, 2, 5];
    const used = new Set<number>();
    const order = cls.map((c) => {
      const u = ci!.classOf.findIndex((x, i) => x === c && !used.has(i));
      used.add(u);
      return u;
    });
    expect(evaluateSequence(ci!.instance, order).hprc).toBe(0);
    expect(writeCsplibSequence(ci!, order).trim()).toBe(cls.join(" "));
    expect(parseCsplib(writeCsplib(ci!))[0]!.instance.day).toHaveLength(10);
  });

  it("reads several blocks with comments and fills the capacities the 100-car blocks lack", () => {
    const text = "Free text at the top.\n#---\n# Problem 4/72  (Regin & Puget #1)\n#---\n3 5 2\n0 1 1 0 0 0 0\n1 2 0 1 0 0 0\n% another\n" + spec;
    const all = parseCsplib(text);
    expect(all.map((c) => c.instance.name)).toEqual(["4/72", "csplib#2"]);
    expect(all[0]!.instance.constraints.map((c) => `${c.max}/${c.window}`)).toEqual(["1/2", "2/3", "1/3", "2/5", "1/5"]);
  });
});
