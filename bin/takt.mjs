#!/usr/bin/env node
// The `takt` command. Runs the TypeScript sources through tsx's loader, so no build step is needed.
import { register } from "tsx/esm/api";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

register();
const root = dirname(dirname(fileURLToPath(import.meta.url)));
const { main } = await import(pathToFileURL(join(root, "src/cli/main.ts")).href);
await main(process.argv);
