import type * as NodeOpcua from "node-opcua";
import type { OPCUAServer, UAVariable } from "node-opcua";
import { loadNodeOpcua, type NodeOpcuaLogger } from "./node-opcua-log.js";

/** A variable of a device server: string node id `ns=1;s=<id>`. */
export interface DeviceVariable {
  readonly id: string;
  readonly dataType: "String" | "Double" | "Boolean";
  readonly initial: string | number | boolean;
}

export interface DeviceServerOptions {
  readonly port: number;
  readonly variables: readonly DeviceVariable[];
  /** The endpoint path (default /device). */
  readonly resourcePath?: string;
  /** When set, only these user names and passwords may open a session (and anonymous may not). */
  readonly users?: Readonly<Record<string, string>>;
  /** Where node-opcua's own warnings go (default stderr; see routeNodeOpcuaLogs). */
  readonly log?: NodeOpcuaLogger;
}

/**
 * An OPC UA server standing in for a plant device (a nut runner, a PLC): flat variables whose
 * values the owner sets, each change stamped with its source time. The simulator serves its
 * OPC UA stations through it; tests use it as "the external server" Takt subscribes to.
 * Variables report every change (exception-based sampling, minimum sampling interval 0).
 */
export class DeviceOpcuaServer {
  private constructor(
    private readonly server: OPCUAServer,
    private readonly vars: Map<string, { v: UAVariable; type: DeviceVariable["dataType"] }>,
    private readonly ua: typeof NodeOpcua,
  ) {}

  get endpointUrl(): string {
    return this.server.getEndpointUrl();
  }

  get port(): number {
    return this.server.endpoints[0]!.port;
  }

  /** @throws Error naming the port when it is taken. */
  static async start(o: DeviceServerOptions): Promise<DeviceOpcuaServer> {
    const ua = await loadNodeOpcua(o.log);
    const server = new ua.OPCUAServer({
      port: o.port,
      resourcePath: o.resourcePath ?? "/device",
      buildInfo: { productName: "Takt device simulator", manufacturerName: "Takt" },
      serverCapabilities: { minSupportedSampleRate: 0 },
      ...(o.users ? { allowAnonymous: false, userManager: { isValidUser: (user: string, password: string) => o.users![user] === password } } : {}),
    });
    await server.initialize();
    const space = server.engine.addressSpace!;
    const ns = space.getOwnNamespace();
    const folder = ns.addFolder(space.rootFolder.objects, { browseName: "Device" });
    const vars = new Map<string, { v: UAVariable; type: DeviceVariable["dataType"] }>();
    for (const d of o.variables) {
      const v = ns.addVariable({ organizedBy: folder, browseName: d.id, nodeId: `s=${d.id}`, dataType: d.dataType, minimumSamplingInterval: 0, accessLevel: "CurrentRead | CurrentWrite", userAccessLevel: "CurrentRead | CurrentWrite" });
      v.setValueFromSource(new ua.Variant({ dataType: ua.DataType[d.dataType], value: d.initial }), ua.StatusCodes.Good);
      vars.set(d.id, { v, type: d.dataType });
    }
    try {
      await server.start();
    } catch (e) {
      await server.shutdown(0).catch(() => undefined);
      if (/EADDRINUSE/.test(String((e as Error).message)) || (e as NodeJS.ErrnoException).code === "EADDRINUSE") throw new Error(`OPC UA port ${o.port} is already in use`);
      throw e;
    }
    return new DeviceOpcuaServer(server, vars, ua);
  }

  /** Sets a variable's value with its source time (default now); `bad` sets a bad status (e.g. a sensor failure). */
  set(id: string, value: string | number | boolean, opts: { at?: number; bad?: boolean } = {}): void {
    const x = this.vars.get(id);
    if (!x) throw new RangeError(`no variable ${id}`);
    const ua = this.ua;
    x.v.setValueFromSource(new ua.Variant({ dataType: ua.DataType[x.type], value }), opts.bad ? ua.StatusCodes.BadSensorFailure : ua.StatusCodes.Good, new Date(opts.at ?? Date.now()));
  }

  /** Resolves true once a client holds a subscription (false after `timeoutMs`). */
  async waitForSubscriber(timeoutMs: number): Promise<boolean> {
    const t0 = Date.now();
    while (this.server.currentSubscriptionCount === 0) {
      if (Date.now() - t0 > timeoutMs) return false;
      await new Promise((r) => setTimeout(r, 100));
    }
    return true;
  }

  async close(): Promise<void> {
    await this.server.shutdown(0);
  }
}
