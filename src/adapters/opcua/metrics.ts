import { Counter, Gauge, type Registry } from "prom-client";
import type { OpcuaIngest, OpcuaStats } from "./opcua-ingest.js";

/** Registers the OPC UA client's metrics; values are read from the ingest at scrape time (nothing when none runs). */
export function registerOpcuaMetrics(registry: Registry, ingest: () => OpcuaIngest | null | undefined): void {
  const counter = (name: string, help: string, value: (s: OpcuaStats) => number) =>
    new Counter({
      name,
      help,
      registers: [registry],
      collect() {
        const i = ingest();
        this.reset();
        if (i) this.inc(value(i.stats));
      },
    });
  const gauge = (name: string, help: string, value: (s: OpcuaStats) => number) =>
    new Gauge({
      name,
      help,
      registers: [registry],
      collect() {
        const i = ingest();
        this.set(i ? value(i.stats) : 0);
      },
    });
  counter("takt_opcua_notifications_total", "OPC UA value changes received from the tag map's server", (s) => s.notifications);
  counter("takt_opcua_bad_notifications_total", "OPC UA value changes with a bad status code", (s) => s.badNotifications);
  counter("takt_opcua_values_stored_total", "OPC UA value changes turned into signals, telemetry or dead letters and stored", (s) => s.stored);
  counter("takt_opcua_duplicates_total", "OPC UA values dropped as duplicates (same tag and source timestamp)", (s) => s.duplicates);
  counter("takt_opcua_store_errors_total", "failed attempts to store OPC UA values (retried)", (s) => s.storeErrors);
  counter("takt_opcua_connection_losses_total", "connections to the OPC UA server lost", (s) => s.connectionLosses);
  counter("takt_opcua_session_repairs_total", "OPC UA sessions repaired after a reconnection (subscriptions transferred or recreated)", (s) => s.sessionRepairs);
  new Counter({
    name: "takt_opcua_dead_letters_total",
    help: "OPC UA values dead-lettered, by reason",
    labelNames: ["kind"] as const,
    registers: [registry],
    collect() {
      const i = ingest();
      this.reset();
      if (i) for (const [kind, v] of Object.entries(i.stats.deadLetters)) if (v > 0) this.inc({ kind }, v);
    },
  });
  gauge("takt_opcua_connected", "1 while Takt is connected to the tag map's OPC UA server", (s) => (s.connected ? 1 : 0));
  gauge("takt_opcua_pending_values", "OPC UA values received and not yet stored", (s) => s.pending);
  gauge("takt_opcua_stale_tags", "tags of the tag map currently stale", (s) => s.staleTags);
  new Gauge({
    name: "takt_opcua_tag_stale",
    help: "1 while a tag of the tag map is stale (no good value within its timeout, a bad status, or no connection)",
    labelNames: ["tag", "line", "station"] as const,
    registers: [registry],
    collect() {
      this.reset();
      for (const t of ingest()?.tags ?? []) this.set({ tag: t.name, line: t.line, station: t.station }, t.stale ? 1 : 0);
    },
  });
}
