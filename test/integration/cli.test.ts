import { afterAll, describe, expect, it } from "vitest";
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

const dir = mkdtempSync(join(tmpdir(), "takt-cli-"));
const env = { ...process.env, TAKT_DATA_DIR: dir, TAKT_LOG_LEVEL: "silent", TAKT_DATABASE_URL: "", TAKT_NATS_URL: "", TAKT_MQTT_PORT: "0", TAKT_MQTT_URL: "" };
const takt = (...args: string[]) => spawnSync(process.execPath, ["bin/takt.mjs", ...args], { env, encoding: "utf8", timeout: 60_000 });

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("takt CLI", { timeout: 120_000 }, () => {
  it("has help on every command", () => {
    const r = takt("--help");
    expect(r.stdout).toMatch(/serve/);
    expect(r.stdout).toMatch(/migrate/);
    expect(r.stdout).toMatch(/token/);
    expect(takt("serve", "--help").stdout).toContain("TAKT_DATABASE_URL");
  });

  it("migrates, creates tokens and refuses a bad role", () => {
    expect(takt("migrate").stdout).toContain("applied  0001_event_log");
    expect(takt("migrate").stdout).toContain("up to date");
    const t = takt("token", "create", "--role", "planner", "--name", "night shift");
    expect(t.status).toBe(0);
    expect(t.stdout.trim().split("\n").at(-1)).toMatch(/^tok_[0-9a-z]+\.[A-Za-z0-9_-]{43}$/);
    const bad = takt("token", "create", "--role", "wizard");
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain("--role");
    const noCustomer = takt("token", "create", "--role", "customer", "--customer", "cus_nobody");
    expect(noCustomer.status).toBe(2);
    expect(noCustomer.stderr).toContain("cus_nobody");
    expect(takt("token", "list").stdout).toContain("night shift");
  });

  it("imports catalogs into the store: a product model as a published version, a DIMACS file as a counted space", () => {
    const r = takt("catalog", "import", "src/catalog/demo/velo.json");
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/published product takt-velo version \S+: 36448313216 configurations/);
    const cnf = join(dir, "tiny.dimacs");
    writeFileSync(cnf, "c 1 a\nc 2 b\nc 3 c\np cnf 3 2\n1 2 0\n-1 3 0\n");
    const d = takt("catalog", "import", cnf);
    expect(d.stdout).toContain("stored dimacs catalog tiny.dimacs: 4 configurations");
  });

  it("serves, printing its URL and the demo tokens at first start; a taken port is a clear error", async () => {
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, "127.0.0.1", r));
    const taken = (blocker.address() as { port: number }).port;
    const busy = takt("serve", "--port", String(taken));
    blocker.close();
    expect(busy.status).toBe(2);
    expect(busy.stderr).toContain("TAKT_PORT");

    const child = spawn(process.execPath, ["bin/takt.mjs", "serve", "--port", "0"], { env });
    let out = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    const t0 = Date.now();
    while (!/device\s+tok_/.test(out) && Date.now() - t0 < 60_000) await new Promise((r) => setTimeout(r, 50));
    const url = /Takt listening on (http:\/\/\S+)/.exec(out)![1]!;
    expect(out).toMatch(/customer\s+tok_/);
    const health = await fetch(`${url}/healthz`);
    expect(health.status).toBe(200);
    const page = await fetch(`${url}/`);
    expect(page.status).toBe(200);
    child.kill("SIGTERM");
    await new Promise((r) => child.once("exit", r));
  });
});
