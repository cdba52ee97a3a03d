import { readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Command } from "commander";
import {
  evaluateSequence,
  lowerBounds,
  optimizeSequence,
  parseCsplib,
  parseRoadef,
  writeCsplibSequence,
  writeRoadefVehicles,
} from "../planning/index.js";
import { CadicalSolver, findCadical } from "../adapters/sat/cadical.js";

interface SequenceOpts {
  seconds: string;
  seed: string;
  out?: string;
  sat: boolean;
}

/**
 * `takt sequence INSTANCE_DIR --seconds S [--seed N] [--out FILE]`: optimizes the day of a
 * ROADEF 2005 instance folder (or a CSPLib prob001 file), prints the objective and its three
 * parts, and writes the sequence in the instance's own vehicles.txt layout. With CaDiCaL installed
 * (Debian package cadical) and no paint batch limit (CSPLib), the optimizer also asks it for
 * better sequences and proofs (optimizer.ts, sat-encoding.ts); `--no-sat` turns that off.
 */
export function register(program: Command): void {
  program
    .command("sequence")
    .description("sequence a day of units (ROADEF 2005 instance folder, or a CSPLib prob001 file) with ratio and paint-batch rules")
    .argument("<instance>", "ROADEF 2005 instance folder (optimization_objectives.txt, paint_batch_limit.txt, ratios.txt, vehicles.txt) or CSPLib file")
    .option("-s, --seconds <s>", "time limit in seconds", "10")
    .option("--seed <n>", "random seed (same seed, same search)", "1")
    .option("-o, --out <file>", "write the sequence: vehicles.txt layout for ROADEF, class ids for CSPLib")
    .option("--no-sat", "do not use the CaDiCaL SAT solver (used when installed, for days without a paint batch limit)")
    .action((dir: string, o: SequenceOpts) => {
      const seconds = Number(o.seconds);
      const seed = Number(o.seed);
      if (!(seconds > 0) || !Number.isInteger(seed)) {
        console.error("--seconds must be > 0 and --seed an integer");
        process.exit(2);
      }
      const cadical = o.sat ? findCadical() : undefined;
      const sat = cadical ? { sat: new CadicalSolver(cadical) } : {};
      try {
        if (statSync(dir).isDirectory()) {
          const read = (f: string): string => readFileSync(join(dir, f), "utf8");
          const { instance, layout } = parseRoadef(
            { objectives: read("optimization_objectives.txt"), paintBatchLimit: read("paint_batch_limit.txt"), ratios: read("ratios.txt"), vehicles: read("vehicles.txt") },
            dir,
          );
          const lb = lowerBounds(instance, { pairWork: 5e8 }); // the pair bounds may take a few seconds
          // at the lower bound nothing better exists: stop there
          const r = optimizeSequence(instance, { seconds, seed, stopAt: lb.objective, bounds: lb, ...sat });
          const e = evaluateSequence(instance, r.order);
          console.log(`instance   ${dir} (${instance.day.length} units, order ${instance.objectives.join(" > ")})`);
          console.log(`objective  ${e.objective}   (start ${r.start.objective}, lower bound ${lb.objective})`);
          console.log(`hprc       ${e.hprc}   (lower bound ${lb.hprc})`);
          console.log(`lprc       ${e.lprc}   (lower bound ${lb.lprc})`);
          console.log(`pcc        ${e.pcc}   (lower bound ${lb.pcc})`);
          console.log(`moves      ${r.moves} in ${(r.elapsedMs / 1000).toFixed(1)} s; best reached at ${(r.timeToBestMs / 1000).toFixed(2)} s`);
          if (o.out) {
            writeFileSync(o.out, writeRoadefVehicles(layout, r.order));
            console.log(`wrote      ${o.out}`);
          }
        } else {
          const all = parseCsplib(readFileSync(dir, "utf8"), dir);
          const outs: string[] = [];
          for (const ci of all) {
            const lb = lowerBounds(ci.instance);
            const r = optimizeSequence(ci.instance, { seconds: seconds / all.length, seed, stopAt: lb.objective, bounds: lb, ...sat });
            const proof = r.provenOptimal ? ", optimal: the SAT solver found none with fewer" : "";
            console.log(`${ci.instance.name}: violations ${r.value.hprc} (lower bound ${lb.hprc}${proof})`);
            outs.push(writeCsplibSequence(ci, r.order));
          }
          if (o.out) writeFileSync(o.out, outs.join(""));
        }
      } catch (err) {
        console.error(err instanceof Error ? err.message : err);
        process.exitCode = 2;
      }
    });
}
