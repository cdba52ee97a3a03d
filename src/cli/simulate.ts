import { readFile, writeFile } from "node:fs/promises";
import type { Command } from "commander";
import mqtt from "mqtt";
import { simulateLine } from "../execution/index.js";
import { demoPlant, findLine } from "../plant/index.js";
import { encodeJsonSignal } from "../adapters/mqtt/json-topics.js";
import { redactUrl } from "../adapters/mqtt/durable-subscriber.js";
import { simStationsOf } from "../workflows/execution/index.js";
import { loadConfig } from "../server/config.js";
import { opcuaStationsOf, opcuaWritesOf, SIM_OPCUA_PATH, simulatedOpcuaStations } from "../adapters/opcua/simulated-stations.js";
import type { DeviceOpcuaServer } from "../adapters/opcua/device-server.js";

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
  opcua?: string | boolean;
  opcuaPort: string;
  opcuaHost: string;
  opcuaWait: string;
  tagmap?: string;
  printTagmap?: boolean;
  deviceToken?: string;
  ca?: string;
}

/**
 * `takt simulate --line demo --speed 60 [--seed N] [--hours H] [--broker URL]`: drives a line
 * through real MQTT traffic (the JSON topic scheme, QoS 1), units flowing at takt from a
 * released sequence, part scans, torques, faults, andon pulls and defects, plus telemetry
 * every 30 simulated seconds per station. `--speed 60` runs a simulated minute per second;
 * `--speed 0` as fast as the broker takes it.
 *
 * `--opcua [torque|all|C04,C10]` serves some stations (default: those with a torque tool) from
 * an OPC UA server the simulator runs (variables Unit, Torque, PartSerial, PartLot, Andon, Fault
 * per station) instead of MQTT; Takt subscribes to it through the tag map `--print-tagmap`
 * prints (config/opcua-demo-tagmap.json for the defaults).
 */
