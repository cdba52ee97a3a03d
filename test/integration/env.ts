/** Addresses of the real servers the integration tests talk to (started by .ci/run or the machine). */
export const PG_URL = process.env["TAKT_TEST_DATABASE_URL"] ?? "postgres://postgres@127.0.0.1:5432/test";
export const NATS_URL = process.env["TAKT_TEST_NATS_URL"] ?? "nats://127.0.0.1:4222";
export const MQTT_URL = process.env["TAKT_TEST_MQTT_URL"] ?? "mqtt://127.0.0.1:1883";

/** A schema/stream name unique to this test run. */
export function uniqueName(prefix: string): string {
  return `${prefix}_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
}
