import type { Command } from "commander";
import mqtt from "mqtt";
import { simulateLine } from "../execution/index.js";
import { demoPlant, findLine } from "../plant/index.js";
import { encodeJsonSignal } from "../adapters/mqtt/json-topics.js";
import { simStationsOf } from "../workflows/execution/index.js";
import { loadConfig } from "../server/config.js";

interface SimulateOpts {
  line: string;
  speed: string;
  seed: string;
  hours: string;
  broker?: string;
  quiet?: boolean;
  plan?: boolean;
  api?: string;
  token?: string;
}

/**
 * `takt simulate --line demo --speed 60 [--seed N] [--hours H] [--broker URL]`: drives a line
 * through real MQTT traffic (the JSON topic scheme, QoS 1), units flowing at takt from a
 * released sequence, part scans, torques, faults, andon pulls and defects, plus telemetry
 * every 30 simulated seconds per station. `--speed 60` runs a simulated minute per second;
 * `--speed 0` as fast as the broker takes it.
 */
export function register(program: Command): void {
  program
    .command("simulate")
    .description("simulate a line (units at takt, parts, torques, faults, andons, defects) publishing real MQTT traffic to Takt")
    .option("--line <line>", "line code, or demo for the demo line A1", "demo")
    .option("--speed <x>", "simulated time per real time (0 = as fast as possible)", "60")
    .option("--seed <n>", "random seed (same seed, same day)", "1")
    .option("--hours <h>", "simulated hours", "8")
    .option("--broker <url>", "MQTT broker (default: TAKT_MQTT_URL, else the embedded broker on TAKT_MQTT_HOST:TAKT_MQTT_PORT)")
    .option("--plan", "simulate the latest released plan's units, in its sequence, read from the API (--api, --token)")
    .option("--api <url>", "Takt API base URL for --plan (default: TAKT_API_URL, else http://127.0.0.1:TAKT_PORT)")
    .option("--token <token>", "API token for --plan (default: TAKT_TOKEN; a planner, operator or engineer token)")
    .option("-q, --quiet", "no progress lines")
    .action(async (o: SimulateOpts) => {
      const speed = Number(o.speed);
      const seed = Number(o.seed);
      const hours = Number(o.hours);
      if (!(speed >= 0) || !Number.isInteger(seed) || !(hours > 0)) {
        console.error("--speed must be >= 0, --seed an integer, --hours > 0");
        process.exit(2);
      }
      const line = findLine(demoPlant(), o.line === "demo" ? "A1" : o.line);
      if (!line) {
        console.error(`unknown line ${o.line} (the simulator knows the demo plant: --line demo or A1)`);
        process.exit(2);
      }
      const config = loadConfig(process.env);
      const url = o.broker ?? config.mqttUrl ?? `mqtt://${config.mqttHost}:${config.mqttPort ?? 1884}`;
      const start = Date.now();
      const taktMs = line.takt * 1000;
      let sequence: string[];
      let durationMs = hours * 3600_000;
      if (o.plan) {
        sequence = await releasedSequence(o.api ?? process.env["TAKT_API_URL"] ?? `http://127.0.0.1:${config.port}`, o.token ?? process.env["TAKT_TOKEN"] ?? "");
        // long enough for the last unit to leave the last station (faults add stops, so allow a margin)
        durationMs = (sequence.length + line.stations.length + 2) * taktMs * 1.5;
      } else {
        const units = Math.ceil((hours * 3600_000) / taktMs) + 1;
        sequence = Array.from({ length: units }, (_, i) => `unit_sim${seed}-${String(i + 1).padStart(5, "0")}`);
      }
      const { signals, truth } = simulateLine({ line: line.code, stations: simStationsOf(line), taktMs, sequence, start, durationMs, seed });
      let client: mqtt.MqttClient;
      try {
        client = await mqtt.connectAsync(url, { clientId: `takt-sim-${line.code}-${seed}`, clean: false, protocolVersion: 4, connectTimeout: 5000, reconnectPeriod: 1000 });
      } catch (e) {
        console.error(`cannot connect to MQTT broker ${url}: ${(e as Error).message} (is takt serve running? see TAKT_MQTT_PORT / --broker)`);
        process.exit(1);
      }
      console.log(`simulating line ${line.code}: ${hours} h at ${speed ? `${speed}x` : "full speed"}, seed ${seed}, ${signals.length} station events → ${url}`);
      const realStart = Date.now();
      let nextTelemetry = start;
      let published = 0;
      let inflight: Promise<unknown>[] = [];
      const sleepUntil = async (simAt: number) => {
        if (!speed) return;
        const due = realStart + (simAt - start) / speed;
        const wait = due - Date.now();
        if (wait > 2) {
          await Promise.all(inflight);
          inflight = [];
          await new Promise((r) => setTimeout(r, wait));
        }
      };
      for (const s of signals) {
        while (nextTelemetry <= s.at) {
          for (const st of line.stations)
            inflight.push(client.publishAsync(`takt/v1/${line.code}/${st.code}/telemetry`, JSON.stringify({ id: `tel-${seed}-${st.code}-${nextTelemetry}`, at: nextTelemetry, tags: { temperature_c: 20 + ((nextTelemetry / 60_000 + st.position) % 7), cycle_s: line.takt } }), { qos: 1 }));
          nextTelemetry += 30_000;
        }
        await sleepUntil(s.at);
        const m = encodeJsonSignal(s);
        inflight.push(client.publishAsync(m.topic, m.payload, { qos: 1 }));
        published++;
        if (inflight.length >= 500) {
          await Promise.all(inflight);
          inflight = [];
        }
        if (!o.quiet && published % 5000 === 0) console.log(`  ${published}/${signals.length} events, simulated ${new Date(s.at).toISOString()}`);
      }
      await Promise.all(inflight);
      await client.endAsync();
      console.log(
        JSON.stringify({ line: line.code, seed, events: signals.length, completed: truth.completed.length, good: truth.good.length, faults: truth.stops.length, andons: truth.andons, from: new Date(start).toISOString(), to: new Date(truth.end).toISOString() }),
      );
    });
}

/** The unit ids of the latest released plan, in sequence order (pulled-out units excluded). */
async function releasedSequence(api: string, token: string): Promise<string[]> {
  if (!token) {
    console.error("--plan needs a token: --token or TAKT_TOKEN (planner, operator or engineer)");
    process.exit(2);
  }
  const get = async (path: string) => {
    const r = await fetch(`${api.replace(/\/$/, "")}${path}`, { headers: { authorization: `Bearer ${token}` } });
    if (!r.ok) {
      console.error(`GET ${path}: ${r.status} ${await r.text()}`);
      process.exit(1);
    }
    return r.json() as Promise<unknown>;
  };
  const list = (await get("/api/v1/plans")) as { plans: { id: string; status: string }[] };
  const released = list.plans.find((p) => p.status === "released");
  if (!released) {
    console.error("no released plan: release one first (POST /api/v1/plans/:id/release)");
    process.exit(1);
  }
  const plan = (await get(`/api/v1/plans/${released.id}`)) as { sequence: { unitId: string }[] };
  return plan.sequence.map((p) => p.unitId);
}
