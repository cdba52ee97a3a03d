// `npm start`: builds what is missing or stale (the web app, the CLI bundle; `npm install` already
// built both through `prepare`), then runs `takt serve` on the embedded defaults (SQLite under
// ./.takt, in-process bus): no servers to set up.
import { pathToFileURL } from "node:url";
import { ensureCliBundle } from "./build-cli.mjs";
import { ensureWebBuilt } from "./build-web.mjs";

if (ensureWebBuilt()) console.log("built the web app");
const bundle = await ensureCliBundle();
process.setSourceMapsEnabled(true);
const { main } = await import(pathToFileURL(bundle).href);
await main([process.argv[0], "takt", "serve", ...process.argv.slice(2)]);
