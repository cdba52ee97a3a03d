import { ApiError, errorFromResponse } from "./api-error";
import { createSseParser } from "./sse";
import type {
  AndonAtStation,
  AndonRecord,
  EmptyStation,
  PartScan,
  Characteristic,
  SpcResult,
  Inspection,
  QualityDefect,
  ReviewItem,
  WorkInstructions,
  Configuration,
  DeadLetter,
  DeviceIngest,
  LineKpis,
  LineLiveState,
  Me,
  OpcuaClientView,
  Order,
  OrderTracking,
  Plan,
  PlanRequest,
  PlanSummary,
  PlantResponse,
  Product,
  Selections,
  StreamEvent,
} from "./types";

export interface ApiClientOptions {
  /** Origin and path prefix; defaults to same origin. */
  readonly baseUrl?: string;
  /** Read at each request, so a login or logout takes effect without rebuilding the client. */
  readonly getToken: () => string | null;
  readonly fetch?: typeof fetch;
}

export interface ApiClient {
  /** Who the token belongs to. Also the login check: a bad token rejects with status 401. */
  me(signal?: AbortSignal): Promise<Me>;
  /** The plant hierarchy (site, areas, lines, stations). */
  plant(signal?: AbortSignal): Promise<PlantResponse>;

  /** Plans, newest first. */
  plans(signal?: AbortSignal): Promise<{ plans: PlanSummary[] }>;
  plan(id: string, signal?: AbortSignal): Promise<Plan>;
  /** Starts sequencing the waiting orders; the plan comes back `optimizing` (poll `plan` for progress). */
  proposePlan(request: PlanRequest): Promise<Plan>;
  releasePlan(id: string): Promise<Plan>;
  pullOut(planId: string, orderId: string): Promise<Plan>;
  putBack(planId: string, orderId: string): Promise<Plan>;

  /** Orders (a customer's token sees only its own). */
  orders(signal?: AbortSignal): Promise<{ orders: Order[] }>;
  order(id: string, signal?: AbortSignal): Promise<Order>;
  tracking(id: string, signal?: AbortSignal): Promise<OrderTracking>;
  placeOrder(productId: string, selections: Selections): Promise<Order>;
  /**
   * The order's live event stream (Server-Sent Events read over fetch, since EventSource cannot send the
   * Authorization header). Resolves when the server closes the stream; rejects like any call, or with
   * AbortError once `signal` aborts.
   */
  orderEvents(id: string, onEvent: (event: StreamEvent) => void, options: OrderEventsOptions): Promise<void>;

  /** Live line state: each station's state, andon and fault, and where the units are. */
  lineState(line: string, signal?: AbortSignal): Promise<LineLiveState>;
  /**
   * The line's live state (Server-Sent Events): `onState` with the whole line state at once and after every change.
   * Resolves when the server closes the stream; rejects like any call, or with AbortError once `signal` aborts.
   */
  lineLive(line: string, onState: (state: LineLiveState) => void, options: { readonly signal: AbortSignal; readonly onOpen?: () => void }): Promise<void>;
  /** The operator's andon button: raise (with a reason) at a station; 409 when one is open there already. */
  raiseAndon(line: string, station: string, reason: string): Promise<AndonAtStation>;
  /** Clears the station's open andon; 409 when none is open. */
  clearAndon(line: string, station: string): Promise<AndonAtStation>;
  /** Records a scanned part (number, serial, lot) as installed in the unit at the station. */
  scanPart(line: string, station: string, scan: PartScan): Promise<PartScan & { readonly station: string }>;
  /** Open andon calls and faults of a line, newest first. */
  andons(line: string, signal?: AbortSignal): Promise<{ line: string; andons: AndonRecord[] }>;

  /** OEE and the other ISO 22400-2 KPIs of a line over a window (default: the last 8 hours). */
  oee(line: string, window?: { from: string; to: string }, signal?: AbortSignal): Promise<LineKpis>;

  characteristics(line: string, signal?: AbortSignal): Promise<{ characteristics: Characteristic[] }>;
  /** Control chart of a measured characteristic with run-rule violations and capability. */
  spc(line: string, station: string, name: string, query: { subgroup?: number; lsl?: number; usl?: number; rules?: "nelson" | "western_electric" }, signal?: AbortSignal): Promise<SpcResult>;

