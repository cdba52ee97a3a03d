import type { ApiClient } from "../api";

const offline = (): Promise<never> => Promise.reject(new Error("offline"));

/** An ApiClient whose every call rejects (no network in component tests), with some calls overridden. */
export function offlineApi(overrides: Partial<ApiClient> = {}): ApiClient {
  return {
    me: offline,
    plant: offline,
    plans: offline,
    plan: offline,
    proposePlan: offline,
    releasePlan: offline,
    pullOut: offline,
    putBack: offline,
    orders: offline,
    order: offline,
    tracking: offline,
    placeOrder: offline,
    orderEvents: offline,
    lineState: offline,
    andons: offline,
    lineLive: offline,
    raiseAndon: offline,
    clearAndon: offline,
    scanPart: offline,
    oee: offline,
    characteristics: offline,
    spc: offline,
    qualityDefects: offline,
    inspections: offline,
    inspectionImage: offline,
    reviewQueue: offline,
    decideReview: offline,
    instructions: offline,
    deviceIngest: offline,
    deviceOpcua: offline,
    deadLetters: offline,
    products: offline,
    configure: offline,
    complete: offline,
    ...overrides,
  };
}
