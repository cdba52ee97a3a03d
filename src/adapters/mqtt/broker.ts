import { createServer, type Server } from "node:net";
import { Aedes } from "aedes";

/**
 * The embedded MQTT broker (aedes, MQTT 3.1.1) Takt runs when no external broker is
 * configured. Devices connect to it; the platform's ingest takes their messages in-process in
 * aedes's authorizePublish step, which runs before the QoS 1 PUBACK, so a device's message is
 * acknowledged only after it is stored (see MqttIngest).
 */
export class EmbeddedBroker {
  private constructor(
    readonly aedes: Aedes,
    private readonly server: Server,
    readonly port: number,
  ) {}

  /**
   * Starts the broker on host:port (port 0 picks a free one).
   * @throws Error naming `setting` (e.g. TAKT_MQTT_PORT) when the port is taken.
   */
  static async start(opts: { host: string; port: number; setting?: string; concurrency?: number }): Promise<EmbeddedBroker> {
    // concurrency bounds messages in flight inside the broker; ingest holds acks until a batch commits.
    const aedes = await Aedes.createBroker({ concurrency: opts.concurrency ?? 20_000 });
    const server = createServer(aedes.handle);
    try {
      await new Promise<void>((resolve, reject) => {
        server.once("error", reject);
        server.listen(opts.port, opts.host, () => {
          server.off("error", reject);
          resolve();
        });
      });
    } catch (e) {
      await new Promise<void>((r) => aedes.close(() => r()));
      const err = e as NodeJS.ErrnoException;
      const setting = opts.setting ?? "TAKT_MQTT_PORT";
      if (err.code === "EADDRINUSE")
        throw new Error(`${setting}: port ${opts.port} on ${opts.host} is already in use (another MQTT broker?); choose another port with ${setting}, or use that broker with TAKT_MQTT_URL`);
      if (err.code === "EACCES") throw new Error(`${setting}: no permission to listen on port ${opts.port}`);
      throw e;
    }
    const addr = server.address();
    return new EmbeddedBroker(aedes, server, typeof addr === "object" && addr ? addr.port : opts.port);
  }

  async close(): Promise<void> {
    await new Promise<void>((r) => this.aedes.close(() => r()));
    await new Promise<void>((r) => this.server.close(() => r()));
  }
}
