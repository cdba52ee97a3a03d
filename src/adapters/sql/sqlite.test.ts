import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describeStoreContract } from "../../../test/contracts/store.contract.js";
import { openSqliteStore } from "./sqlite.js";

describeStoreContract("sqlite (file, WAL)", async () => {
  const dir = mkdtempSync(join(tmpdir(), "takt-sqlite-"));
  const store = openSqliteStore({ dataDir: dir });
  return {
    store,
    cleanup: async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});
