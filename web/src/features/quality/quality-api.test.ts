import { describe, expect, it } from "vitest";
import { ApiError, createApiClient } from "../../api";

type Call = { url: string; method: string; body: string | null; headers: Headers };

function fake(status: number, body: BodyInit, contentType: string, calls: Call[]): typeof fetch {
  return async (input, init) => {
    calls.push({ url: String(input), method: init?.method ?? "GET", body: typeof init?.body === "string" ? init.body : null, headers: new Headers(init?.headers) });
    return new Response(body, { status, headers: { "content-type": contentType } });
  };
}

describe("quality endpoints of the api client", () => {
  it("builds the defect and inspection queries from the defined filters only", async () => {
    const calls: Call[] = [];
    const api = createApiClient({ getToken: () => "t", fetch: fake(200, JSON.stringify({ defects: [], open: 0, total: 0 }), "application/json", calls) });
    await api.qualityDefects({ state: "open", station: "P01" });
    await api.qualityDefects({});
    await api.inspections({ limit: 24, unit: "unit_a" });
    expect(calls.map((c) => c.url)).toEqual(["/api/v1/quality/defects?state=open&station=P01", "/api/v1/quality/defects", "/api/v1/quality/inspections?limit=24&unit=unit_a"]);
  });

  it("posts a review decision and fetches an image as a blob with the token", async () => {
    const calls: Call[] = [];
    const api = createApiClient({ getToken: () => "t", fetch: fake(200, JSON.stringify({ state: "corrected" }), "application/json", calls) });
    await api.decideReview("insp_1", "ok");
    expect(calls[0]).toMatchObject({ url: "/api/v1/quality/review/insp_1", method: "POST", body: '{"label":"ok"}' });
    const imgCalls: Call[] = [];
    const imgApi = createApiClient({ getToken: () => "t", fetch: fake(200, new Uint8Array([0x89, 0x50, 0x4e, 0x47]), "image/png", imgCalls) });
    const blob = await imgApi.inspectionImage("insp_1");
    expect(blob.size).toBe(4);
    expect(imgCalls[0]!.headers.get("authorization")).toBe("Bearer t");
    expect(imgCalls[0]!.headers.get("accept")).toBe("image/*");
  });

  it("maps a missing image to ApiError", async () => {
    const api = createApiClient({ getToken: () => "t", fetch: fake(404, JSON.stringify({ error: "not_found", message: "inspection insp_x not found" }), "application/json", []) });
    const err = await api.inspectionImage("insp_x").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ status: 404, message: "inspection insp_x not found" });
  });
});
