/**
 * SatSolver adapter: the CaDiCaL SAT solver (Biere et al.; Debian package `cadical`) run as a
 * child process on the DIMACS text, with its own wall-clock limit (`-t`). Optional: the platform
 * runs without it; {@link findCadical} says whether it is installed.
 *
 * `solve` waits for the answer; `start` runs the solver beside the caller's synchronous search
 * (on another core): the question goes to a temporary file, the solver's output to another that
 * is renamed when it has finished, so `poll` needs no event loop and never blocks.
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { toDimacs, type Cnf, type SatAnswer, type SatRun, type SatSolver } from "../../planning/sat-encoding.js";

/** The CaDiCaL binary on this machine (TAKT_CADICAL, else /usr/bin/cadical), or undefined. */
export function findCadical(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const path = env["TAKT_CADICAL"] ?? "/usr/bin/cadical";
  return existsSync(path) ? path : undefined;
}

/** Reads CaDiCaL's output: status line and model ("v" lines). */
function parseOutput(out: string, variables: number, exit: number | null, stderr = ""): SatAnswer {
  if (exit === 20 || /^s UNSATISFIABLE/m.test(out)) return { status: "unsat" };
  if (exit === 10 || /^s SATISFIABLE/m.test(out)) {
    const model = new Uint8Array(variables + 1);
    for (const line of out.split("\n")) {
      if (!line.startsWith("v ")) continue;
      for (const tok of line.slice(2).trim().split(/\s+/)) {
        const l = Number(tok);
        if (l > 0 && l <= variables) model[l] = 1;
      }
    }
    return { status: "sat", model };
  }
  return { status: "unknown", reason: exit === 0 || /UNKNOWN/.test(out) ? "time limit" : `cadical exit ${String(exit)}: ${stderr.slice(0, 200)}` };
}

export class CadicalSolver implements SatSolver {
  constructor(private readonly binary: string) {}

  private args(opts: { seconds: number; expect?: "sat" | "unsat" }): string[] {
    const seconds = Math.max(1, Math.ceil(opts.seconds));
    // --sat / --unsat: CaDiCaL's option sets for finding a model or a proof (on CSPLib 10/93 at 3
    // violations: 1.1–1.2 s with --sat against 5.7–17.8 s by default, three seeds)
    return ["-q", ...(opts.expect ? [`--${opts.expect}`] : []), "-t", String(seconds)];
  }

  solve(cnf: Cnf, opts: { seconds: number; expect?: "sat" | "unsat" }): SatAnswer {
    const r = spawnSync(this.binary, this.args(opts), {
      input: toDimacs(cnf),
      encoding: "utf8",
      maxBuffer: 1 << 30,
      // the solver stops itself at its limit; this only guards against a hung process
      timeout: (Math.ceil(opts.seconds) + 30) * 1000,
    });
    if (r.error) return { status: "unknown", reason: `cadical: ${r.error.message}` };
    return parseOutput(r.stdout ?? "", cnf.variables, r.status, r.stderr ?? "");
  }

  start(cnf: Cnf, opts: { seconds: number; expect?: "sat" | "unsat" }): SatRun {
    const dir = mkdtempSync(join(tmpdir(), "takt-sat-"));
    const question = join(dir, "q.cnf");
    const answer = join(dir, "answer");
    writeFileSync(question, toDimacs(cnf));
    // the shell renames the output once the solver has exited: a complete answer or none
    const script = `"$0" "$@" "${question}" > "${answer}.part" 2>/dev/null; echo "exit $?" >> "${answer}.part"; mv "${answer}.part" "${answer}"`;
    let child: ReturnType<typeof spawn> | undefined;
    let failed: string | undefined;
    try {
      child = spawn("sh", ["-c", script, this.binary, ...this.args(opts)], { stdio: "ignore", detached: true });
      child.on("error", (e) => (failed = e.message));
      child.unref();
    } catch (e) {
      failed = e instanceof Error ? e.message : String(e);
    }
    // a run that has not answered well after its limit is given up
    const giveUp = Date.now() + (Math.ceil(opts.seconds) + 30) * 1000;
    let done: SatAnswer | undefined;
    const cleanup = (): void => rmSync(dir, { recursive: true, force: true });
    return {
      poll: (): SatAnswer | undefined => {
        if (done) return done;
        if (failed) done = { status: "unknown", reason: `cadical: ${failed}` };
        else if (existsSync(answer)) {
          const out = readFileSync(answer, "utf8");
          const exit = /^exit (\d+)$/m.exec(out);
          done = parseOutput(out, cnf.variables, exit ? Number(exit[1]) : null);
          if (done.status === "unknown" && exit && exit[1] === "127") done = { status: "unknown", reason: `cadical: cannot run ${this.binary}` };
        } else if (Date.now() > giveUp) done = { status: "unknown", reason: "cadical: no answer" };
        if (done) cleanup();
        return done;
      },
      cancel: (): void => {
        if (!done) done = { status: "unknown", reason: "cancelled" };
        if (child?.pid !== undefined) {
          try {
            process.kill(-child.pid, "SIGKILL"); // the shell and the solver (own process group)
          } catch {
            // already gone
          }
        }
        cleanup();
      },
    };
  }
}
