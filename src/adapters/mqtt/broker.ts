import { createServer, type Server } from "node:net";
import { createServer as createTlsServer } from "node:tls";
import { Aedes, type AuthenticateError } from "aedes";

/**
 * Checks a device's CONNECT credentials: resolves to whether it may connect. Throws only when
 * the check itself failed (the store is down): the device is then told the server is unavailable.
 */
export type DeviceAuthenticator = (username: string | undefined, password: string | undefined, clientId: string) => Promise<boolean>;

export interface EmbeddedBrokerOptions {
  readonly host: string;
  readonly port: number;
  /** The setting named in errors (default TAKT_MQTT_PORT). */
  readonly setting?: string;
  readonly concurrency?: number;
  /** Without it every device may connect. */
  readonly authenticate?: DeviceAuthenticator;
  /** MQTT over TLS (mqtts) with this certificate and key (PEM) instead of plain TCP. */
  readonly tls?: { readonly cert: string | Buffer; readonly key: string | Buffer };
}

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
  static async start(opts: EmbeddedBrokerOptions): Promise<EmbeddedBroker> {
    // concurrency bounds messages in flight inside the broker; ingest holds acks until a batch commits.
    const auth = opts.authenticate;
    const aedes = await Aedes.createBroker({
      concurrency: opts.concurrency ?? 20_000,
      ...(auth
        ? {
            authenticate: (client, username, password, done) => {
              auth(username, password?.toString("utf8"), client.id).then(
                (ok) => done(ok ? null : refusal("not authorized", 5), ok),
                () => done(refusal("server unavailable", 3), false),
              );
            },
          }
        : {}),
    });
    const server = opts.tls ? createTlsServer({ cert: opts.tls.cert, key: opts.tls.key }, aedes.handle) : createServer(aedes.handle);
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

/** An aedes authentication refusal with its MQTT 3.1.1 CONNACK return code. */
function refusal(message: string, returnCode: AuthenticateError["returnCode"]): AuthenticateError {
  return Object.assign(new Error(message), { returnCode }) as AuthenticateError;
}
