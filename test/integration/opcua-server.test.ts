import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AttributeIds, ClientMonitoredItem, ClientSubscription, OPCUAClient, TimestampsToReturn, type ClientSession, type DataValue } from "node-opcua";
import { systemClock } from "../../src/kernel/index.js";
import type { StationSignal } from "../../src/execution/index.js";
import { ExecutionIngest } from "../../src/workflows/execution/index.js";
import { SqlExecutionRepository } from "../../src/adapters/sql/execution-repository.js";
import { openSqliteStore } from "../../src/adapters/sql/sqlite.js";
import type { SqlStore } from "../../src/adapters/sql/sql-store.js";
import type { LineOpcuaServer } from "../../src/adapters/opcua/line-server.js";
import { startOpcua } from "../../src/server/execution-runtime.js";

/** Takt's OPC UA server, read and subscribed to by a real OPC UA client (node-opcua). */
let store: SqlStore;
let exec: ExecutionIngest;
let server: LineOpcuaServer;
let client: OPCUAClient;
let session: ClientSession;
const layout = { code: "A1", stations: ["T01", "T02"], taktMs: 90_000 };
const sig = (s: Omit<StationSignal, "line" | "at"> & Record<string, unknown>) => ({ ...s, line: "A1", at: Date.now() }) as StationSignal;

beforeAll(async () => {
  store = openSqliteStore({ dataDir: ":memory:" });
  await store.migrate();
  exec = new ExecutionIngest(store, new SqlExecutionRepository(store), [layout], systemClock);
  await exec.start();
  server = await startOpcua(0, exec, [layout]);
  client = OPCUAClient.create({ endpointMustExist: false, connectionStrategy: { maxRetry: 2, initialDelay: 100 } });
  await client.connect(server.endpointUrl);
  session = await client.createSession();
}, 60_000);
afterAll(async () => {
  await session?.close();
  await client?.disconnect();
  await server?.close();
  await store?.close();
});

describe("OPC UA server of the line", () => {
  it("exposes station states (OPC 40001-1 MachineryItemState), current units and andons, live", async () => {
    const read = async (id: string) => (await session.read({ nodeId: `ns=1;s=${id}`, attributeId: AttributeIds.Value })).value.value as unknown;
    expect(await read("A1.T01.State")).toBe("idle");
    const sub = ClientSubscription.create(session, { requestedPublishingInterval: 100, requestedMaxKeepAliveCount: 10, publishingEnabled: true });
    const item = ClientMonitoredItem.create(sub, { nodeId: "ns=1;s=A1.T01.CurrentUnit", attributeId: AttributeIds.Value }, { samplingInterval: 100, queueSize: 10 }, TimestampsToReturn.Both);
    const seen: string[] = [];
    item.on("changed", (dv: DataValue) => seen.push(String(dv.value.value)));
    await exec.apply({ signals: [sig({ kind: "unit_entered", id: "1", station: "T01", unit: "unit_7" }), sig({ kind: "andon_raised", id: "2", station: "T01", reason: "torque" })], telemetry: [], deadLetters: [] });
    expect(await read("A1.T01.State")).toBe("executing");
    expect(await read("A1.T01.MachineryItemState")).toBe("Executing");
    expect(await read("A1.T01.CurrentUnit")).toBe("unit_7");
    expect(await read("A1.T01.Andon")).toBe("torque");
    const t0 = Date.now();
    while (!seen.includes("unit_7") && Date.now() - t0 < 5000) await new Promise((r) => setTimeout(r, 50));
    expect(seen).toContain("unit_7");
    await sub.terminate();
  });
});
