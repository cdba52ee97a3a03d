import type { OPCUAServer, UAObject } from "node-opcua";
import { loadNodeOpcua, type NodeOpcuaLogger } from "./node-opcua-log.js";

/** What the OPC UA server shows of one station, read live at every client read or sample. */
export interface StationSnapshot {
  /** Takt station state: idle, executing, blocked, starved, faulted. */
  readonly state: string;
  /** OPC 40001-1 MachineryItemState: NotAvailable, OutOfService, NotExecuting, Executing. */
  readonly machineryItemState: string;
  readonly unit: string | null;
  readonly andon: string | null;
  readonly fault: string | null;
}

export interface LineServerOptions {
  readonly port: number;
  readonly lines: readonly { readonly code: string; readonly name: string; readonly stations: readonly string[] }[];
  readonly station: (line: string, station: string) => StationSnapshot | undefined;
  readonly completed: (line: string) => number;
  /** How often subscribed clients may get samples, ms (default 250). */
  readonly samplingMs?: number;
  /** Where node-opcua's own warnings go (default stderr; see routeNodeOpcuaLogs). */
  readonly log?: NodeOpcuaLogger;
}

/**
 * Takt's own OPC UA server (node-opcua): lines and stations with their states and current units,
 * so SCADA and MES clients read the line as they read a machine. Address space:
 *
 *   Objects/Takt/<line>/UnitsCompleted
 *   Objects/Takt/<line>/<station>/{State, MachineryItemState, CurrentUnit, Andon, Fault}
 *
 * with string node ids `ns=1;s=<line>.<station>.<variable>` (e.g. `ns=1;s=A1.C04.State`).
 * MachineryItemState carries the state name of OPC 40001-1 as a String; the full companion
 * specification object types (MachineryItemState state machine, identification) are not modelled.
 * Values are read live from the tracking state. Security: None (a plant network endpoint).
 */
export class LineOpcuaServer {
  private constructor(private readonly server: OPCUAServer) {}

  get endpointUrl(): string {
    return this.server.getEndpointUrl();
  }

  get port(): number {
    return this.server.endpoints[0]!.port;
  }

  static async start(o: LineServerOptions): Promise<LineOpcuaServer> {
    // Loaded here, not at module load: node-opcua takes seconds to import, and the CLI bundle
    // must not pay for it in commands that run no OPC UA server. Its warnings go to our logger.
    const { DataType, OPCUAServer, Variant } = await loadNodeOpcua(o.log);
    const server = new OPCUAServer({ port: o.port, resourcePath: "/takt", buildInfo: { productName: "Takt", manufacturerName: "Takt" } });
    await server.initialize();
    const space = server.engine.addressSpace!;
    const ns = space.getOwnNamespace();
    const root = ns.addObject({ organizedBy: space.rootFolder.objects, browseName: "Takt", nodeId: "s=Takt" });
    const sampling = o.samplingMs ?? 250;
    const str = (get: () => string | null) => ({ get: () => new Variant({ dataType: DataType.String, value: get() ?? "" }) });
    for (const l of o.lines) {
      const line: UAObject = ns.addObject({ componentOf: root, browseName: l.code, nodeId: `s=${l.code}`, description: l.name });
      ns.addVariable({ componentOf: line, browseName: "UnitsCompleted", nodeId: `s=${l.code}.UnitsCompleted`, dataType: "UInt32", minimumSamplingInterval: sampling, value: { get: () => new Variant({ dataType: DataType.UInt32, value: o.completed(l.code) }) } });
      for (const code of l.stations) {
        const st = ns.addObject({ componentOf: line, browseName: code, nodeId: `s=${l.code}.${code}` });
        const snap = () => o.station(l.code, code);
        const v = (name: string, get: () => string | null) =>
          ns.addVariable({ componentOf: st, browseName: name, nodeId: `s=${l.code}.${code}.${name}`, dataType: "String", minimumSamplingInterval: sampling, value: str(get) });
        v("State", () => snap()?.state ?? null);
        v("MachineryItemState", () => snap()?.machineryItemState ?? "NotAvailable");
        v("CurrentUnit", () => snap()?.unit ?? null);
        v("Andon", () => snap()?.andon ?? null);
        v("Fault", () => snap()?.fault ?? null);
      }
    }
    try {
      await server.start();
    } catch (e) {
      await server.shutdown(0).catch(() => undefined);
      const err = e as NodeJS.ErrnoException;
      if (err.code === "EADDRINUSE" || /EADDRINUSE/.test(String(err.message))) throw new Error(`TAKT_OPCUA_PORT: port ${o.port} is already in use`);
      throw e;
    }
    return new LineOpcuaServer(server);
  }

  async close(): Promise<void> {
    await this.server.shutdown(0);
  }
}
