// Wire types of the Takt HTTP API (/api/v1). Copied from the server's model on purpose:
// web/ never imports src/ (DESIGN.md), so these are the contract as the client sees it.

export type Role = "admin" | "planner" | "engineer" | "operator" | "quality" | "service" | "customer" | "device";

export const ROLES: readonly Role[] = ["admin", "planner", "engineer", "operator", "quality", "service", "customer", "device"];

export interface Me {
  readonly tokenId: string;
  readonly role: Role;
  readonly customerId: string | null;
  readonly name: string;
}

/** ISA-95 equipment hierarchy, as served by GET /api/v1/plant. */
export type StationType = "manual" | "automated" | "inspection" | "marriage" | "test" | "buffer";

export interface Station {
  readonly id: string;
  readonly code: string;
  readonly name: string;
  readonly type: StationType;
  /** 1-based position along the line. */
  readonly position: number;
  readonly zone: string;
  /** Capacity of the buffer after this station, in units (0 = none). */
  readonly bufferAfter: number;
  readonly work: readonly string[];
}

export interface Line {
  readonly id: string;
  readonly code: string;
  readonly name: string;
  /** Takt time in seconds. */
  readonly takt: number;
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

export interface PlantResponse {
  readonly site: Site;
}

export interface FieldIssue {
  readonly path: string;
  readonly message: string;
}

/** The one error body of the API. */
export interface ErrorBody {
  readonly error: string;
  readonly message: string;
  readonly issues?: readonly FieldIssue[];
}

export interface Money {
  /** Minor units (cents). */
  readonly amount: number;
  readonly currency: string;
}

export interface PriceLine {
  readonly label: string;
  readonly amount: Money;
}

export interface Price {
  readonly total: Money;
  readonly lines: readonly PriceLine[];
}

// ── Planning (GET/POST /api/v1/plans) ────────────────────────────────────────

export type PlanStatus = "optimizing" | "proposed" | "released" | "superseded";
export type ObjectivePart = "hprc" | "lprc" | "pcc";

/** A sequence's cost: `objective` is the lexicographic sum of the three parts (high-priority ratio, low-priority ratio, paint colour changes). */
export interface PlanValue {
  readonly objective: number;
  readonly hprc: number;
  readonly lprc: number;
  readonly pcc: number;
}

export interface RatioRule {
  readonly ident: string;
  readonly station: string;
  /** At most `max` heavy units in any `window` consecutive units (N/P). */
  readonly max: number;
  readonly window: number;
  readonly priority: "high" | "low";
  readonly extraSeconds: number;
  /** One sentence on where the rule comes from. */
  readonly basis: string;
}

export interface PlanUnit {
  readonly orderId: string;
  readonly colour: string;
  /** Stations where this unit carries extra work (the rules it counts for). */
  readonly heavyAt: readonly string[];
}

export interface SequencedUnit extends PlanUnit {
  readonly unitId: string;
  /** 1-based. */
  readonly position: number;
  readonly plannedStart: string;
  readonly frozen: boolean;
}

/** A window of the sequence where a station's ratio rule is exceeded (positions 1-based, inclusive). */
export interface RatioViolation {
  readonly station: string;
  readonly priority: string;
  readonly from: number;
  readonly to: number;
  readonly excess: number;
}

export interface ProgressPoint extends PlanValue {
  readonly elapsedMs: number;
}

export interface Plan {
  readonly id: string;
  readonly lineId: string;
  readonly status: PlanStatus;
  readonly createdAt: string;
  readonly releasedAt: string | null;
  readonly startsAt: string;
  readonly takt: number;
  readonly paintBatchLimit: number;
  readonly frozenCount: number;
  readonly objectives: readonly ObjectivePart[];
  readonly rules: readonly RatioRule[];
  readonly units: readonly PlanUnit[];
  readonly tail: readonly PlanUnit[];
  readonly order: readonly number[];
  readonly sequence: readonly SequencedUnit[];
  readonly value: PlanValue | null;
  readonly start: PlanValue | null;
  readonly bounds: PlanValue | null;
  readonly violations: readonly RatioViolation[];
  readonly progress: readonly ProgressPoint[];
  readonly secondsBudget: number;
  readonly pulledOut: readonly string[];
}

export interface PlanSummary {
  readonly id: string;
  readonly status: string;
  readonly createdAt: string;
  readonly releasedAt: string | null;
  readonly units: number;
  readonly value: PlanValue | null;
}

export interface PlanRequest {
  readonly seconds?: number;
  readonly seed?: number;
  readonly paintBatchLimit?: number;
  readonly frozenCount?: number;
  readonly startsAt?: string;
  readonly objectives?: readonly ObjectivePart[];
}

// ── Orders (/api/v1/orders) ───────────────────────────────────────────────────

export type OrderStatus = "placed" | "scheduled" | "in_production" | "in_quality" | "completed" | "shipped" | "delivered" | "on_hold" | "cancelled";

export type Selections = Readonly<Record<string, string>>;

export interface BomLine {
  readonly partNumber: string;
  readonly description: string;
  readonly quantity: number;
  readonly unit?: string;
  readonly station?: string;
}

export interface ConfiguredProduct {
  readonly productId: string;
  readonly modelVersion: string;
  readonly selections: Selections;
  readonly price: Price;
  readonly bom: readonly BomLine[];
  readonly workContent: readonly { readonly station: string; readonly seconds: number; readonly label: string }[];
}

export interface Order {
  readonly id: string;
  readonly customerId: string;
  readonly status: OrderStatus;
  readonly heldFrom: OrderStatus | null;
  readonly configuration: ConfiguredProduct;
  readonly slot: { readonly planId: string; readonly position: number; readonly frozen: boolean; readonly plannedStart: string } | null;
  readonly unitId: string | null;
  readonly currentStation: string | null;
  readonly placedAt: string;
  readonly updatedAt: string;
  readonly version: number;
}

export interface OrderTracking {
  readonly orderId: string;
  readonly status: OrderStatus;
  readonly stageIndex: number;
  readonly stages: readonly OrderStatus[];
  /** Station code, e.g. "T04". */
  readonly currentStation: string | null;
  readonly eta: string | null;
  readonly etaBasis: string;
}

/** One Server-Sent Event of an order's stream (GET /api/v1/orders/:id/events). */
export interface StreamEvent {
  readonly id: string | null;
  readonly event: string;
  readonly data: string;
}

// ── Catalog (/api/v1/products) ────────────────────────────────────────────────

export interface Product {
  readonly id: string;
  readonly name: string;
  /** The current model version. */
  readonly modelVersion: string;
  readonly versions?: readonly string[];
  readonly description: string;
}

export interface ChoiceValue {
  readonly id: string;
  readonly name: string;
  readonly price: Money;
  readonly valid: boolean;
  /** Why this value cannot be chosen now: the choices that block it and one sentence. */
  readonly blockedBy: { readonly choices: Selections; readonly reason: string } | null;
}

export interface ChoiceFamily {
  readonly id: string;
  readonly name: string;
  readonly selected: string | null;
  readonly values: readonly ChoiceValue[];
}

export interface Configuration {
  readonly productId: string;
  readonly modelVersion: string;
  /** The selections this view is for (as the server understood them). */
  readonly selections?: Selections;
  readonly complete: boolean;
  /** Number of valid completions, as a decimal string (it can exceed 2^53). */
  readonly count: string;
  readonly families: readonly ChoiceFamily[];
  /** `estimated`: the configuration is incomplete and the price is of its cheapest valid completion. */
  readonly price: { readonly total: Money; readonly lines: readonly PriceLine[]; readonly estimated?: boolean };
}

// ── Execution (/api/v1/lines/:line/…) ─────────────────────────────────────────

export type StationState = "idle" | "executing" | "blocked" | "starved" | "faulted";

export interface StationLive {
  readonly code: string;
  readonly state: StationState;
  /** OPC 40001-1 MachineryItemState. */
  readonly machineryState: string;
  readonly since: string | null;
  readonly unit: string | null;
  readonly andon: { readonly reason: string; readonly since: string; readonly unit: string | null } | null;
  readonly fault: { readonly code: string; readonly text: string | null; readonly since: string } | null;
  readonly online: boolean | null;
}

export interface LineLiveState {
  readonly line: string;
  readonly completed: number;
  readonly stations: readonly StationLive[];
  readonly units: readonly { readonly unit: string; readonly station: string | null; readonly lastStation: string; readonly since: string; readonly outOfSequence: boolean }[];
}

export interface AndonRecord {
  readonly station: string;
  readonly kind: "andon" | "fault";
  readonly reason: string;
  readonly unit: string | null;
  readonly from: string;
  readonly to: string | null;
}

/** ISO 22400-2 KPIs over a window; ratios are null when there is nothing to divide by. */
export interface OeeFigures {
  readonly pbtMs: number;
  readonly adotMs: number;
  readonly aptMs: number;
  readonly pq: number;
  readonly gq: number;
  readonly availability: number | null;
  readonly effectiveness: number | null;
  readonly quality: number | null;
  readonly oee: number | null;
  readonly throughputPerHour: number | null;
  readonly firstPassYield: number | null;
  readonly taktAdherence: number | null;
  readonly andonMs: number;
}

export interface LineKpis {
  readonly line: string;
  readonly from: string;
  readonly to: string;
  readonly taktSeconds: number;
  readonly overall: OeeFigures;
  readonly stations: readonly (OeeFigures & { readonly code: string })[];
}

// ── Quality (/api/v1/quality/…) ───────────────────────────────────────────────

export interface Characteristic {
  readonly station: string;
  readonly name: string;
  readonly uom: string | null;
  readonly count: number;
}

export interface ControlChart {
  /** e.g. "I", "MR", "Xbar", "R". */
  readonly kind: string;
  readonly points: readonly number[];
  readonly center: number;
  /** Limits per point (they may vary with the subgroup size). */
  readonly ucl: readonly number[];
  readonly lcl: readonly number[];
  readonly violations: readonly { readonly rule: string; readonly index: number; readonly points: readonly number[]; readonly description: string }[];
}

export interface SpcResult {
  readonly line: string;
  readonly station: string;
  readonly name: string;
  readonly n: number;
  readonly subgroup: number;
  readonly units: readonly string[];
  readonly primary: ControlChart;
  readonly dispersion: ControlChart;
  readonly capability: {
    readonly n: number;
    readonly mean: number;
    readonly sigmaWithin: number;
    readonly sigmaOverall: number;
    readonly cp?: number;
    readonly cpk: number;
    readonly pp?: number;
    readonly ppk: number;
    readonly confidence: number;
    readonly ci: { readonly cp?: readonly number[]; readonly cpk: readonly number[]; readonly pp?: readonly number[]; readonly ppk: readonly number[] };
  } | null;
}

/** A defect as listed in GET /api/v1/quality/defects (the unit's gate state beside it). */
export interface QualityDefect {
  readonly id: string;
  readonly unit: string;
  readonly station: string;
  readonly code: string;
  readonly severity: "critical" | "major" | "minor" | string;
  readonly location: string;
  /** open → repaired → verified (closed). */
  readonly state: "open" | "repaired" | "verified";
  readonly at: string;
  readonly note: string | null;
  /** The gate that holds the unit, or null. */
  readonly heldAt: string | null;
}

/** A model's verdict on one image: the most probable class, its probability, and every class's. */
export interface Verdict {
  readonly label: string;
  readonly score: number;
  readonly scores: Readonly<Record<string, number>>;
}

export type ReviewReason = "low_confidence" | "shadow_disagreement" | "defect_found" | "requested";

/** An inspected image at a station (GET /api/v1/quality/inspections): live verdict acted on, shadow's beside it. */
export interface Inspection {
  readonly id: string;
  readonly unit: string;
  readonly station: string;
  readonly image: string;
  readonly at: string;
  readonly live: { readonly model: string; readonly verdict: Verdict };
  readonly shadow?: { readonly model: string; readonly verdict: Verdict };
  readonly imageType?: string;
  readonly defect?: string | null;
  readonly review?: readonly ReviewReason[];
}

/** A verdict waiting for (or decided by) a quality engineer (GET /api/v1/quality/review). */
export interface ReviewItem {
  readonly record: Inspection;
  readonly reasons: readonly ReviewReason[];
  readonly state: "pending" | "confirmed" | "corrected";
  readonly label?: string;
  readonly by?: string;
  readonly at?: string;
}

/** Work instructions for the unit at a station (GET /api/v1/lines/:line/stations/:station/instructions). */
export interface WorkInstructions {
  readonly station: string;
  readonly stationName: string;
  /** The unit the instructions are for (same as unitId). */
  readonly unit: string;
  readonly unitId: string;
  readonly orderId: string;
  readonly modelVersion: string;
  readonly selections: Selections;
  readonly tasks: readonly { readonly label: string; readonly seconds: number; readonly option: boolean }[];
  readonly taskSeconds: number;
  readonly taktSeconds: number;
  readonly parts: readonly { readonly partNumber: string; readonly description: string; readonly quantity: number; readonly unit: string }[];
}

/** The instructions answer at a station with no unit: waiting for the next one. */
export interface EmptyStation {
  readonly station: string;
  readonly stationName: string;
  readonly unit: null;
  readonly taktSeconds: number;
}

/** A station's andon after the operator raised or cleared it. */
export interface AndonAtStation {
  readonly line: string;
  readonly station: string;
  readonly andon: { readonly reason: string; readonly since: string; readonly unit: string | null } | null;
}

/** One scan at a station: the part fitted to the unit, with its serial and lot (genealogy). */
export interface PartScan {
  readonly unit: string;
  readonly partNumber: string;
  readonly serial: string;
  readonly lot: string;
}

/** The device edge (GET /devices/ingest): MQTT mode, the ingest counters (a free-form record), Sparkplug edge nodes. */
export interface DeviceIngest {
  readonly mode: "embedded" | "external" | "off";
  /** Where devices connect (the embedded broker's URL or TAKT_MQTT_URL), null when off. */
  readonly url: string | null;
  /** Counters of the MQTT ingest (received, stored, duplicates, deadLetters by kind, pending, storeErrors, lastLagMs, …); null when off. */
  readonly stats: Readonly<Record<string, unknown>> | null;
  readonly sparkplugNodes: readonly SparkplugNode[];
  readonly telemetrySamples: number;
}

export interface SparkplugNode {
  readonly group: string;
  readonly edge: string;
  readonly online: boolean;
  readonly bdSeq: number | null;
  readonly devices: readonly { readonly device: string; readonly online: boolean }[];
}

/** A device message that could not be used, with the reason; `seq` grows with every dead letter. */
export interface DeadLetter {
  readonly seq: number;
  readonly msgKey: string | null;
  readonly at: string;
  readonly source: string;
  readonly kind: string;
  readonly reason: string;
  readonly payload: string;
}

/** One tag of the OPC UA tag map with its status and staleness. */
export interface OpcuaTag {
  readonly name: string;
  readonly nodeId: string;
  readonly line: string;
  readonly station: string;
  readonly meaning: string;
  readonly stale: boolean;
  /** silent, bad_status or disconnected */
  readonly staleReason: string | null;
  readonly staleSince: string | null;
  /** The last OPC UA status code name. */
  readonly status: string;
  readonly lastValue: string | null;
  readonly lastGoodAt: string | null;
  readonly updates: number;
}

/** Takt's subscription to an external OPC UA server (GET /devices/opcua); `configured: false` without a tag map. */
export interface OpcuaClientView {
  readonly configured: boolean;
  readonly endpoint: string | null;
  readonly stats: Readonly<Record<string, unknown>> | null;
  readonly tags: readonly OpcuaTag[];
  readonly transitions: readonly { readonly at: string; readonly tag: string; readonly line: string; readonly station: string; readonly stale: boolean; readonly reason: string | null }[];
}
