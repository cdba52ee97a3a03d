import type { Clock } from "../kernel/index.js";
import type { EventBus, Store } from "../workflows/ports.js";
import type { OutboxRelay } from "../workflows/outbox-relay.js";
import type { Metrics } from "./metrics.js";
import type { ExecutionRuntime } from "./execution-runtime.js";
import type { OrderService } from "../workflows/orders/order-service.js";
import type { LiveFeed } from "./live-feed.js";
import type { PlanService } from "../workflows/planning/plan-service.js";
import type { CatalogService } from "../workflows/catalog/catalog-service.js";
import type { MeasurementSource } from "../workflows/quality/spc-service.js";
import type { DefectService } from "../workflows/quality/defect-service.js";
import type { InspectionService } from "../workflows/quality/inspection-service.js";

/** What route handlers are given: the chosen adapters and shared services. */
export interface AppContext {
  readonly store: Store;
  readonly bus: EventBus;
  readonly relay: OutboxRelay;
  readonly clock: Clock;
  readonly metrics: Metrics;
  readonly bodyLimit: number;
  readonly webDir: string | null;
  /** Capabilities wired by the composition root; a route file registers nothing when its service is absent. */
  readonly orders?: OrderService;
  readonly live?: LiveFeed;
  readonly plans?: PlanService;
  readonly catalog?: CatalogService;
  readonly measurements?: MeasurementSource;
  readonly defects?: DefectService;
  readonly inspection?: InspectionService;
  readonly execution?: ExecutionRuntime;
}
