import { execFile, spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { ROOT } from "./paths.js";

const run = promisify(execFile);
const CLI = join(ROOT, "bin", "takt.mjs");
const LISTENING = /Takt listening on (http:\/\/127\.0\.0\.1:\d+)/;

export interface TaktServer {
  /** Base URL, e.g. http://127.0.0.1:43121 */
  readonly url: string;
  readonly dataDir: string;
  /** Creates a token with the CLI against this server's store; resolves with the token. */
  mintToken(role: string, customerId?: string): Promise<string>;
  /** Revokes a token (by its id, see GET /api/v1/me) with the CLI. */
  revokeToken(tokenId: string): Promise<void>;
  /** Calls the API as the given token (for setup the UI does not cover yet). */
  api<T>(token: string, method: string, path: string, body?: unknown): Promise<T>;
  /** Everything the server printed so far (for failure messages). */
  output(): string;
  stop(): Promise<void>;
}

/**
 * The child's environment: the caller's, minus every TAKT_ variable (so a developer's or CI's
 * PostgreSQL or NATS settings cannot leak in), plus a fresh embedded store.
 */
function serverEnv(dataDir: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith("TAKT_")) env[k] = v;
  return { ...env, TAKT_DATA_DIR: dataDir, TAKT_LOG_LEVEL: "warn", TAKT_MQTT_PORT: "0" };
}

/** Starts `takt serve --port 0` on a fresh data folder and waits for its "listening" line. */
export async function startTaktServer(timeoutMs = 60_000): Promise<TaktServer> {
  const dataDir = mkdtempSync(join(tmpdir(), "takt-e2e-"));
  const env = serverEnv(dataDir);
  const child = spawn(process.execPath, [CLI, "serve", "--port", "0"], { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
  let log = "";
  child.stdout.setEncoding("utf8").on("data", (d: string) => (log += d));
  child.stderr.setEncoding("utf8").on("data", (d: string) => (log += d));

  let url: string;
  try {
    url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`takt serve did not report listening within ${timeoutMs} ms`)), timeoutMs);
      const onData = (): void => {
        const m = LISTENING.exec(log);
        if (m) {
          clearTimeout(timer);
          child.stdout.off("data", onData);
          resolve(m[1]!);
        }
      };
      child.stdout.on("data", onData);
      child.once("exit", (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`takt serve exited early (${code ?? signal})`));
      });
    });
  } catch (err) {
    await stopChild(child);
    rmSync(dataDir, { recursive: true, force: true });
    throw new Error(`${(err as Error).message}\n--- server output ---\n${log}`);
  }

  return {
    url,
    dataDir,
    output: () => log,
    async mintToken(role, customerId) {
      const args = [CLI, "token", "create", "--role", role, ...(customerId ? ["--customer", customerId] : [])];
      const { stdout } = await run(process.execPath, args, { cwd: ROOT, env, timeout: 60_000 });
      const token = stdout.trim().split(/\r?\n/).pop()?.trim();
      if (!token) throw new Error(`token create printed no token:\n${stdout}`);
      return token;
    },
    async revokeToken(tokenId) {
      await run(process.execPath, [CLI, "token", "revoke", tokenId], { cwd: ROOT, env, timeout: 60_000 });
    },
    async api<T>(token: string, method: string, path: string, body?: unknown): Promise<T> {
      const res = await fetch(`${url}${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { "content-type": "application/json" }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await res.text();
      if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
      return JSON.parse(text) as T;
    },
    async stop() {
      await stopChild(child);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** SIGTERM, then SIGKILL if the process has not exited within 5 s. */
async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
  await exited;
  clearTimeout(timer);
}
