import { format } from "node:util";
import type * as NodeOpcua from "node-opcua";

/** Where node-opcua's own warnings and errors go (pino and fastify loggers fit). */
export interface NodeOpcuaLogger {
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

/**
 * Warnings of node-opcua that say nothing about Takt's OPC UA traffic, dropped. W27: at load,
 * node-opcua-secure-channel finds that Node 20 refuses RSA PKCS#1 v1.5 decryption
 * (CVE-2023-46809); only the Basic128Rsa15 policy uses it (see docs/devices.md), and the
 * two-line warning came on every start of an OPC UA server or client.
 */
const SILENCED_CODES = new Set(["W27"]);
const SILENCED_FILES = new Set(["verify_pcks1"]);
/** Messages of one kind logged at most this often (node-opcua's own console logger stops at 100). */
const MAX_PER_KIND = 20;

let sink: NodeOpcuaLogger | null = null;
let installed = false;
const seen = new Map<string, number>();

/** The warning or error code of a node-opcua message, e.g. `W24` of "[NODE-OPCUA-W24] …". */
export function nodeOpcuaCode(text: string): string | null {
  return /\[NODE-OPCUA-([A-Z]\d+)\]/.exec(text)?.[1] ?? null;
}

/**
 * One node-opcua message as node-opcua-debug hands it to a logger set with setWarningLogger /
 * setErrorLogger: the caller's context ({ filename, callerline }), then the console-style
 * arguments. Known noise is dropped; the rest goes to the current logger, else to stderr as one
 * line (never stdout: that is the CLI's output and the server's JSON log).
 */
export function logNodeOpcua(level: "warn" | "error", context: unknown, args: readonly unknown[]): void {
  const text = format(...args).trim();
  const file = typeof context === "object" && context !== null && "filename" in context ? String((context as { filename: unknown }).filename) : "";
  const code = nodeOpcuaCode(text);
  if ((code && SILENCED_CODES.has(code)) || SILENCED_FILES.has(file)) return;
  const kind = code ?? `${file}:${text.slice(0, 40)}`;
  const n = (seen.get(kind) ?? 0) + 1;
  seen.set(kind, n);
  if (n > MAX_PER_KIND) return;
  const msg = n === MAX_PER_KIND ? `${text} (repeated ${MAX_PER_KIND} times; no more of these are logged)` : text;
  const obj = { source: "node-opcua", ...(code ? { code: `NODE-OPCUA-${code}` } : {}), ...(file ? { file } : {}) };
  try {
    if (sink) sink[level](obj, msg);
    else process.stderr.write(`node-opcua ${level === "warn" ? "warning" : "error"}${code ? ` ${code}` : ""}: ${msg.replace(/\s*\n\s*/g, " ")}\n`);
  } catch {
    // A logger that fails must not take node-opcua down with it.
  }
}

/**
 * Routes node-opcua's warnings and errors (by default printed with console.log, i.e. on stdout)
 * through node-opcua's own hooks (setWarningLogger, setErrorLogger, re-exported from
 * node-opcua-debug) instead of console: to `log` when given (the last one given wins; the hooks
 * are process-wide), else to stderr. Known noise (SILENCED_CODES) is dropped. Call it right after
 * loading node-opcua, before creating servers or clients.
 */
export function routeNodeOpcuaLogs(ua: Pick<typeof NodeOpcua, "setWarningLogger" | "setErrorLogger">, log?: NodeOpcuaLogger): void {
  if (log) sink = log;
  if (installed) return;
  installed = true;
  ua.setWarningLogger((context?: unknown, ...args: unknown[]) => logNodeOpcua("warn", context, args));
  ua.setErrorLogger((context?: unknown, ...args: unknown[]) => logNodeOpcua("error", context, args));
}

/** Loads node-opcua (seconds: only where an OPC UA server or client runs) with its logs routed (see routeNodeOpcuaLogs). */
export async function loadNodeOpcua(log?: NodeOpcuaLogger): Promise<typeof NodeOpcua> {
  const ua = await import("node-opcua");
  routeNodeOpcuaLogs(ua, log);
  return ua;
}
