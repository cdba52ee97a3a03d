import { Counter, Gauge, type Registry } from "prom-client";
import type { Clock } from "../kernel/index.js";
import { lineKpis, lineStateView, type ExecutionIngest, type ExecutionRepository, type LineLayout } from "../workflows/execution/index.js";

/** The window of the KPI gauges: the last shift, ending at the scrape. */
export const KPI_WINDOW_MS = 8 * 3600_000;
const STATES = ["idle", "executing", "blocked", "starved", "faulted"] as const;

type Kpis = Awaited<ReturnType<typeof lineKpis>>;

/**
 * The line in /metrics: units completed, late "left"s and units on the line per line, each
 * station's state (one series per state, 1 for the current one) and andon, and the ISO 22400-2
 * KPIs of the last 8 hours per line and per station (OEE, availability, effectiveness, quality,
 * throughput, first-pass yield, takt adherence). A KPI without data in the window (no production
 * time yet) is left out rather than reported as 0. The KPIs are computed once per scrape.
 */
export function registerLineMetrics(registry: Registry, o: { layouts: readonly LineLayout[]; ingest: ExecutionIngest; repo: ExecutionRepository; clock: Clock }): void {
  let cache: { at: number; kpis: Promise<Kpis[]> } | null = null;
  // One computation serves every KPI gauge of a scrape (they are collected one after the other).
  const kpis = (): Promise<Kpis[]> => {
    const now = o.clock.nowMs();
    if (!cache || now - cache.at > 1000) cache = { at: now, kpis: Promise.all(o.layouts.map((l) => lineKpis(o.repo, l, { from: now - KPI_WINDOW_MS, to: now }))) };
    return cache.kpis;
  };
  /** The tracking state of every line, read at scrape time. */
  const lines = () => o.layouts.flatMap((l) => o.ingest.line(l.code) ?? []);
  const lineCounter = (name: string, help: string, value: (t: ReturnType<typeof lines>[number]) => number) =>
    new Counter({
      name,
      help,
      labelNames: ["line"] as const,
      registers: [registry],
      collect() {
        this.reset();
        for (const t of lines()) this.inc({ line: t.line }, value(t));
      },
    });
  lineCounter("takt_line_units_completed_total", "units that left the line's last station", (t) => t.completed);
  lineCounter("takt_line_late_leaves_total", "'unit left' signals that came after the unit had entered the next station (accepted as late)", (t) => t.lateLeaves ?? 0);
  new Gauge({
    name: "takt_line_units_on_line",
    help: "units between the line's first station and leaving its last",
    labelNames: ["line"] as const,
    registers: [registry],
    collect() {
      this.reset();
      for (const t of lines()) this.set({ line: t.line }, Object.keys(t.units).length);
    },
  });
  new Gauge({
    name: "takt_station_state",
    help: "1 for the station's current state (OPC 40001-1 Machinery item states: idle, executing, blocked, starved, faulted), 0 for the others",
    labelNames: ["line", "station", "state"] as const,
    registers: [registry],
    collect() {
      this.reset();
      for (const t of lines()) for (const s of lineStateView(t).stations) for (const st of STATES) this.set({ line: t.line, station: s.code, state: st }, s.state === st ? 1 : 0);
    },
  });
  new Gauge({
    name: "takt_station_andon",
    help: "1 while an andon is raised at the station",
    labelNames: ["line", "station"] as const,
    registers: [registry],
    collect() {
      this.reset();
      for (const t of lines()) for (const s of lineStateView(t).stations) this.set({ line: t.line, station: s.code }, s.andon ? 1 : 0);
    },
  });

  const figures = [
    ["oee", "OEE = availability × effectiveness × quality"],
    ["availability", "availability = actual production time / planned busy time"],
    ["effectiveness", "effectiveness (performance) = produced quantity × takt / actual production time"],
    ["quality", "quality rate = good quantity / produced quantity"],
    ["throughput_per_hour", "units produced per hour of planned busy time"],
    ["first_pass_yield", "units good at their first visit / units produced"],
    ["takt_adherence", "share of cycles within the line's takt"],
  ] as const;
  const field = { oee: "oee", availability: "availability", effectiveness: "effectiveness", quality: "quality", throughput_per_hour: "throughputPerHour", first_pass_yield: "firstPassYield", takt_adherence: "taktAdherence" } as const;
  for (const [name, what] of figures) {
    new Gauge({
      name: `takt_line_${name}`,
      help: `ISO 22400-2 of the line over the last 8 hours: ${what}`,
      labelNames: ["line"] as const,
      registers: [registry],
      async collect() {
        this.reset();
        for (const k of await kpis()) {
          const v = k.overall[field[name]];
          if (v !== null) this.set({ line: k.line }, v);
        }
      },
    });
  }
  new Gauge({
    name: "takt_station_oee",
    help: "ISO 22400-2 OEE of each station over the last 8 hours",
    labelNames: ["line", "station"] as const,
    registers: [registry],
    async collect() {
      this.reset();
      for (const k of await kpis()) for (const s of k.stations) if (s.oee !== null) this.set({ line: k.line, station: s.code }, s.oee);
    },
  });
}
