import type { Command } from "commander";
import { register as serve } from "./serve.js";
import { register as migrate } from "./migrate.js";
import { register as token } from "./token.js";
import { register as sequence } from "./sequence.js";
import { register as catalog } from "./catalog.js";
import { register as simulate } from "./simulate.js";
import { register as quality } from "./quality.js";

/** One line per subcommand file: each exports `register(program)`. */
export function registerCommands(program: Command): void {
  serve(program);
  migrate(program);
  token(program);
  sequence(program);
  catalog(program);
  simulate(program);
  quality(program);
}
