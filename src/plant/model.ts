import { ValidationError, type FieldIssue, type Seconds } from "../kernel/index.js";

/**
 * The plant hierarchy of ISA-95 (IEC 62264-1, equipment hierarchy):
 * enterprise → site → area → line (production line / work cell) → station (work unit).
 */
export type StationType = "manual" | "automated" | "inspection" | "marriage" | "test" | "buffer";

export interface Station {
  readonly id: string;
  /** Short code used on the shop floor and in device topics, e.g. `T07`. */
  readonly code: string;
  readonly name: string;
  readonly type: StationType;
  /** 1-based position along the line. */
  readonly position: number;
  /** Zone of the line the station belongs to (trim, chassis, final, test). */
  readonly zone: string;
  /** Capacity of the buffer after this station, in units (0 = none). */
  readonly bufferAfter: number;
  /** Labels of the work this station does (used to relate option work content). */
  readonly work: readonly string[];
}

export interface Line {
  readonly id: string;
  readonly code: string;
  readonly name: string;
  readonly takt: Seconds;
  /** Whether several models run mixed on the line. */
  readonly mixedModel: boolean;
  readonly stations: readonly Station[];
}

export interface Area {
  readonly id: string;
  readonly name: string;
  readonly lines: readonly Line[];
}

export interface Site {
  readonly id: string;
  readonly name: string;
  readonly enterprise: string;
  readonly timezone: string;
  readonly areas: readonly Area[];
}

/**
 * Checks a site's internal consistency: unique ids and codes, contiguous station positions, positive takt.
 * @throws ValidationError naming each offending field.
 */
export function validateSite(site: Site): Site {
  const issues: FieldIssue[] = [];
  const ids = new Set<string>();
  const seen = (id: string, path: string): void => {
    if (ids.has(id)) issues.push({ path, message: `duplicate id ${id}` });
    ids.add(id);
  };
  seen(site.id, "/id");
  site.areas.forEach((area, a) => {
    seen(area.id, `/areas/${a}/id`);
    area.lines.forEach((line, l) => {
      const lp = `/areas/${a}/lines/${l}`;
      seen(line.id, `${lp}/id`);
      if (!(line.takt > 0)) issues.push({ path: `${lp}/takt`, message: "takt must be positive" });
      if (line.stations.length === 0) issues.push({ path: `${lp}/stations`, message: "a line needs stations" });
      const codes = new Set<string>();
      line.stations.forEach((s, i) => {
        seen(s.id, `${lp}/stations/${i}/id`);
        if (codes.has(s.code)) issues.push({ path: `${lp}/stations/${i}/code`, message: `duplicate code ${s.code}` });
        codes.add(s.code);
        if (s.position !== i + 1) issues.push({ path: `${lp}/stations/${i}/position`, message: `expected ${i + 1}` });
        if (s.bufferAfter < 0) issues.push({ path: `${lp}/stations/${i}/bufferAfter`, message: "must be >= 0" });
      });
    });
  });
  if (issues.length) throw new ValidationError(`invalid site: ${issues[0]!.path} ${issues[0]!.message}`, issues);
  return site;
}

/** All lines of a site, flattened. */
export function linesOf(site: Site): Line[] {
  return site.areas.flatMap((a) => [...a.lines]);
}

/** Finds a line by id or code. */
export function findLine(site: Site, idOrCode: string): Line | undefined {
  return linesOf(site).find((l) => l.id === idOrCode || l.code === idOrCode);
}
