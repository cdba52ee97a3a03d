import { ManualClock } from "../../kernel/index.js";
import { describeExecutionContract } from "../../../test/contracts/execution.contract.js";
import { openSqliteStore } from "./sqlite.js";

describeExecutionContract("sqlite", async () => {
  const store = openSqliteStore({ dataDir: ":memory:", clock: new ManualClock("2026-01-05T06:00:00Z") });
  return { store, cleanup: () => store.close() };
});