  /** Defects of every unit, newest first (filter by station, unit, open or closed), with the open and total counts. */
  qualityDefects(query: { station?: string; unit?: string; state?: "open" | "closed" }, signal?: AbortSignal): Promise<{ defects: QualityDefect[]; open: number; total: number }>;
  /** Inspected images, newest first, with the live model's verdict and the shadow's. */
  inspections(query: { station?: string; unit?: string; limit?: number }, signal?: AbortSignal): Promise<{ inspections: Inspection[] }>;
  /** The inspected image's bytes (fetched with the token; show it through an object URL). */
  inspectionImage(id: string, signal?: AbortSignal): Promise<Blob>;
  /** The review queue (pending by default). */
  reviewQueue(state: "pending" | "confirmed" | "corrected", signal?: AbortSignal): Promise<{ items: ReviewItem[] }>;
  /** Confirms (the live label) or corrects (another class) a queued verdict. */
  decideReview(id: string, label: string): Promise<ReviewItem>;

  /** Work instructions and parts to scan for the unit at a station now; `unit: null` when no unit is there. */
  instructions(line: string, station: string, signal?: AbortSignal): Promise<WorkInstructions | EmptyStation>;

  /** The device edge: MQTT mode and URL, ingest counters, Sparkplug edge nodes and their devices (engineer, operator). */
  deviceIngest(signal?: AbortSignal): Promise<DeviceIngest>;
  /** The OPC UA client edge: connection, counters, each mapped tag's status and staleness (engineer, operator). */
  deviceOpcua(signal?: AbortSignal): Promise<OpcuaClientView>;
  /**
   * Dead letters, at most `limit` (1–1000, default 100) (engineer, quality): oldest first with a seq above
   * `after` (default 0), or with `order: "desc"` newest first, below `before` when given.
   */
  deadLetters(query: { after?: number; order?: "asc" | "desc"; before?: number; limit?: number }, signal?: AbortSignal): Promise<{ deadLetters: DeadLetter[] }>;

  products(signal?: AbortSignal): Promise<{ products: Product[] }>;
  configure(productId: string, selections: Selections, signal?: AbortSignal): Promise<Configuration>;
  complete(productId: string, selections: Selections, strategy: "defaults" | "cheapest", signal?: AbortSignal): Promise<Configuration>;
}

export interface OrderEventsOptions {
  readonly signal: AbortSignal;
  /** Resume after this event (the server replays what came since). */
  readonly lastEventId?: string | null;
  /** Called once the server has accepted the stream. */
  readonly onOpen?: () => void;
}

const PREFIX = "/api/v1";

