/**
 * Reader and writer for CSPLib prob001 (classic car sequencing): "<cars> <options> <classes>",
 * a line of p_j, a line of q_j ("at most p_j of any q_j consecutive cars"), then one line per class
 * "<id> <count> <o_1> … <o_k>". Pure: strings in, strings out. Tolerates several instances in one
 * text (CSPLib data.txt), `#` or `%` comment lines, free text, trailing spaces, and the 100-car
 * blocks of data.txt that lack the two capacity lines (CSPLib issue #220; their capacities are
 * 1 2 1 2 1 / 2 3 3 5 5, as in the vale1410 copies and the Essence files).
 */
import { ValidationError } from "../kernel/index.js";
import { checkInstance, type CarUnit, type SequencingInstance } from "./model.js";

/** Capacities of the data.txt blocks that omit them (README 3.3). */
const DEFAULT_P = [1, 2, 1, 2, 1];
const DEFAULT_Q = [2, 3, 3, 5, 5];

/** A CSPLib instance and the class id of each of its units. */
export interface CsplibInstance {
  readonly instance: SequencingInstance;
  /** Class id of each day unit (index = unit index). */
  readonly classOf: readonly number[];
}

function fail(message: string): never {
  throw new ValidationError(`csplib: ${message}`, [{ path: "/csplib", message }]);
}

/**
 * Reads every instance in `text` (one for a single file, 79 for CSPLib data.txt). Names come from
 * a preceding "# Problem NAME" comment when there is one, else `${baseName}` / `${baseName}#i`.
 * Violations count full windows only (`endWindows: "full"`), the usual CSPLib measure.
 */
export function parseCsplib(text: string, baseName = "csplib"): CsplibInstance[] {
  const raw = text.replace(/^\uFEFF/, "").split(/\r?\n|\r/).map((l) => l.trim());
  const rows: { ints: number[]; name?: string }[] = [];
  let pendingName: string | undefined;
  for (const l of raw) {
    if (l === "") continue;
    const problem = /^[#%].*Problem\s+(\S+)/i.exec(l);
    if (problem) pendingName = problem[1];
    if (!/^-?\d+(\s+-?\d+)*$/.test(l)) continue; // comments and free text
    const row: { ints: number[]; name?: string } = { ints: l.split(/\s+/).map(Number) };
    if (pendingName !== undefined) row.name = pendingName;
    pendingName = undefined;
    rows.push(row);
  }
  const out: CsplibInstance[] = [];
  let i = 0;
  while (i < rows.length) {
    const head = rows[i]!;
    if (head.ints.length !== 3) fail(`expected "<cars> <options> <classes>", got "${head.ints.join(" ")}"`);
    const [nCars, k, nClasses] = head.ints as [number, number, number];
    i++;
    let p: number[];
    let q: number[];
    if (rows[i]?.ints.length === k && rows[i + 1]?.ints.length === k) {
      p = rows[i]!.ints;
      q = rows[i + 1]!.ints;
      i += 2;
    } else if (k === DEFAULT_P.length) {
      p = DEFAULT_P;
      q = DEFAULT_Q;
    } else fail(`instance ${out.length + 1}: capacity lines missing`);
    const day: CarUnit[] = [];
    const classOf: number[] = [];
    for (let c = 0; c < nClasses; c++, i++) {
      const r = rows[i]?.ints;
      if (!r || r.length !== k + 2) fail(`instance ${out.length + 1}: class line ${c + 1} malformed`);
      const [id, count] = r as [number, number];
      const options = r.slice(2).map((v) => v === 1);
      for (let u = 0; u < count; u++) {
        day.push({ ident: `${id}`, colour: 0, options, seqRank: day.length + 1, date: "" });
        classOf.push(id);
      }
    }
    if (day.length !== nCars) fail(`instance ${out.length + 1}: classes hold ${day.length} cars, header says ${nCars}`);
    const name = head.name ?? (out.length === 0 && i >= rows.length ? baseName : `${baseName}#${out.length + 1}`);
    const instance = checkInstance({
      name,
      constraints: p.map((max, j) => ({ ident: `O${j + 1}`, max, window: q[j]!, priority: "high" as const })),
      paintBatchLimit: null,
      previousDay: [],
      day,
      objectives: ["hprc"],
      weights: { hprc: 1, lprc: 0, pcc: 0 },
      endWindows: "full",
    });
    out.push({ instance, classOf });
  }
  return out;
}

/** Writes one instance in CSPLib format (classes regrouped by identical class id). */
export function writeCsplib(ci: CsplibInstance): string {
  const { instance, classOf } = ci;
  const ids = [...new Set(classOf)];
  const lines = [
    `${instance.day.length} ${instance.constraints.length} ${ids.length}`,
    instance.constraints.map((c) => c.max).join(" "),
    instance.constraints.map((c) => c.window).join(" "),
  ];
  for (const id of ids) {
    const first = classOf.indexOf(id);
    const count = classOf.filter((c) => c === id).length;
    lines.push([id, count, ...instance.day[first]!.options.map((o) => (o ? 1 : 0))].join(" "));
  }
  return lines.join("\n") + "\n";
}

/** Writes a sequence as the class id of each car in line order, space-separated. */
export function writeCsplibSequence(ci: CsplibInstance, order: readonly number[]): string {
  return order.map((u) => ci.classOf[u]).join(" ") + "\n";
}
