#!/usr/bin/env node
// The `takt` command: runs dist/takt.mjs, the esbuild bundle of src/cli/main.ts, rebuilt first when a source changed.
import { pathToFileURL } from "node:url";
import { ensureCliBundle } from "../scripts/build-cli.mjs";

process.setSourceMapsEnabled(true);
const bundle = await ensureCliBundle();
const { main } = await import(pathToFileURL(bundle).href);
await main(process.argv);
