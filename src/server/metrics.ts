import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";

/** The platform's Prometheus metrics, one registry per server instance. */
export class Metrics {
  readonly registry = new Registry();
  readonly httpRequests = new Counter({
    name: "takt_http_requests_total",
    help: "HTTP requests by method, route and status",
    labelNames: ["method", "route", "status"] as const,
    registers: [this.registry],
  });
  readonly httpDuration = new Histogram({
    name: "takt_http_request_duration_seconds",
    help: "HTTP request duration",
    labelNames: ["method", "route"] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });
  readonly eventsPublished = new Counter({ name: "takt_events_published_total", help: "events moved from the outbox to the bus", registers: [this.registry] });
  readonly deadLetters = new Counter({ name: "takt_bus_dead_letters_total", help: "events a consumer gave up on", labelNames: ["consumer"] as const, registers: [this.registry] });
  readonly authFailures = new Counter({ name: "takt_auth_failures_total", help: "requests rejected with 401 or 403", labelNames: ["status"] as const, registers: [this.registry] });

  constructor(outboxBacklog: () => Promise<number>) {
    collectDefaultMetrics({ register: this.registry, prefix: "takt_" });
    new Gauge({
      name: "takt_outbox_backlog",
      help: "committed events not yet published to the bus",
      registers: [this.registry],
      async collect() {
        this.set(await outboxBacklog());
      },
    });
  }
}
