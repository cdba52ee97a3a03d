import { mkdtempSync, rmSync, statSync } from "node:fs";
import { describe, expect, it } from "vitest";
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

describe("sqlite WAL checkpoints in a worker thread", () => {
  it("keeps the WAL from growing without bound under a stream of commits, and loses nothing across close and reopen", async () => {
    const dir = mkdtempSync(join(tmpdir(), "takt-sqlite-ckpt-"));
    try {
      const store = openSqliteStore({ dataDir: dir });
      await store.migrate();
      const body = "x".repeat(2000);
      let maxWal = 0;
      // ~24 MB in 300 commits: SQLite's own checkpoint is off on this connection, so without the worker the WAL would hold all of it.
      for (let i = 0; i < 300; i++) {
        await store.transaction(async (tx) => {
          for (let k = 0; k < 40; k++) await tx.putDocument("bulk", `d${i}-${k}`, "any", { body, i, k });
        });
        if (i % 20 === 0) await new Promise((r) => setTimeout(r, 120));
        maxWal = Math.max(maxWal, statSync(join(dir, "takt.db-wal")).size);
      }
      expect(maxWal).toBeLessThan(16 * 1024 * 1024);
      // The checkpoints reached the database file itself.
      expect(statSync(join(dir, "takt.db")).size).toBeGreaterThan(4 * 1024 * 1024);
      await store.close();
      const again = openSqliteStore({ dataDir: dir });
      expect((await again.getDocument<{ i: number; k: number }>("bulk", "d299-39"))?.body).toMatchObject({ i: 299, k: 39 });
      await again.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 30_000);
});