export function register(program: Command): void {
  program
    .command("simulate")
    .description("simulate a line (units at takt, parts, torques, faults, andons, defects) publishing real MQTT traffic to Takt, some stations over OPC UA with --opcua")
    .option("--line <line>", "line code, or demo for the demo line A1", "demo")
    .option("--speed <x>", "simulated time per real time (0 = as fast as possible)", "60")
    .option("--seed <n>", "random seed (same seed, same day)", "1")
    .option("--hours <h>", "simulated hours", "8")
    .option("--broker <url>", "MQTT broker (default: TAKT_MQTT_URL, else the embedded broker on TAKT_MQTT_HOST:TAKT_MQTT_PORT); mqtts:// for TLS, mqtt://user:password@host for credentials")
    .option("--device-token <token>", "API token of role device, sent as the MQTT password (default: TAKT_DEVICE_TOKEN; needed when the broker asks for tokens, TAKT_MQTT_AUTH)")
    .option("--ca <file>", "PEM file of the CA that signed the broker's certificate (mqtts://; default: TAKT_MQTT_CA, else the system's CAs)")
    .option("--plan", "simulate the latest released plan's units, in its sequence, read from the API (--api, --token)")
    .option("--api <url>", "Takt API base URL for --plan (default: TAKT_API_URL, else http://127.0.0.1:TAKT_PORT)")
    .option("--token <token>", "API token for --plan (default: TAKT_TOKEN; a planner, operator or engineer token)")
    .option("--opcua [stations]", "serve these stations from an OPC UA server the simulator runs, the rest over MQTT: torque (the torque tools C04, C10; default), all, or codes like C04,C10")
    .option("--opcua-port <n>", "port of the simulator's OPC UA server", "4841")
    .option("--opcua-host <host>", "host name Takt reaches the simulator's OPC UA server at (written into the tag map)", "127.0.0.1")
    .option("--opcua-wait <s>", "seconds to wait for Takt to subscribe to the OPC UA server before simulating", "30")
    .option("--tagmap <file>", "also write the tag map of the OPC UA stations to this file (for TAKT_OPCUA_TAGMAP)")
    .option("--print-tagmap", "print the tag map of the OPC UA stations (with --opcua) and exit")
    .option("-q, --quiet", "no progress lines")
    .addHelpText(
      "after",
      `
OPC UA: with --opcua, Takt must subscribe to the simulator's server through its tag map:
  npx takt simulate --opcua --print-tagmap > tagmap.json      # or use config/opcua-demo-tagmap.json (defaults)
  TAKT_OPCUA_TAGMAP=tagmap.json npx takt serve
  npx takt simulate --line demo --speed 60 --opcua`,
    )
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
      const opcuaWhich = o.opcua === undefined || o.opcua === false ? null : o.opcua === true ? "torque" : o.opcua;
      const opcuaPort = Number(o.opcuaPort);
      if (opcuaWhich !== null && !(Number.isInteger(opcuaPort) && opcuaPort > 0 && opcuaPort < 65536)) {
        console.error("--opcua-port must be a port number 1..65535");
        process.exit(2);
      }
      if (!(Number(o.opcuaWait) >= 0)) {
        console.error("--opcua-wait must be a number of seconds >= 0");
        process.exit(2);
      }
      if (o.printTagmap && opcuaWhich === null) {
        console.error("--print-tagmap needs --opcua");
        process.exit(2);
      }
      let opcuaStations: ReturnType<typeof opcuaStationsOf> = [];
      try {
        if (opcuaWhich !== null) opcuaStations = opcuaStationsOf(simStationsOf(line), opcuaWhich);
      } catch (e) {
        console.error(`--opcua: ${(e as Error).message}`);
        process.exit(2);
      }
      const opcuaPlan = opcuaWhich !== null ? simulatedOpcuaStations(line.code, opcuaStations, `opc.tcp://${o.opcuaHost}:${opcuaPort}${SIM_OPCUA_PATH}`) : null;
      if (opcuaPlan && o.printTagmap) {
        console.log(JSON.stringify(opcuaPlan.tagMap, null, 2));
        return;
      }
      if (opcuaPlan && o.tagmap) await writeFile(o.tagmap, `${JSON.stringify(opcuaPlan.tagMap, null, 2)}\n`);
      const config = loadConfig(process.env);
      const url = o.broker ?? config.mqttUrl ?? `mqtt://${config.mqttHost}:${config.mqttPort ?? 1884}`;
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
      // The simulated day ends when the simulation does (at --speed 0: now), so no event is stamped in the
      // future: a line's events are never ahead of the clock, and "the last 8 hours" (OEE) holds the day at its end.
      const start = Date.now() - (speed > 0 ? durationMs * (1 - 1 / speed) : durationMs);
      const { signals, truth } = simulateLine({ line: line.code, stations: simStationsOf(line), taktMs, sequence, start, durationMs, seed });
      const token = o.deviceToken ?? process.env["TAKT_DEVICE_TOKEN"];
      const caFile = o.ca ?? config.mqttCa;
      let ca: Buffer | undefined;
      try {
        if (caFile) ca = await readFile(caFile);
      } catch (e) {
        console.error(`--ca: cannot read ${caFile}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
        process.exit(2);
      }
      let client: mqtt.MqttClient;
      try {
        client = await mqtt.connectAsync(url, {
          clientId: `takt-sim-${line.code}-${seed}`,
          clean: false,
          protocolVersion: 4,
          connectTimeout: 5000,
          reconnectPeriod: 1000,
          ...(token ? { username: "device", password: token } : {}),
          ...(ca ? { ca } : {}),
        });
      } catch (e) {
        console.error(`cannot connect to MQTT broker ${redactUrl(url)}: ${(e as Error).message} (is takt serve running? see TAKT_MQTT_PORT / --broker${token ? "" : "; a broker that asks for tokens needs --device-token"})`);
        process.exit(1);
      }
      let device: DeviceOpcuaServer | null = null;
      const opcuaCodes = new Set(opcuaStations.map((s) => s.code));
      if (opcuaPlan) {
        const { DeviceOpcuaServer } = await import("../adapters/opcua/device-server.js");
        try {
          device = await DeviceOpcuaServer.start({ port: opcuaPort, variables: opcuaPlan.variables, resourcePath: SIM_OPCUA_PATH });
        } catch (e) {
          console.error(`--opcua-port: ${(e as Error).message}`);
          process.exit(1);
        }
        console.log(`OPC UA stations ${[...opcuaCodes].join(", ")} served at ${opcuaPlan.tagMap.endpoint}; waiting for Takt to subscribe (TAKT_OPCUA_TAGMAP)…`);
        if (!(await device.waitForSubscriber(Number(o.opcuaWait) * 1000))) {
          console.error(`no OPC UA client subscribed within ${o.opcuaWait} s: start takt serve with TAKT_OPCUA_TAGMAP set to this simulator's tag map (--print-tagmap)`);
          await device.close();
          await client.endAsync();
          process.exit(1);
        }
        // Values the server held before the subscription are history to Takt: start with fresh ones.
        await new Promise((r) => setTimeout(r, 300));
      }
      console.log(`simulating line ${line.code}: ${hours} h at ${speed ? `${speed}x` : "full speed"}, seed ${seed}, ${signals.length} station events → ${redactUrl(url)}${device ? ` and ${opcuaPlan?.tagMap.endpoint}` : ""}`);
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
        if (device && opcuaCodes.has(s.station)) {
          // Over OPC UA: what went before over MQTT is stored first (QoS 1 acknowledged), then the variables change.
          // What follows over MQTT is not held back: it may reach Takt before these values are sampled and
          // published (a unit entering the next station before its "left" here), as on a real line; Takt
          // accepts such a "left" late.
          await Promise.all(inflight);
          inflight = [];
          for (const w of opcuaWritesOf(s)) device.set(w.id, w.value, { at: w.at });
          published++;
          continue;
        }
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
      if (device) {
        // The last values are sampled and published within a publishing interval: let them go out.
        await new Promise((r) => setTimeout(r, 1000));
        await device.close();
      }
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
