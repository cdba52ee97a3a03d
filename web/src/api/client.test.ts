import { describe, expect, it } from "vitest";
import { ApiError } from "./api-error";
import { createApiClient } from "./client";

type Call = { url: string; headers: Headers };

function fakeFetch(status: number, body: string, calls: Call[] = []): typeof fetch {
  return async (input, init) => {
    calls.push({ url: String(input), headers: new Headers(init?.headers) });
    return new Response(body, { status, headers: { "content-type": "application/json" } });
  };
}

describe("api client", () => {
  it("sends the bearer token and returns the typed body", async () => {
    const calls: Call[] = [];
    const me = { tokenId: "tok_1", role: "planner", customerId: null, name: "Pat" };
    const api = createApiClient({ getToken: () => "secret", fetch: fakeFetch(200, JSON.stringify(me), calls) });
    await expect(api.me()).resolves.toEqual(me);
    expect(calls[0]!.url).toBe("/api/v1/me");
    expect(calls[0]!.headers.get("authorization")).toBe("Bearer secret");
  });

  it("asks for the device edge and pages the dead letters by seq", async () => {
    const calls: Call[] = [];
    const api = createApiClient({ getToken: () => "t", fetch: fakeFetch(200, JSON.stringify({ deadLetters: [] }), calls) });
    await api.deadLetters({ after: 40, limit: 25 });
    await api.deadLetters({});
    await api.deviceIngest();
    await api.deviceOpcua();
    expect(calls.map((c) => c.url)).toEqual(["/api/v1/devices/dead-letters?after=40&limit=25", "/api/v1/devices/dead-letters", "/api/v1/devices/ingest", "/api/v1/devices/opcua"]);
  });

  it("maps the error body to ApiError with kind, status and issues", async () => {
    const body = { error: "unauthorized", message: "unknown token", issues: [{ path: "/x", message: "bad" }] };
    const api = createApiClient({ getToken: () => "nope", fetch: fakeFetch(401, JSON.stringify(body)) });
    const err = await api.me().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ kind: "unauthorized", status: 401, message: "unknown token", unauthorized: true });
    expect((err as ApiError).issues).toEqual([{ path: "/x", message: "bad" }]);
  });

  it("survives a non-JSON error page and a network failure", async () => {
    const html = createApiClient({ getToken: () => null, fetch: fakeFetch(502, "<html>bad gateway</html>") });
    await expect(html.plant()).rejects.toMatchObject({ kind: "http_error", status: 502 });
    const down = createApiClient({
      getToken: () => null,
      fetch: async () => {
        throw new TypeError("fetch failed");
      },
    });
    await expect(down.plant()).rejects.toMatchObject({ kind: "network", status: 0 });
  });

  it("sends no Authorization header without a token", async () => {
    const calls: Call[] = [];
    const api = createApiClient({ getToken: () => null, fetch: fakeFetch(200, "{}", calls) });
    await api.plant();
    expect(calls[0]!.headers.has("authorization")).toBe(false);
  });
});

describe("api client: live order events", () => {
  it("reads the stream over fetch with the bearer token and Last-Event-ID", async () => {
    const calls: Call[] = [];
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        const enc = new TextEncoder();
        controller.enqueue(enc.encode("id: 3\nevent: order.scheduled\ndata: {}\n\n: ping\n\nid: 4\nevent: order.fro"));
        controller.enqueue(enc.encode("zen\ndata: {}\n\n"));
        controller.close();
      },
    });
    const api = createApiClient({
      getToken: () => "secret",
      fetch: async (input, init) => {
        calls.push({ url: String(input), headers: new Headers(init?.headers) });
        return new Response(stream, { status: 200, headers: { "content-type": "text/event-stream" } });
      },
    });
    const seen: string[] = [];
    await api.orderEvents("ord_1", (e) => seen.push(`${e.id}:${e.event}`), { signal: new AbortController().signal, lastEventId: "2" });
    expect(seen).toEqual(["3:order.scheduled", "4:order.frozen"]);
    expect(calls[0]!.url).toBe("/api/v1/orders/ord_1/events");
    expect(calls[0]!.headers.get("authorization")).toBe("Bearer secret");
    expect(calls[0]!.headers.get("last-event-id")).toBe("2");
  });

  it("maps a refused stream to ApiError", async () => {
    const body = JSON.stringify({ error: "not_found", message: "order ord_9 not found" });
    const api = createApiClient({ getToken: () => "t", fetch: fakeFetch(404, body) });
    await expect(api.orderEvents("ord_9", () => {}, { signal: new AbortController().signal })).rejects.toMatchObject({ kind: "not_found", status: 404 });
  });
});
