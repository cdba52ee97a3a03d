import { describeStoreContract } from "../contracts/store.contract.js";
import { dropPostgresSchema, openPostgresStore } from "../../src/adapters/sql/postgres.js";
import { PG_URL, uniqueName } from "./env.js";

describeStoreContract("postgres", async () => {
  const schema = uniqueName("takt_test");
  const store = await openPostgresStore({ url: PG_URL, schema });
  return {
    store,
    cleanup: async () => {
      await store.close();
      await dropPostgresSchema(PG_URL, schema);
    },
  };
});
