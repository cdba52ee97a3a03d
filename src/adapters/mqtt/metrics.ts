import { Counter, Gauge, type Registry } from "prom-client";
import type { IngestStats } from "./ingest.js";

/**
 * Registers the device-edge metrics on a Prometheus registry; values are read from the
 * ingest's counters at scrape time.
 */
export function registerIngestMetrics(registry: Registry, stats: () => IngestStats | undefined): void {
  const counter = (name: string, help: string, value: (s: IngestStats) => number) =>
    new Counter({
      name,
      help,
      registers: [registry],
      collect() {
        const s = stats();
        this.reset();
        if (s) this.inc(value(s));
      },
    });
  counter("takt_mqtt_messages_received_total", "device messages received over MQTT", (s) => s.received);
  counter("takt_mqtt_messages_stored_total", "device messages stored (and acknowledged)", (s) => s.stored);
  counter("takt_mqtt_duplicates_total", "device messages or samples dropped as duplicates (same message id)", (s) => s.duplicates);
  counter("takt_mqtt_sparkplug_seq_gaps_total", "Sparkplug sequence numbers skipped", (s) => s.seqGaps);
  counter("takt_mqtt_rebirth_requests_total", "Sparkplug rebirth requests sent (NCMD Node Control/Rebirth)", (s) => s.rebirthRequests);
  counter("takt_mqtt_store_errors_total", "failed attempts to store a batch of device messages (retried)", (s) => s.storeErrors);
  new Counter({
    name: "takt_mqtt_dead_letters_total",
    help: "device messages dead-lettered, by reason",
    labelNames: ["kind"] as const,
    registers: [registry],
    collect() {
      const s = stats();
      this.reset();
      if (s) for (const [kind, v] of Object.entries(s.deadLetters)) this.inc({ kind }, v);
    },
  });
  const gauge = (name: string, help: string, value: (s: IngestStats) => number) =>
    new Gauge({
      name,
      help,
      registers: [registry],
      collect() {
        const s = stats();
        this.set(s ? value(s) : 0);
      },
    });
  gauge("takt_mqtt_pending_messages", "device messages received and not yet stored", (s) => s.pending);
  gauge("takt_mqtt_ingest_lag_ms", "receipt to stored, ms, for the last batch", (s) => s.lastLagMs);
  gauge("takt_mqtt_ingest_lag_max_ms", "worst receipt to stored so far, ms", (s) => s.maxLagMs);
  gauge("takt_mqtt_connected", "1 when the ingest is subscribed to its broker", (s) => (s.connected ? 1 : 0));
}
