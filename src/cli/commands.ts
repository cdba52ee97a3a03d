import type { Command } from "commander";

/** One line per subcommand file: each exports `register(program)`. */
export function registerCommands(program: Command): void {
  void program;
}
