import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connect } from "node:net";
import mqtt from "mqtt";
import mqttPacket from "mqtt-packet";
import { systemClock } from "../../src/kernel/index.js";
import { ExecutionIngest } from "../../src/workflows/execution/index.js";
import { SqlExecutionRepository } from "../../src/adapters/sql/execution-repository.js";
import { openSqliteStore } from "../../src/adapters/sql/sqlite.js";
import type { SqlStore } from "../../src/adapters/sql/sql-store.js";
import { MqttIngest } from "../../src/adapters/mqtt/ingest.js";
import { EmbeddedBroker } from "../../src/adapters/mqtt/broker.js";
import { freePort, uniqueName } from "./env.js";

/**
 * An external broker over TLS with credentials, as a plant's IT would run it: a real Mosquitto
 * started by the test with a CA made by openssl, one listener with user name and password, one
 * that requires a client certificate. Takt ingests through both; wrong credentials and an
 * untrusted broker certificate are refused with errors that say why.
 */
const LINE = "A1";
let dir: string;
let broker: ChildProcess | null = null;
let pwPort = 0;
let certPort = 0;
let store: SqlStore;
let repo: SqlExecutionRepository;
const pem = (f: string) => readFileSync(join(dir, f));

function openssl(...args: string[]): void {
  execFileSync("openssl", args, { cwd: dir, stdio: "pipe" });
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "takt-mqtt-tls-"));
  const days = "3650";
  openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.crt", "-days", days, "-subj", "/CN=Takt test CA");
  // The broker's certificate for 127.0.0.1 and localhost, and a client certificate (CN = its user name).
  writeFileSync(join(dir, "san.ext"), "subjectAltName=IP:127.0.0.1,DNS:localhost\n");
  openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=127.0.0.1");
  openssl("x509", "-req", "-in", "server.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial", "-out", "server.crt", "-days", days, "-extfile", "san.ext");
  openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", "client.key", "-out", "client.csr", "-subj", "/CN=takt-ingest");
  openssl("x509", "-req", "-in", "client.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial", "-out", "client.crt", "-days", days);
  // A second CA that signed nothing here: a broker certificate is not trusted with it.
  openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "other.key", "-out", "other.crt", "-days", days, "-subj", "/CN=Other CA");
  execFileSync("mosquitto_passwd", ["-b", "-c", join(dir, "passwd"), "takt", "s3cret:with@chars"], { stdio: "pipe" });
  pwPort = await freePort();
  certPort = await freePort();
  const tls = `cafile ${dir}/ca.crt\ncertfile ${dir}/server.crt\nkeyfile ${dir}/server.key\n`;
  writeFileSync(
    join(dir, "mosquitto.conf"),
    `per_listener_settings true\nuser root\npersistence false\nlog_dest stderr\n` +
      `listener ${pwPort} 127.0.0.1\n${tls}allow_anonymous false\npassword_file ${dir}/passwd\n` +
      `listener ${certPort} 127.0.0.1\n${tls}require_certificate true\nuse_identity_as_username true\nallow_anonymous false\n`,
  );
  broker = spawn("mosquitto", ["-c", join(dir, "mosquitto.conf")], { stdio: ["ignore", "ignore", "pipe"] });
  let log = "";
  broker.stderr!.on("data", (d: Buffer) => (log += d.toString()));
  const t0 = Date.now();
  while (!/Opening ipv4 listen socket on port \d+[\s\S]*Opening ipv4 listen socket on port \d+/.test(log)) {
    if (broker.exitCode !== null || Date.now() - t0 > 10_000) throw new Error(`mosquitto did not start: ${log}`);
    await new Promise((r) => setTimeout(r, 25));
  }
  store = openSqliteStore({ dataDir: ":memory:" });
  await store.migrate();
  repo = new SqlExecutionRepository(store);
}, 30_000);

