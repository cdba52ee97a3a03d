import { afterEach, describe, expect, it, vi } from "vitest";
import { logNodeOpcua, nodeOpcuaCode, routeNodeOpcuaLogs } from "./node-opcua-log.js";

describe("node-opcua's own warnings and errors", () => {
  afterEach(() => vi.restoreAllMocks());

  it("go through node-opcua's logger hooks to our logger, code and file named; known noise is dropped", () => {
    const hooks: { warn?: (...a: unknown[]) => void; error?: (...a: unknown[]) => void } = {};
    const log = { warn: vi.fn(), error: vi.fn() };
    routeNodeOpcuaLogs({ setWarningLogger: (f) => (hooks.warn = f), setErrorLogger: (f) => (hooks.error = f) } as Parameters<typeof routeNodeOpcuaLogs>[0], log);
    // As node-opcua-debug calls them: the caller's context, then console-style arguments.
    hooks.warn!({ filename: "base_server", callerline: 123 }, "[NODE-OPCUA-W24] the server applicationName must have a valid locale : ", "Takt");
    expect(log.warn).toHaveBeenCalledWith({ source: "node-opcua", code: "NODE-OPCUA-W24", file: "base_server" }, "[NODE-OPCUA-W24] the server applicationName must have a valid locale :  Takt");
    hooks.error!({ filename: "client_base", callerline: 9 }, "cannot connect", 42);
    expect(log.error).toHaveBeenCalledWith({ source: "node-opcua", file: "client_base" }, "cannot connect 42");
    // W27 (Node 20 refuses RSA PKCS#1 v1.5) and its second line, printed at every load: dropped.
    hooks.warn!({ filename: "verify_pcks1", callerline: 69 }, "[NODE-OPCUA-W27]", "node version", "v20.20.2");
    hooks.warn!({ filename: "verify_pcks1", callerline: 70 }, "  you need to use node flag --security-revert=CVE-2023-46809 if you have issue with RSA PKCS#1 v1.5");
    expect(log.warn).toHaveBeenCalledTimes(1);
  });

  it("a message repeated is logged 20 times at most, the last saying so", () => {
    const log = { warn: vi.fn(), error: vi.fn() };
    routeNodeOpcuaLogs({ setWarningLogger: () => undefined, setErrorLogger: () => undefined } as unknown as Parameters<typeof routeNodeOpcuaLogs>[0], log);
    for (let i = 0; i < 30; i++) logNodeOpcua("warn", { filename: "x" }, ["[NODE-OPCUA-W13] session timeout too small"]);
    expect(log.warn).toHaveBeenCalledTimes(20);
    expect(log.warn.mock.calls[19]![1]).toMatch(/no more of these are logged/);
  });

  it("names the code of a message", () => {
    expect(nodeOpcuaCode("[NODE-OPCUA-W60] Certificate chain check failed")).toBe("W60");
    expect(nodeOpcuaCode("[NODE-OPCUA-E12] x")).toBe("E12");
    expect(nodeOpcuaCode("plain")).toBeNull();
  });
});
