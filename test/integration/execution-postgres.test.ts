import { ManualClock } from "../../src/kernel/index.js";
import { describeExecutionContract } from "../contracts/execution.contract.js";
import { dropPostgresSchema, openPostgresStore } from "../../src/adapters/sql/postgres.js";
import { PG_URL, uniqueName } from "./env.js";

describeExecutionContract("postgres", async () => {
  const schema = uniqueName("takt_exec");
  const store = await openPostgresStore({ url: PG_URL, schema, clock: new ManualClock("2026-01-05T06:00:00Z") });
  return {
    store,
    cleanup: async () => {
      await store.close();
      await dropPostgresSchema(PG_URL, schema);
    },
  };
});
