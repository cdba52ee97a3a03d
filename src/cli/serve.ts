import type { Command } from "commander";
import { writeFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { configHelp, loadConfig, type Config } from "../server/config.js";
import { startRuntime } from "../server/runtime.js";
import { isTaktError } from "../kernel/index.js";

/** `takt serve`: starts the platform. */
export function register(program: Command): void {
  program
    .command("serve")
    .description("start the Takt platform (HTTP API, web app, event relay) on the configured adapters")
    .option("-p, --port <port>", "HTTP port (overrides TAKT_PORT; 0 picks a free one)")
    .option("--host <host>", "address to listen on (overrides TAKT_HOST)")
    .option("--data-dir <dir>", "data folder of the embedded store (overrides TAKT_DATA_DIR)")
    .addHelpText("after", `\n${configHelp()}`)
    .action(async (o: { port?: string; host?: string; dataDir?: string }) => {
      const overrides: Partial<Config> = {};
      if (o.port !== undefined) overrides.port = /^\d+$/.test(o.port) ? Number(o.port) : (o.port as unknown as number);
      if (o.host) overrides.host = o.host;
      if (o.dataDir) overrides.dataDir = o.dataDir;
      let config: Config;
      try {
        config = loadConfig(process.env, overrides);
      } catch (e) {
        console.error(e instanceof Error ? e.message : e);
        process.exit(2);
      }
      // Seeding waits until the port is ours: a first start that cannot listen must not swallow the demo tokens.
      const rt = await startRuntime(config, { deferSeed: true });
      let url: string;
      try {
        url = await rt.listen();
      } catch (e) {
        const err = e as NodeJS.ErrnoException;
        await rt.close();
        if (err.code === "EADDRINUSE") {
          console.error(`port ${config.port} on ${config.host} is already in use: set TAKT_PORT (or --port) to a free port`);
          process.exit(2);
        }
        throw e;
      }
      const seed = await rt.seedDemo();
      console.log(`Takt listening on ${url}`);
      console.log(`  store: ${rt.store.kind}${rt.store.kind === "sqlite" ? ` (${config.dataDir})` : ""}, event bus: ${rt.bus.kind}`);
      console.log(`  devices: ${rt.mqttUrl ? `MQTT ${rt.mqttUrl} (topics takt/v1/<line>/<station>/<event>, Sparkplug B spBv1.0/…)` : "MQTT off"}`);
      console.log(`  web app: ${url}/   API reference: ${url}/docs   OpenAPI: ${url}/openapi.json   metrics: ${url}/metrics`);
      if (seed.tokens.length > 0) {
        console.log("\nDemo tokens (shown once; stored hashed). Paste one into the web app's login:");
        for (const t of seed.tokens) console.log(`  ${t.role.padEnd(9)} ${t.token}${t.customerId ? `  (customer ${t.customerId})` : ""}`);
        if (rt.store.kind === "sqlite") {
          // A demo convenience: keep them beside the demo database, readable only by this user.
          mkdirSync(config.dataDir, { recursive: true });
          const file = join(config.dataDir, "demo-tokens.txt");
          writeFileSync(file, seed.tokens.map((t) => `${t.role}\t${t.token}`).join("\n") + "\n", { mode: 0o600 });
          console.log(`  (also saved to ${file})`);
        }
      } else if (config.demo) {
        console.log(`\nDemo tokens were printed at first start${rt.store.kind === "sqlite" ? ` and saved in ${join(config.dataDir, "demo-tokens.txt")}` : ""}; make more with: takt token create --role planner`);
      }
      const stop = async (sig: string) => {
        console.log(`\n${sig}: shutting down`);
        await rt.close();
        process.exit(0);
      };
      process.once("SIGINT", () => void stop("SIGINT"));
      process.once("SIGTERM", () => void stop("SIGTERM"));
    });
}

export function describeError(e: unknown): string {
  return isTaktError(e) ? e.message : e instanceof Error ? e.message : String(e);
}
