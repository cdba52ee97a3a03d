/**
 * Reader and writer for the ROADEF 2005 (RENAULT) instance files: optimization_objectives.txt,
 * paint_batch_limit.txt, ratios.txt and vehicles.txt (formats in the data README, 2.3). Pure:
 * takes and returns strings. Tolerant of the quirks seen in public copies: optional UTF-8 BOM,
 * CRLF, optional trailing `;`, trailing spaces, missing final newline, trailing empty lines.
 */
import { ValidationError } from "../kernel/index.js";
import { checkInstance, roadefWeights, type CarUnit, type ObjectivePart, type RatioConstraint, type SequencingInstance } from "./model.js";

/** The four files of one instance, as text. */
export interface RoadefFiles {
  readonly objectives: string;
  readonly paintBatchLimit: string;
  readonly ratios: string;
  readonly vehicles: string;
}

/** What is needed to write a sequence back in the instance's own vehicles.txt layout. */
export interface RoadefLayout {
  readonly header: string;
  readonly previousRows: readonly string[];
  /** Fields of each day row, in file order (index = day unit index). */
  readonly dayRows: readonly (readonly string[])[];
  readonly seqRankColumn: number;
  readonly trailingSemicolon: boolean;
}

/** A parsed instance and the layout of its vehicles file. */
export interface RoadefInstance {
  readonly instance: SequencingInstance;
  readonly layout: RoadefLayout;
}

/** Non-empty, trimmed lines of a file, BOM stripped. */
function lines(text: string): string[] {
  return text
    .replace(/^\uFEFF/, "")
    .split(/\r?\n|\r/)
    .map((l) => l.trim())
    .filter((l) => l.length > 0);
}

/** Fields of a `;`-separated line; a trailing `;` does not make an extra field. */
function fields(line: string): string[] {
  const f = line.split(";").map((x) => x.trim());
  if (f.length > 1 && f[f.length - 1] === "") f.pop();
  return f;
}

function fail(file: string, message: string): never {
  throw new ValidationError(`${file}: ${message}`, [{ path: `/${file}`, message }]);
}

/** Reads optimization_objectives.txt: the objective parts in rank order, and the HPRC difficulty class. */
export function parseObjectives(text: string): { order: ObjectivePart[]; hprcDifficulty?: "easy" | "difficult" } {
  const rows = lines(text).slice(1).map(fields);
  let hprcDifficulty: "easy" | "difficult" | undefined;
  const ranked = rows.map((f) => {
    const rank = Number(f[0]);
    const name = (f[1] ?? "").toLowerCase();
    if (!Number.isInteger(rank)) fail("optimization_objectives.txt", `bad rank "${f[0]}"`);
    let part: ObjectivePart;
    if (name.startsWith("high_priority")) {
      part = "hprc";
      hprcDifficulty = name.includes("difficult") ? "difficult" : "easy";
    } else if (name.startsWith("low_priority")) part = "lprc";
    else if (name.startsWith("paint")) part = "pcc";
    else fail("optimization_objectives.txt", `unknown objective "${f[1]}"`);
    return { rank, part };
  });
  ranked.sort((a, b) => a.rank - b.rank);
  const order = ranked.map((r) => r.part);
  return hprcDifficulty ? { order, hprcDifficulty } : { order };
}

/** Reads paint_batch_limit.txt. */
export function parsePaintBatchLimit(text: string): number {
  const row = lines(text)[1];
  const v = row === undefined ? NaN : Number(fields(row)[0]);
  if (!Number.isInteger(v) || v < 1) fail("paint_batch_limit.txt", `bad limit "${row}"`);
  return v;
}

/** Reads ratios.txt: `N/P;Prio;Ident;` rows, Prio 1 = high. */
export function parseRatios(text: string): RatioConstraint[] {
  return lines(text)
    .slice(1)
    .map(fields)
    .map((f) => {
      const m = /^(\d+)\s*\/\s*(\d+)$/.exec(f[0] ?? "");
      if (!m || (f[1] !== "0" && f[1] !== "1")) fail("ratios.txt", `bad row "${f.join(";")}"`);
      return { ident: f[2] ?? `R${f[0]}`, max: Number(m[1]), window: Number(m[2]), priority: f[1] === "1" ? "high" : "low" } as const;
    });
}

