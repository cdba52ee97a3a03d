import { sql, type Kysely } from "kysely";
import type { MeasurementSource } from "../../workflows/quality/spc-service.js";

/** Measured values from the execution read model (table exec_measurements, migration 0003_execution). */
export class SqlMeasurementSource implements MeasurementSource {
  constructor(private readonly db: Kysely<unknown>) {}

  async values(q: { line: string; station: string; name: string; limit: number }) {
    // The newest `limit` values, returned oldest first (production order).
    const r = await sql<{ value: number | string; unit: string; at: number | string }>`
      select value, unit, at from (
        select value, unit, at, event_id, idx from exec_measurements
        where line = ${q.line} and station = ${q.station} and name = ${q.name}
        order by at desc, event_id desc, idx desc limit ${q.limit}
      ) t order by at, event_id, idx`.execute(this.db);
    return r.rows.map((x) => ({ value: Number(x.value), unit: x.unit, at: Number(x.at) }));
  }

  async characteristics(line: string) {
    const r = await sql<{ station: string; name: string; uom: string | null; n: number | string }>`
      select station, name, max(uom) as uom, count(*) as n from exec_measurements where line = ${line}
      group by station, name order by station, name`.execute(this.db);
    return r.rows.map((x) => ({ station: x.station, name: x.name, uom: x.uom, count: Number(x.n) }));
  }
}
