/**
 * `npm run bench -- inspect-api [--n 200] [--data DIR]`: AI inspection through the platform.
 * Starts the server in memory, registers the committed casting model (built-in JSON) live at a
 * station and the same classifier exported as ONNX in shadow, then POSTs casting images one at a
 * time as a station camera would (base64 JSON over the API: decode, both models, store the image,
 * open a defect on a defective verdict). Prints the request latency, the live verdicts against the
 * folder labels, shadow agreement, and the list endpoints' latency; last line JSON.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { ManualClock } from "../src/kernel/index.js";
import { exportOnnx, parseModel } from "../src/quality/inspection/index.js";
import { loadConfig } from "../src/server/config.js";
import { startRuntime } from "../src/server/runtime.js";
import { dataDir, parseArgs, percentile, printTable } from "./util.js";

export async function main(argv: string[]): Promise<number> {
  const opts = parseArgs(argv);
  const n = Number(opts["n"] ?? 200);
  const root = join(dataDir(opts), "qc", "casting", "casting_data", "train");
  const files = ["def_front", "ok_front"].flatMap((c) =>
    readdirSync(join(root, c))
      .filter((f) => /\.jpe?g$/i.test(f))
      .sort()
      .slice(0, Math.ceil(n / 2))
      .map((f) => ({ path: join(root, c, f), label: c })),
  );
  const rt = await startRuntime(loadConfig({ TAKT_DATA_DIR: ":memory:", TAKT_LOG_LEVEL: "silent", TAKT_WEB_DIR: "/nonexistent", TAKT_MQTT_PORT: "off" }), { clock: new ManualClock() });
  const tok = (role: string) => ({ authorization: `Bearer ${rt.seed.tokens.find((t) => t.role === role)!.token}` });
  const post = async (url: string, role: string, payload: object) => {
    const r = await rt.app.inject({ method: "POST", url, headers: tok(role), payload });
    if (r.statusCode >= 300) throw new Error(`${url}: ${r.statusCode} ${r.body}`);
    return r.json();
  };
  try {
    const json = readFileSync("models/casting.json");
    const model = parseModel(json.toString("utf8"));
    await post("/api/v1/quality/models", "quality", { name: "casting", format: "takt-json", model: json.toString("base64") });
    const onnx = Buffer.from(exportOnnx(model.network));
    await post("/api/v1/quality/models", "quality", { name: "casting", format: "onnx", model: onnx.toString("base64"), classes: model.classes, input: { kind: "features", features: model.features }, output: "probabilities" });
    await post("/api/v1/quality/stations/Q01/live", "quality", { model: "casting@1", okLabels: ["ok_front"], defectCodes: { def_front: "OPS" }, location: "impeller", minScore: 0.8 });
    await post("/api/v1/quality/stations/Q01/shadow", "quality", { model: "casting@2" });
    // One warm-up request loads both runtimes (the ONNX session is created on first use).
    await post("/api/v1/quality/stations/Q01/inspections", "device", { unit: "unit_warmup", image: readFileSync(files[0]!.path).toString("base64") });
    const ms: number[] = [];
    let correct = 0;
    let agree = 0;
    let defects = 0;
    for (const [i, f] of files.entries()) {
      const image = readFileSync(f.path).toString("base64");
      const t0 = performance.now();
      const r = (await post("/api/v1/quality/stations/Q01/inspections", "device", { unit: `unit_b${i}`, image })) as { live: { verdict: { label: string } }; shadow: { verdict: { label: string } }; defect: string | null };
      ms.push(performance.now() - t0);
      if (r.live.verdict.label === f.label) correct++;
      if (r.shadow.verdict.label === r.live.verdict.label) agree++;
      if (r.defect) defects++;
    }
    const sorted = [...ms].sort((a, b) => a - b);
    // The list endpoints, warm (the first call of a route compiles its response serializer).
    await rt.app.inject({ url: "/api/v1/quality/inspections?station=Q01&limit=50", headers: tok("quality") });
    await rt.app.inject({ url: "/api/v1/quality/review?state=pending", headers: tok("quality") });
    const t1 = performance.now();
    const list = await rt.app.inject({ url: "/api/v1/quality/inspections?station=Q01&limit=50", headers: tok("quality") });
    const listMs = performance.now() - t1;
    const t2 = performance.now();
    const queue = await rt.app.inject({ url: "/api/v1/quality/review?state=pending", headers: tok("quality") });
    const queueMs = performance.now() - t2;
    const figures = {
      images: files.length,
      p50Ms: +percentile(sorted, 50).toFixed(1),
      p95Ms: +percentile(sorted, 95).toFixed(1),
      maxMs: +sorted.at(-1)!.toFixed(1),
      liveAccuracy: +(correct / files.length).toFixed(4),
      shadowAgreement: +(agree / files.length).toFixed(4),
      defectsOpened: defects,
      listInspectionsMs: +listMs.toFixed(1),
      listStatus: list.statusCode,
      reviewQueueMs: +queueMs.toFixed(1),
      pendingReview: (queue.json() as { items: unknown[] }).items.length,
    };
    printTable(
      ["figure", "value"],
      Object.entries(figures).map(([k, v]) => [k, v]),
    );
    console.log(JSON.stringify({ bench: "inspect-api", ...figures }));
    return 0;
  } finally {
    await rt.close();
  }
}
