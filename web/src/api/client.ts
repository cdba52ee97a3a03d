import { ApiError, errorFromResponse } from "./api-error";
import type { Me, PlantResponse } from "./types";

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
}

const PREFIX = "/api/v1";

/** The one way the app talks to the server: typed endpoints over a fetch wrapper that maps every failure to ApiError. */
export function createApiClient(options: ApiClientOptions): ApiClient {
  const base = options.baseUrl ?? "";
  const doFetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));

  async function request<T>(path: string, init: RequestInit = {}): Promise<T> {
    const headers = new Headers(init.headers);
    headers.set("Accept", "application/json");
    const bearer = options.getToken();
    if (bearer) headers.set("Authorization", `Bearer ${bearer}`);
    let response: Response;
    try {
      response = await doFetch(`${base}${PREFIX}${path}`, { ...init, headers });
    } catch (err) {
      if (err instanceof DOMException && err.name === "AbortError") throw err;
      throw new ApiError("network", "Cannot reach the Takt server.", 0);
    }
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

  return {
    me: (signal) => request<Me>("/me", { signal }),
    plant: (signal) => request<PlantResponse>("/plant", { signal }),
  };
}
