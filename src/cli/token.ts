import type { Command } from "commander";
import { isRole, ROLES, systemClock } from "../kernel/index.js";
import { loadConfig } from "../server/config.js";
import { openStore } from "../server/runtime.js";
import { createToken } from "../workflows/tokens.js";

/** `takt token create|list|revoke`: API tokens, stored hashed. */
export function register(program: Command): void {
  const token = program.command("token").description("manage API tokens (stored hashed; a token's secret is shown once)");
  token
    .command("create")
    .description("create a token and print it (the last line of output is the token alone)")
    .requiredOption("-r, --role <role>", `one of ${ROLES.join(", ")}`)
    .option("-c, --customer <id>", "customer id (required for --role customer)")
    .option("-n, --name <name>", "a name to recognise the token by")
    .option("--data-dir <dir>", "data folder of the embedded store (overrides TAKT_DATA_DIR)")
    .action(async (o: { role: string; customer?: string; name?: string; dataDir?: string }) => {
      if (!isRole(o.role)) {
        console.error(`--role: must be one of ${ROLES.join(", ")} (got ${o.role})`);
        process.exit(2);
      }
      const config = loadConfig(process.env, o.dataDir ? { dataDir: o.dataDir } : {});
      const store = await openStore(config);
      try {
        await store.migrate();
        if (o.customer && !(await store.getDocument("customers", o.customer))) {
          console.error(`--customer: customer ${o.customer} not found`);
          process.exit(2);
        }
        const { token: t, record } = await createToken(store, { role: o.role, customerId: o.customer ?? null, ...(o.name ? { name: o.name } : {}) }, systemClock);
        console.error(`created ${record.id} (${record.role}${record.customerId ? `, customer ${record.customerId}` : ""})`);
        console.log(t);
      } catch (e) {
        console.error(e instanceof Error ? e.message : e);
        process.exitCode = 2;
      } finally {
        await store.close();
      }
    });
  token
    .command("list")
    .description("list tokens (never their secrets)")
    .option("--data-dir <dir>", "data folder of the embedded store")
    .action(async (o: { dataDir?: string }) => {
      const store = await openStore(loadConfig(process.env, o.dataDir ? { dataDir: o.dataDir } : {}));
      try {
        await store.migrate();
        for (const t of await store.tokens.list())
          console.log([t.id, t.role.padEnd(9), t.customerId ?? "-", t.revokedAt ? `revoked ${t.revokedAt}` : "active", t.name].join("  "));
      } finally {
        await store.close();
      }
    });
  token
    .command("revoke <id>")
    .description("revoke a token")
    .option("--data-dir <dir>", "data folder of the embedded store")
    .action(async (id: string, o: { dataDir?: string }) => {
      const store = await openStore(loadConfig(process.env, o.dataDir ? { dataDir: o.dataDir } : {}));
      try {
        const ok = await store.tokens.revoke(id, new Date().toISOString());
        console.log(ok ? `revoked ${id}` : `no active token ${id}`);
        if (!ok) process.exitCode = 1;
      } finally {
        await store.close();
      }
    });
}