afterAll(async () => {
  broker?.kill("SIGTERM");
  await store?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function platform(source: Parameters<typeof MqttIngest.start>[0]["source"]): Promise<MqttIngest> {
  const exec = new ExecutionIngest(store, repo, [{ code: LINE, stations: ["T01", "C04"], taktMs: 90_000 }], systemClock);
  await exec.start();
  return MqttIngest.start({ source, plant: { hasLine: (l) => l === LINE, hasStation: (l, s) => exec.hasStation(l, s) }, sink: (b) => exec.apply(b), clock: systemClock, maxBatch: 20 });
}

async function until(cond: () => Promise<boolean>, ms = 8000): Promise<void> {
  const t0 = Date.now();
  while (!(await cond())) {
    if (Date.now() - t0 > ms) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** A device publishing one torque sample over TLS with the password listener's credentials. */
async function publishTorque(id: string, value: number): Promise<void> {
  const dev = await mqtt.connectAsync(`mqtts://127.0.0.1:${pwPort}`, { ca: pem("ca.crt"), username: "takt", password: "s3cret:with@chars", clientId: uniqueName("dev"), reconnectPeriod: 0 });
  await dev.publishAsync(`takt/v1/${LINE}/C04/telemetry`, JSON.stringify({ id, at: Date.now(), tags: { torque: value } }), { qos: 1 });
  await dev.endAsync();
}

const torque = async () => (await repo.latestTags(LINE, "C04")).find((t) => t.tag === "torque")?.value;

describe("external broker over TLS with credentials (real Mosquitto)", () => {
  it("ingests with a user name and password given in the URL (percent-encoded) and the broker's CA", async () => {
    const ingest = await platform({
      kind: "external",
      url: `mqtts://takt:${encodeURIComponent("s3cret:with@chars")}@127.0.0.1:${pwPort}`,
      clientId: uniqueName("takt-pw"),
      tls: { ca: pem("ca.crt") },
    });
    await publishTorque("t1", 41.5);
    await until(async () => (await torque()) === 41.5);
    expect(ingest.stats.connected).toBe(true);
    await ingest.stop();
  });

  it("ingests with a client certificate (the broker takes the certificate's CN as the user)", async () => {
    const ingest = await platform({
      kind: "external",
      url: `mqtts://localhost:${certPort}`,
      clientId: uniqueName("takt-cert"),
      tls: { ca: pem("ca.crt"), cert: pem("client.crt"), key: pem("client.key") },
    });
    await publishTorque("t2", 43);
    await until(async () => (await torque()) === 43);
    await ingest.stop();
  });

  it("refuses a wrong password with the broker's reason and without the password in the message", async () => {
    const err = await platform({ kind: "external", url: `mqtts://127.0.0.1:${pwPort}`, clientId: uniqueName("takt-bad"), username: "takt", password: "wrong-pw", tls: { ca: pem("ca.crt") } }).catch((e: Error) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toMatch(/refused the connection: (not authorized|bad user name or password)/);
    expect((err as Error).message).not.toContain("wrong-pw");
  });

  it("does not connect to a broker whose certificate its CA did not sign, and says so", async () => {
    const err = await platform({ kind: "external", url: `mqtts://takt:pw@127.0.0.1:${pwPort}`, clientId: uniqueName("takt-untrusted"), tls: { ca: pem("other.crt") } }).catch((e: Error) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toMatch(/cannot connect to MQTT broker mqtts:\/\/takt:\*\*\*@127\.0\.0\.1:\d+: .*certificate/i);
  });

  it("without a client certificate the certificate listener refuses", async () => {
    const err = await platform({ kind: "external", url: `mqtts://localhost:${certPort}`, clientId: uniqueName("takt-nocert"), tls: { ca: pem("ca.crt") } }).catch((e: Error) => e);
    expect(err).toBeInstanceOf(Error);
  });

  it("the embedded broker serves devices over TLS too (TAKT_MQTT_BROKER_CERT/KEY)", async () => {
    const broker = await EmbeddedBroker.start({ host: "127.0.0.1", port: 0, tls: { cert: pem("server.crt"), key: pem("server.key") } });
    const ingest = await platform({ kind: "embedded", broker });
    const dev = await mqtt.connectAsync(`mqtts://127.0.0.1:${broker.port}`, { ca: pem("ca.crt"), clientId: uniqueName("dev"), reconnectPeriod: 0 });
    await dev.publishAsync(`takt/v1/${LINE}/C04/telemetry`, JSON.stringify({ id: "t3", at: Date.now(), tags: { torque: 44 } }), { qos: 1 });
    await dev.endAsync();
    // The PUBACK came after storing: the value is there already.
    expect(await torque()).toBe(44);
    // A plain-TCP client gets no MQTT session from a TLS listener.
    const plain = await new Promise<string>((resolve) => {
      const sock = connect(broker.port, "127.0.0.1", () => sock.write(mqttPacket.generate({ cmd: "connect", protocolId: "MQTT", protocolVersion: 4, clientId: "plain", clean: true, keepalive: 10 })));
      sock.on("data", () => resolve("connected"));
      sock.on("error", () => undefined);
      sock.on("close", () => resolve("refused"));
    });
    expect(plain).toBe("refused");
    await ingest.stop();
    await broker.close();
  });
});
