import type { Command } from "commander";
import { configHelp, loadConfig } from "../server/config.js";
import { openStore } from "../server/runtime.js";

/** `takt migrate`: applies pending store migrations (also done at every start). */
export function register(program: Command): void {
  program
    .command("migrate")
    .description("apply pending database migrations to the configured store")
    .option("--status", "only list applied and pending migrations")
    .option("--data-dir <dir>", "data folder of the embedded store (overrides TAKT_DATA_DIR)")
    .addHelpText("after", `\n${configHelp()}`)
    .action(async (o: { status?: boolean; dataDir?: string }) => {
      const config = loadConfig(process.env, o.dataDir ? { dataDir: o.dataDir } : {});
      const store = await openStore(config);
      try {
        if (o.status) {
          const { applied, pending } = await store.migrations();
          for (const m of applied) console.log(`applied  ${m}`);
          for (const m of pending) console.log(`pending  ${m}`);
        } else {
          const done = await store.migrate();
          console.log(done.length ? done.map((m) => `applied  ${m}`).join("\n") : `${store.kind}: up to date`);
        }
      } finally {
        await store.close();
      }
    });
}