/**
 * Reads all four files of an instance. The first of the two dates in vehicles.txt is day D-1
 * (fixed, in file order), the second day D (README 2.3); option columns are matched to ratios.txt
 * by Ident, falling back to position.
 */
export function parseRoadef(files: RoadefFiles, name = "instance"): RoadefInstance {
  const { order, hprcDifficulty } = parseObjectives(files.objectives);
  const constraints = parseRatios(files.ratios);
  const paintBatchLimit = parsePaintBatchLimit(files.paintBatchLimit);
  const vl = lines(files.vehicles);
  const headerLine = vl[0] ?? fail("vehicles.txt", "empty file");
  const header = fields(headerLine);
  const col = (want: string, fallback: number): number => {
    const i = header.findIndex((h) => h.toLowerCase() === want.toLowerCase());
    return i >= 0 ? i : fallback;
  };
  const dateCol = col("Date", 0);
  const rankCol = col("SeqRank", 1);
  const identCol = col("Ident", 2);
  const colourCol = col("Paint Color", 3);
  const optionCols = constraints.map((c, k) => {
    const i = header.indexOf(c.ident);
    return i >= 4 ? i : 4 + k;
  });
  const dates: string[] = [];
  const prevRows: string[] = [];
  const dayRows: string[][] = [];
  const previousDay: CarUnit[] = [];
  const day: CarUnit[] = [];
  vl.slice(1).forEach((line, li) => {
    const f = fields(line);
    const date = (f[dateCol] ?? "").replace(/\s+/g, " ");
    if (!dates.includes(date)) dates.push(date);
    const colour = Number(f[colourCol]);
    const seqRank = Number(f[rankCol]);
    if (!Number.isInteger(colour) || !Number.isInteger(seqRank)) fail("vehicles.txt", `line ${li + 2}: bad colour or SeqRank`);
    const options = optionCols.map((c) => {
      const v = f[c];
      if (v !== "0" && v !== "1") fail("vehicles.txt", `line ${li + 2}: option flag "${v}"`);
      return v === "1";
    });
    const unit: CarUnit = { ident: f[identCol] ?? "", colour, options, seqRank, date };
    if (dates.length > 2) fail("vehicles.txt", `more than two dates (${dates.join(", ")})`);
    if (dates.length === 2 && date === dates[1]) {
      day.push(unit);
      dayRows.push(f);
    } else {
      previousDay.push(unit);
      prevRows.push(line);
    }
  });
  // A file with one date only has no day D-1: all its units are the day's.
  if (dates.length === 1) {
    day.push(...previousDay.splice(0));
    dayRows.push(...prevRows.splice(0).map(fields));
  }
  const instance = checkInstance({
    name,
    constraints,
    paintBatchLimit,
    previousDay,
    day,
    objectives: order,
    weights: roadefWeights(order),
    endWindows: "truncated",
    ...(hprcDifficulty ? { hprcDifficulty } : {}),
  });
  return {
    instance,
    layout: { header: headerLine, previousRows: prevRows, dayRows, seqRankColumn: rankCol, trailingSemicolon: headerLine.endsWith(";") },
  };
}

/**
 * Writes vehicles.txt for a sequence (day unit indices in line order): the same header, the day
 * D-1 rows unchanged and first, then the day's rows in the new order with SeqRank renumbered 1..n.
 */
export function writeRoadefVehicles(layout: RoadefLayout, order: readonly number[]): string {
  const out = [layout.header, ...layout.previousRows];
  order.forEach((u, i) => {
    const row = layout.dayRows[u];
    if (!row) fail("vehicles.txt", `unit ${u} is not a day unit`);
    const f = [...row];
    f[layout.seqRankColumn] = String(i + 1);
    out.push(f.join(";") + (layout.trailingSemicolon ? ";" : ""));
  });
  return out.join("\n") + "\n";
}
