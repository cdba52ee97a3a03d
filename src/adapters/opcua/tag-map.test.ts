import { describe, expect, it } from "vitest";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ValidationError } from "../../kernel/index.js";
import { loadTagMap, parseTagMap } from "./tag-map.js";

const plant = { hasLine: (l: string) => l === "A1", hasStation: (l: string, s: string) => l === "A1" && ["C04", "C10"].includes(s) };
const ok = { endpoint: "opc.tcp://plc:4840", line: "A1", tags: [{ nodeId: "ns=2;s=C04.Torque", station: "C04", meaning: "operation_value", characteristic: "torque", min: 40, max: 50 }] };
const issuesOf = (raw: unknown, opts = {}) => {
  try {
    parseTagMap(raw, { plant, ...opts });
  } catch (e) {
    expect(e).toBeInstanceOf(ValidationError);
    return (e as ValidationError).issues.map((i) => `${i.path}: ${i.message}`);
  }
  throw new Error("expected a ValidationError");
};

describe("tag map", () => {
  it("applies the defaults", () => {
    const m = parseTagMap(ok, { plant });
    expect(m).toMatchObject({ endpoint: "opc.tcp://plc:4840", securityMode: "None", securityPolicy: "None", user: null, publishingMs: 100 });
    expect(m.tags[0]).toMatchObject({ name: "ns=2;s=C04.Torque", line: "A1", samplingMs: 250, staleAfterMs: 0 });
    const sec = parseTagMap({ ...ok, securityMode: "SignAndEncrypt", user: { name: "takt", passwordEnv: "PLC_PW" }, defaults: { samplingMs: 100, staleAfterMs: 5000 } }, { env: { PLC_PW: "s3cret" } });
    expect(sec).toMatchObject({ securityMode: "SignAndEncrypt", securityPolicy: "Basic256Sha256", user: { name: "takt", password: "s3cret" } });
    expect(sec.tags[0]).toMatchObject({ samplingMs: 100, staleAfterMs: 5000 });
  });

  it("names the field of every schema error", () => {
    expect(issuesOf({ ...ok, endpoint: "http://plc" })).toEqual([expect.stringMatching(/^\/endpoint: /)]);
    expect(issuesOf({ ...ok, tags: [{ ...ok.tags[0], meaning: "torque" }] })).toEqual([expect.stringMatching(/^\/tags\/0\/meaning: must be one of current_unit, .*, telemetry$/)]);
    expect(issuesOf({ ...ok, tags: [{ ...ok.tags[0], nodeId: "C04.Torque" }] })).toEqual([expect.stringMatching(/^\/tags\/0\/nodeId: /)]);
    expect(issuesOf({ ...ok, tags: [{ ...ok.tags[0], sampling: 5 }] })).toEqual(["/tags/0/sampling: unknown field"]);
    expect(issuesOf({ ...ok, tags: [] })).toEqual([expect.stringMatching(/^\/tags: /)]);
  });

  it("checks what each meaning needs, the plant, duplicates and security", () => {
    expect(
      issuesOf({
        endpoint: "opc.tcp://plc:4840",
        securityMode: "Sign",
        securityPolicy: "None",
        user: { name: "takt" },
        tags: [
          { nodeId: "ns=2;s=a", station: "C04", meaning: "operation_value", min: 5, max: 1 },
          { nodeId: "ns=2;s=b", line: "B9", station: "C04", meaning: "part_serial" },
          { nodeId: "ns=2;s=a", line: "A1", station: "Z01", meaning: "telemetry" },
        ],
      }),
    ).toEqual([
      "/securityPolicy: security mode Sign needs a policy other than None",
      "/user/password: a password (or passwordEnv) is required with a user",
      "/tags/0/line: required when the map names no line",
      "/tags/0/characteristic: required for meaning operation_value (the measured value's name, e.g. torque)",
      "/tags/0/min: must not exceed max",
      "/tags/1/line: unknown line B9",
      "/tags/1/partNumber: required for meaning part_serial",
      "/tags/2/station: unknown station Z01 on line A1",
      "/tags/2/nodeId: node ns=2;s=a is mapped twice",
      "/tags/2/name: required for meaning telemetry (the telemetry tag name)",
    ]);
    expect(issuesOf({ ...ok, user: { name: "takt", passwordEnv: "NOPE_PW" } }, { env: {} })).toEqual(["/user/passwordEnv: environment variable NOPE_PW is not set"]);
  });

  it("loads a file, naming it in the error; unreadable files and bad JSON are clear errors too", async () => {
    const dir = mkdtempSync(join(tmpdir(), "takt-tagmap-"));
    const good = join(dir, "good.json");
    writeFileSync(good, JSON.stringify(ok));
    expect((await loadTagMap(good, { plant })).tags).toHaveLength(1);
    const bad = join(dir, "bad.json");
    writeFileSync(bad, JSON.stringify({ ...ok, tags: [{ ...ok.tags[0], station: "X1" }] }));
    await expect(loadTagMap(bad, { plant })).rejects.toThrow(`${bad}: invalid OPC UA tag map: /tags/0/station: unknown station X1 on line A1`);
    writeFileSync(bad, "{ nope");
    await expect(loadTagMap(bad)).rejects.toThrow(/bad\.json: tag map is not JSON/);
    await expect(loadTagMap(join(dir, "missing.json"))).rejects.toThrow(/^TAKT_OPCUA_TAGMAP: cannot read .*missing\.json/);
  });
});
