// Runs on `npm install` / `npm ci`: builds the web app and the CLI bundle, so `npm start` serves at once.
import { buildCliBundle } from "./build-cli.mjs";
import { buildWeb } from "./build-web.mjs";

const t0 = Date.now();
buildWeb();
await buildCliBundle();
console.log(`takt: built web/dist and dist/takt.mjs in ${Date.now() - t0} ms`);
