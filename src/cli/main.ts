import { Command } from "commander";
import { registerCommands } from "./commands.js";

/** Entry point of the `takt` command. Each subcommand lives in its own file and registers itself in commands.ts. */
export async function main(argv: string[]): Promise<void> {
  const program = new Command();
  program.name("takt").description("Takt: build-to-order manufacturing platform").showHelpAfterError();
  registerCommands(program);
  await program.parseAsync(argv);
}