/** The one way the app talks to the server: typed endpoints over a fetch wrapper that maps every failure to ApiError. */
export function createApiClient(options: ApiClientOptions): ApiClient {
  const base = options.baseUrl ?? "";
  const doFetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));

  async function send(path: string, init: RequestInit, accept: string): Promise<Response> {
    const headers = new Headers(init.headers);
    headers.set("Accept", accept);
    const bearer = options.getToken();
    if (bearer) headers.set("Authorization", `Bearer ${bearer}`);
    try {
      return await doFetch(`${base}${PREFIX}${path}`, { ...init, headers });
    } catch (err) {
      if (err instanceof DOMException && err.name === "AbortError") throw err;
      throw new ApiError("network", "Cannot reach the Takt server.", 0);
    }
  }

  async function request<T>(path: string, init: RequestInit = {}): Promise<T> {
    const response = await send(path, init, "application/json");
    const text = await response.text();
    let body: unknown = undefined;
    if (text) {
      try {
        body = JSON.parse(text);
      } catch (_err) {
        if (response.ok) throw new ApiError("bad_response", "The server sent a response the app cannot read.", response.status);
      }
    }
    if (!response.ok) throw errorFromResponse(response.status, body);
    return body as T;
  }

  const post = <T>(path: string, body: unknown, signal?: AbortSignal): Promise<T> =>
    request<T>(path, { method: "POST", body: JSON.stringify(body), headers: { "Content-Type": "application/json" }, signal });
  const seg = encodeURIComponent;
  /** A query string from the defined values of `query` ("" when none). */
  const qs = (query: Readonly<Record<string, string | number | undefined>>): string => {
    const q = new URLSearchParams(Object.entries(query).filter(([, v]) => v !== undefined && v !== "").map(([k, v]) => [k, String(v)])).toString();
    return q ? `?${q}` : "";
  };

  function orderEvents(id: string, onEvent: (event: StreamEvent) => void, opts: OrderEventsOptions): Promise<void> {
    const headers: Record<string, string> = opts.lastEventId ? { "Last-Event-ID": opts.lastEventId } : {};
    return readStream(`/orders/${seg(id)}/events`, headers, onEvent, opts);
  }

  function lineLive(line: string, onState: (state: LineLiveState) => void, opts: { readonly signal: AbortSignal; readonly onOpen?: () => void }): Promise<void> {
    return readStream(
      `/lines/${seg(line)}/live`,
      {},
      (e) => {
        if (e.event === "state") onState(JSON.parse(e.data) as LineLiveState);
      },
      opts,
    );
  }

  /** Reads a Server-Sent Events stream over fetch (EventSource cannot send the Authorization header). */
  async function readStream(path: string, headers: Record<string, string>, onEvent: (event: StreamEvent) => void, opts: { readonly signal: AbortSignal; readonly onOpen?: () => void }): Promise<void> {
    const response = await send(path, { headers, signal: opts.signal }, "text/event-stream");
    if (!response.ok) {
      const text = await response.text();
      let body: unknown;
      try {
        body = text ? JSON.parse(text) : undefined;
      } catch (_err) {
        body = undefined;
      }
      throw errorFromResponse(response.status, body);
    }
    if (!response.body) throw new ApiError("bad_response", "The server sent no event stream.", response.status);
    opts.onOpen?.();
    const parse = createSseParser();
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        for (const event of parse(value)) onEvent(event);
      }
    } catch (err) {
      if (opts.signal.aborted) throw new DOMException("aborted", "AbortError");
      throw err instanceof ApiError ? err : new ApiError("network", "The live connection to the server was lost.", 0);
    } finally {
      reader.releaseLock();
    }
  }

  return {
    me: (signal) => request<Me>("/me", { signal }),
    plant: (signal) => request<PlantResponse>("/plant", { signal }),
    plans: (signal) => request("/plans", { signal }),
    plan: (id, signal) => request(`/plans/${seg(id)}`, { signal }),
    proposePlan: (body) => post("/plans", body),
    releasePlan: (id) => post(`/plans/${seg(id)}/release`, {}),
    pullOut: (planId, orderId) => post(`/plans/${seg(planId)}/pull-out`, { orderId }),
    putBack: (planId, orderId) => post(`/plans/${seg(planId)}/put-back`, { orderId }),
    orders: (signal) => request("/orders", { signal }),
    order: (id, signal) => request(`/orders/${seg(id)}`, { signal }),
    tracking: (id, signal) => request(`/orders/${seg(id)}/tracking`, { signal }),
    placeOrder: (productId, selections) => post("/orders", { productId, selections }),
    orderEvents,
    lineState: (line, signal) => request(`/lines/${seg(line)}/state`, { signal }),
    andons: (line, signal) => request(`/lines/${seg(line)}/andons`, { signal }),
    lineLive,
    raiseAndon: (line, station, reason) => post(`/lines/${seg(line)}/stations/${seg(station)}/andon`, { reason }),
    clearAndon: (line, station) => post(`/lines/${seg(line)}/stations/${seg(station)}/andon/clear`, {}),
    scanPart: (line, station, scan) => post(`/lines/${seg(line)}/stations/${seg(station)}/parts`, scan),
    oee: (line, window, signal) => request(`/lines/${seg(line)}/oee${window ? `?from=${encodeURIComponent(window.from)}&to=${encodeURIComponent(window.to)}` : ""}`, { signal }),
    characteristics: (line, signal) => request(`/quality/lines/${seg(line)}/characteristics`, { signal }),
    spc: (line, station, name, query, signal) => {
      const q = new URLSearchParams(Object.entries(query).filter(([, v]) => v !== undefined).map(([k, v]) => [k, String(v)])).toString();
      return request(`/quality/lines/${seg(line)}/stations/${seg(station)}/spc/${seg(name)}${q ? `?${q}` : ""}`, { signal });
    },
    qualityDefects: (query, signal) => request(`/quality/defects${qs(query)}`, { signal }),
    inspections: (query, signal) => request(`/quality/inspections${qs(query)}`, { signal }),
    inspectionImage: async (id, signal) => {
      const response = await send(`/quality/inspections/${seg(id)}/image`, { ...(signal ? { signal } : {}) }, "image/*");
      if (response.ok) return response.blob();
      const text = await response.text();
      let body: unknown;
      try {
        body = text ? JSON.parse(text) : undefined;
      } catch (_err) {
        body = undefined;
      }
      throw errorFromResponse(response.status, body);
    },
    reviewQueue: (state, signal) => request(`/quality/review?state=${seg(state)}`, { signal }),
    decideReview: (id, label) => post(`/quality/review/${seg(id)}`, { label }),
    instructions: (line, station, signal) => request(`/lines/${seg(line)}/stations/${seg(station)}/instructions`, { signal }),
    deviceIngest: (signal) => request("/devices/ingest", { signal }),
    deviceOpcua: (signal) => request("/devices/opcua", { signal }),
    deadLetters: (query, signal) => request(`/devices/dead-letters${qs(query)}`, { signal }),
    products: (signal) => request("/products", { signal }),
    configure: (productId, selections, signal) => post(`/products/${seg(productId)}/configure`, { selections }, signal),
    complete: (productId, selections, strategy, signal) => post(`/products/${seg(productId)}/complete`, { selections, strategy }, signal),
  };
}
