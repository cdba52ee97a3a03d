import { createServer } from "node:net";

/** Addresses of the real servers the integration tests talk to (started by .ci/run or the machine). */
export const PG_URL = process.env["TAKT_TEST_DATABASE_URL"] ?? "postgres://postgres@127.0.0.1:5432/test";
export const NATS_URL = process.env["TAKT_TEST_NATS_URL"] ?? "nats://127.0.0.1:4222";
export const MQTT_URL = process.env["TAKT_TEST_MQTT_URL"] ?? "mqtt://127.0.0.1:1883";

/** A schema/stream name unique to this test run. */
export function uniqueName(prefix: string): string {
  return `${prefix}_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
}

/** A TCP port on 127.0.0.1 that was free a moment ago (for servers a test starts and restarts on one port). */
export const freePort = (): Promise<number> =>
  new Promise<number>((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => resolve(p));
    });
  });
